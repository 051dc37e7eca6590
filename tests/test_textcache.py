"""Cache by text (generator/textcache.py): a warm cache changes no output and no finding, fails closed.

Block readings, check's page rules and the output checks' verdicts on clean files are kept between
runs. Each test here gives the cache a folder of its own, so it starts cold.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import pytest
from click.testing import CliRunner
from conftest import MakeProject, audience, page

from generator.cli import main
from generator.compile import compile_project
from generator.manifest import tree_digest
from generator.site.compiled_templates import keep_compiled_templates
from generator.verify.run import verify_output

FILES = {
    "audiences/ops.yml": audience("Operators", extra="terms:\n  helper: the helper\navoid:\n  LLM: the helper\n"),
    "audiences/mgr.yml": audience("Managers", extra="terms:\n  helper: the assistant\n"),
    "content/index.md": page("Home", "Ask {{ helper }} first. See [here](help.md).\n"),
    "content/help.md": page(
        "Help",
        "Check what {{ helper }} says before you act on it.\n\n"
        "/// only | mgr\nThe budget review meets every Tuesday morning.\n///\n",
    ),
}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("FIELDGUIDE_CACHE", str(folder))
    return folder


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_warm_cache_changes_no_output_and_no_finding(make_project: MakeProject, tmp_path: Path, cache: Path) -> None:
    root = make_project(FILES)
    cold = run("build", str(root), "-o", str(tmp_path / "cold"), "--no-pdf", "--force")
    assert cold[0] == 0, cold[1]
    assert sorted(p.name.rsplit("-", 1)[0] for p in cache.iterdir()) == [
        "block-roles",
        "block-structure",
        "page-checks",
        "page-facts",
        "templates",
        "verified",
    ]
    cold_check = run("check", str(root), "--format", "json")
    warm = run("build", str(root), "-o", str(tmp_path / "warm"), "--no-pdf", "--force")
    assert warm[0] == 0, warm[1]
    assert json.loads(cold_check[1])["counts"]["warning"] == 6  # no owner, vague link text
    assert "6 plain-language warnings (not errors)" in cold[1] and "6 plain-language warnings (not errors)" in warm[1]
    assert tree(tmp_path / "cold") == tree(tmp_path / "warm")
    assert run("check", str(root), "--format", "json") == cold_check


def test_a_damaged_cache_is_ignored(make_project: MakeProject, tmp_path: Path, cache: Path) -> None:
    root = make_project(FILES)
    assert run("build", str(root), "-o", str(tmp_path / "first"), "--no-pdf")[0] == 0
    tables = list(cache.glob("*.json"))
    templates = list(cache.glob("templates-*/*"))
    assert len(tables) == 5 and len(templates) > 20
    for file in templates:  # cut short, as a crash while writing would (Jinja writes beside and renames)
        file.write_bytes(file.read_bytes()[:40])
    for file in tables:
        table = json.loads(file.read_text(encoding="utf-8"))
        file.write_text(json.dumps({key: {"issues": [[1, 2]], "7": 3} for key in table}), encoding="utf-8")
    assert run("build", str(root), "-o", str(tmp_path / "second"), "--no-pdf", "--force")[0] == 0
    assert tree(tmp_path / "first") == tree(tmp_path / "second")
    for file in [*tables, *templates]:
        file.write_text("{not json", encoding="utf-8")
    assert run("build", str(root), "-o", str(tmp_path / "third"), "--no-pdf", "--force")[0] == 0
    assert tree(tmp_path / "first") == tree(tmp_path / "third")


def test_a_title_taken_from_the_heading_is_kept_between_runs(
    make_project: MakeProject, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {**FILES, "content/faq.md": "# Questions *often* asked\n\nAsk {{ helper }} first.\n"}
    root = make_project(files)
    assert run("build", str(root), "-o", str(tmp_path / "cold"), "--no-pdf", "--force")[0] == 0
    (facts,) = cache.glob("page-facts-*.json")
    titles = [entry for entry in json.loads(facts.read_text(encoding="utf-8")).values() if set(entry) == {"title"}]
    assert titles == [{"title": "Questions often asked"}]
    # Warm, the title and every other fact come from the cache: the converter is not asked again.
    from generator.rendered import Renderer

    def not_asked(self: Renderer) -> None:
        raise AssertionError("rendered again")

    with monkeypatch.context() as patched:
        patched.setattr(Renderer, "_title_text", not_asked)
        warm = run("build", str(root), "-o", str(tmp_path / "warm"), "--no-pdf", "--force")
    assert warm[0] == 0, warm[1]
    assert tree(tmp_path / "cold") == tree(tmp_path / "warm")
    # A title kept in another shape is not used: the page's heading is rendered again.
    table = json.loads(facts.read_text(encoding="utf-8"))
    facts.write_text(json.dumps({k: {"title": 5} if set(v) == {"title"} else v for k, v in table.items()}), "utf-8")
    assert run("build", str(root), "-o", str(tmp_path / "again"), "--no-pdf", "--force")[0] == 0
    assert tree(tmp_path / "cold") == tree(tmp_path / "again")
    assert "Questions often asked" in (tmp_path / "again" / "ops" / "faq" / "index.html").read_text(encoding="utf-8")


def test_a_pages_block_structure_is_kept_between_runs_only_when_it_had_no_error(
    make_project: MakeProject, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {**FILES, "content/open.md": page("Open", "/// only | ops\nNever closed.\n")}
    root = make_project(files)
    expected = "content/open.md:4: the '/// only | ops' block is never closed; end it with a line '///'"
    code, output = run("build", str(root), "-o", str(tmp_path / "site"), "--no-pdf")
    assert code == 1 and expected in output
    (table,) = cache.glob("block-structure-*.json")
    entries = json.loads(table.read_text(encoding="utf-8"))
    # index.md and help.md, not open.md: help.md's block line is kept with its audience ids.
    assert sorted(entries.values()) == [["t", {}], ["ttotx", {"2": ["only", ["mgr"]]}]]
    from generator import blocks

    read = []
    monkeypatch.setattr(blocks, "scan_lines", lambda lines, scan=blocks.scan_lines: read.append(1) or scan(lines))
    code, output = run("build", str(root), "-o", str(tmp_path / "site"), "--no-pdf")
    assert code == 1 and expected in output
    assert len(read) == 1  # the page with the error, read again; the clean ones came from the cache
    (root / "content/open.md").write_text(page("Open", "/// only | ops\nNow closed.\n///\n"), encoding="utf-8")
    assert run("build", str(root), "-o", str(tmp_path / "cold"), "--no-pdf", "--force")[0] == 0
    assert len(read) == 2
    # An entry in any other shape is not used: the page is read again, and the output is the same.
    entries = json.loads(table.read_text(encoding="utf-8"))
    shapes = [["ttotx", {}], ["ttotx", {"2": ["everyone", ["mgr"]]}], ["ttotx", {"2": ["only", "mgr"]}], ["tttttt", {}]]
    for n, shape in enumerate(shapes):
        # A copy of the cache, each page's entry in the wrong shape: another folder, so it is read afresh.
        damaged = tmp_path / f"damaged-{n}"
        shutil.copytree(cache, damaged)
        (damaged / table.name).write_text(json.dumps(dict.fromkeys(entries, shape)), encoding="utf-8")
        monkeypatch.setenv("FIELDGUIDE_CACHE", str(damaged))
        assert run("build", str(root), "-o", str(tmp_path / "again"), "--no-pdf", "--force")[0] == 0
        assert tree(tmp_path / "cold") == tree(tmp_path / "again")
    assert len(read) == 2 + 3 * len(shapes)


def test_an_error_is_found_again_on_every_run(make_project: MakeProject, tmp_path: Path, cache: Path) -> None:
    root = make_project({**FILES, "content/ai.md": page("AI", "This uses an LLM.\n")})
    expected = "content/ai.md:4: [ops] 'LLM' is a word to avoid for this audience; write 'the helper' instead"
    for _ in range(2):
        code, output = run("build", str(root), "-o", str(tmp_path / "site"), "--no-pdf")
        assert code == 1 and expected in output


def test_a_file_judged_clean_is_judged_again_under_other_rules(
    make_project: MakeProject, tmp_path: Path, cache: Path
) -> None:
    """Verdicts are kept by a file's bytes and by what must not be in it: the same bytes, new hidden text."""
    shown = page("Help", "Check what {{ helper }} says.\n\nThe budget review meets every Tuesday morning.\n")
    root = make_project({**FILES, "content/help.md": shown})
    out = tmp_path / "site"
    assert run("build", str(root), "-o", str(out), "--no-pdf")[0] == 0
    # Now the sentence is for managers only; the operators' published page still holds it, byte for byte.
    (root / "content" / "help.md").write_text(FILES["content/help.md"], encoding="utf-8")
    compiled = compile_project(root)
    ops = next(e for e in compiled.editions if e.audience.id == "ops")
    findings = [str(f) for f in verify_output(compiled.project, ops, str(out / "ops"), "site")]
    assert findings == [
        'content/help.md:7: [ops] hidden text found in site/ops/help/index.html: "The budget review meets every '
        "Tuesday...\"; nothing was published: write the block's opening and closing lines on their own, outside "
        "lists, quotes and indented code, or report this as a Fieldguide bug if they are"
    ]


def test_off_writes_no_cache(make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDGUIDE_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    root = make_project(FILES)
    assert run("build", str(root), "-o", str(tmp_path / "site"), "--no-pdf")[0] == 0
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def test_the_output_checks_hand_their_digests_to_the_manifest(make_project: MakeProject, tmp_path: Path) -> None:
    """Each output file is read once: the digests the checks took give the same tree digest as reading again."""
    root = make_project(FILES)
    out = tmp_path / "site"
    assert run("build", str(root), "-o", str(out), "--no-pdf")[0] == 0
    compiled = compile_project(root)
    ops = next(e for e in compiled.editions if e.audience.id == "ops")
    digests: dict[str, bytes] = {}
    assert verify_output(compiled.project, ops, str(out / "ops"), "site", digests) == []
    assert {"index.html", "help/index.html", "feedback/no/help/index.html"} <= set(digests)
    assert tree_digest(out / "ops", digests) == tree_digest(out / "ops")
    assert tree_digest(out / "ops", {**digests, "index.html": bytes(32)}) != tree_digest(out / "ops")


def test_a_cache_that_cannot_be_written_leaves_no_half_file(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk while saving: the run goes on without the cache, and no temporary file is left behind."""
    from generator import textcache

    class Full:
        """The temporary file, created; writing to it fails."""

        def __init__(self, file: Any) -> None:
            self.file, self.name = file, file.name

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *_: object) -> None:
            self.file.close()

        def write(self, _: str) -> None:
            raise OSError(28, "No space left on device")

    real = textcache.tempfile.NamedTemporaryFile
    table = textcache.TextCache("test-table")
    assert table.get("key") is None
    table.put("key", 1)
    monkeypatch.setattr(textcache.tempfile, "NamedTemporaryFile", lambda *a, **k: Full(real(*a, **k)))
    table.save()
    assert cache.is_dir() and list(cache.iterdir()) == []


class _Theme:
    """What keep_compiled_templates needs of an MkDocs theme: a get_env that makes a fresh environment."""

    def __init__(self, folder: Path, **settings: Any) -> None:
        self.folder, self.settings = folder, settings

    def get_env(self) -> jinja2.Environment:
        return jinja2.Environment(loader=jinja2.FileSystemLoader(str(self.folder)), **self.settings)


def render(theme: _Theme, passing: Path = Path("/a-build-folder")) -> str:
    keep_compiled_templates(theme, str(passing))
    return theme.get_env().get_template("page.html").render(name="<b>")


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("Hello {{ name }}", encoding="utf-8")
    return folder


def test_a_compiled_template_is_used_only_for_the_same_source_and_settings(templates: Path, cache: Path) -> None:
    assert render(_Theme(templates)) == "Hello <b>"
    (kept,) = cache.glob("templates-*/*")
    assert render(_Theme(templates)) == "Hello <b>"  # loaded from the cache
    assert render(_Theme(templates, autoescape=True)) == "Hello &lt;b&gt;"  # other settings: compiled again
    (templates / "page.html").write_text("Goodbye {{ name }}", encoding="utf-8")
    assert render(_Theme(templates)) == "Goodbye <b>"  # another source: compiled again
    kept.write_bytes(kept.read_bytes()[:12])  # damaged
    assert render(_Theme(templates)) == "Goodbye <b>"
    assert len(list(cache.glob("templates-*/*"))) == 2


def test_a_template_cache_that_cannot_be_written_is_not_used(
    templates: Path, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jinja2.bccache.tempfile, "NamedTemporaryFile", full)
    assert render(_Theme(templates)) == "Hello <b>"
    assert list(cache.glob("templates-*/*")) == []
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("FIELDGUIDE_CACHE", str(blocked / "cache"))
    assert render(_Theme(templates)) == "Hello <b>"
    monkeypatch.setenv("FIELDGUIDE_CACHE", "off")
    assert render(_Theme(templates)) == "Hello <b>"


def test_templates_in_the_builds_own_folder_are_not_kept(templates: Path, cache: Path) -> None:
    """Its name changes with every build, and is part of the key: keeping them would only fill the cache."""
    assert render(_Theme(templates), passing=templates) == "Hello <b>"
    assert render(_Theme(templates), passing=templates) == "Hello <b>"
    assert list(cache.glob("templates-*/*")) == []


def test_rebuilding_adds_nothing_to_the_template_cache(make_project: MakeProject, tmp_path: Path, cache: Path) -> None:
    root = make_project(FILES)
    kept = []
    for _ in range(2):
        assert run("build", str(root), "-o", str(tmp_path / "site"), "--no-pdf", "--force")[0] == 0
        kept.append(sorted(p.name for p in cache.glob("templates-*/*")))
    assert kept[0] and kept[0] == kept[1]


def _aged(path: Path, days: float) -> Path:
    when = time.time() - days * 24 * 3600
    os.utime(path, (when, when))
    return path


def test_another_versions_compiled_templates_are_kept_a_while(
    templates: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two checkouts or branches in turn keep each other's; beyond the newest three, or a week unused, they go."""
    from generator import incremental

    assert render(_Theme(templates)) == "Hello <b>"
    (first,) = cache.glob("templates-*")
    _aged(first, 1)
    monkeypatch.setattr(incremental, "tool_fingerprint", lambda: "version b")
    assert render(_Theme(templates)) == "Hello <b>"
    assert first.is_dir()  # the other version starts warm when it runs again
    for name, days in (("c", 2), ("d", 3), ("old", 8)):
        _aged(_mkdir(cache / f"templates-version {name}"), days)
    monkeypatch.setattr(incremental, "tool_fingerprint", lambda: "version e")
    assert render(_Theme(templates)) == "Hello <b>"
    kept = {p.name for p in cache.glob("templates-*")}
    assert kept == {"templates-version b", "templates-version c", "templates-version e", first.name}


def _mkdir(folder: Path) -> Path:
    folder.mkdir(parents=True)
    return folder


def test_another_versions_tables_are_kept_a_while(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import incremental, textcache

    cache.mkdir()
    ages = {"a": 1, "b": 2, "c": 3, "d": 4, "old": 8}
    for name, days in ages.items():
        (cache / f"table-version {name}.json").write_text("{}", encoding="utf-8")
        _aged(cache / f"table-version {name}.json", days)
    monkeypatch.setattr(incremental, "tool_fingerprint", lambda: "version now")
    table = textcache.TextCache("table")
    assert table.get("key") is None
    table.put("key", 1)
    table.save()
    kept = sorted(p.name for p in cache.glob("table-*.json"))
    assert kept == ["table-version a.json", "table-version b.json", "table-version c.json", "table-version now.json"]


def test_a_table_keeps_its_newest_entries_within_its_bounds(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every build reads a whole table: beyond MAX_ENTRIES or MAX_BYTES the entries least recently written or
    found go first, so a project's own entries outlast those of pages long since changed."""
    from generator import textcache

    table = textcache.TextCache("bounded")
    assert table.get("k0") is None  # loaded: a table is saved only where it was read from
    for n in range(6):
        table.put(f"k{n}", "x" * 90)
    table.save()
    (file,) = cache.glob("bounded-*.json")
    assert list(json.loads(file.read_text(encoding="utf-8"))) == [f"k{n}" for n in range(6)]
    monkeypatch.setattr(textcache, "MAX_BYTES", 400)  # room for three entries of about 100 bytes
    again = textcache.TextCache("bounded")
    assert again.get("k1") == "x" * 90  # found, so kept the longest
    again.put("k6", "y" * 90)
    again.save()
    assert list(json.loads(file.read_text(encoding="utf-8"))) == ["k5", "k1", "k6"]
    assert len(file.read_bytes()) <= 400
    monkeypatch.setattr(textcache, "MAX_ENTRIES", 2)
    again.put("k7", "z")
    again.save()
    assert list(json.loads(file.read_text(encoding="utf-8"))) == ["k6", "k7"]
    assert again.get("k6") == "y" * 90 and again.get("k5") is None  # the process reads what it wrote


def test_entries_found_near_the_oldest_end_are_kept_even_by_a_run_that_learnt_nothing(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project built but not edited writes nothing new; its entries must still outlast other projects'."""
    from generator import textcache

    table = textcache.TextCache("kept")
    assert table.get("k0") is None
    for n in range(8):
        table.put(f"k{n}", "x" * 90)
    table.save()
    (file,) = cache.glob("kept-*.json")
    written = file.read_text(encoding="utf-8")
    monkeypatch.setattr(textcache, "MAX_ENTRIES", 100)  # far from full: a run of hits writes nothing
    quiet = textcache.TextCache("kept")
    assert quiet.get("k0") == "x" * 90
    quiet.save()
    assert file.read_text(encoding="utf-8") == written
    monkeypatch.setattr(textcache, "MAX_ENTRIES", 10)  # three quarters full: k0 and k1 are the oldest quarter
    found = textcache.TextCache("kept")
    assert found.get("k0") == "x" * 90 and found.get("k5") == "x" * 90
    found.save()
    assert list(json.loads(file.read_text(encoding="utf-8"))) == ["k1", "k2", "k3", "k4", "k6", "k7", "k0", "k5"]
    found_late = textcache.TextCache("kept")
    assert found_late.get("k6") == "x" * 90  # not among the oldest: nothing is written
    before = file.read_text(encoding="utf-8")
    found_late.save()
    assert file.read_text(encoding="utf-8") == before
