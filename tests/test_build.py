"""Real MkDocs + Material builds of small fixture projects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import MakeProject, audience, page
from scan import found_in, site_texts

from generator.cli import main

FILES = {
    "audiences/ops.yml": audience("Plant-floor operators", "You run the lines.", "terms:\n  assistant: the helper\n"),
    "audiences/lead.yml": audience(
        "Team leads", "You support the floor.", "includes: [ops]\nterms:\n  assistant: Assist\n"
    ),
    "audiences/mgr.yml": audience("Managers", "You decide & measure.", "terms:\n  assistant: Assist\n"),
    "content/index.md": page(
        "Welcome",
        """\
        # Welcome

        Ask {{ assistant }}. VISIBLE-ALL

        /// only | mgr
        HIDDEN-BLOCK-MGR ![chart](images/mgr-chart.svg)
        ///

        //// except | mgr
        VISIBLE-OPS-LEAD
        /// only | lead
        HIDDEN-BLOCK-LEAD-ONLY
        ///
        ////

        /// details | More
        VISIBLE-DETAILS
        ///
        """,
    ),
    "content/budget.md": page(
        "Budget HIDDEN-TITLE-MGR", "HIDDEN-PAGE-MGR\n", "audiences: [mgr]\nsummary: HIDDEN-SUMMARY-MGR"
    ),
    "content/floor/checklist.md": page(
        "Checklist", "VISIBLE-CHECKLIST ![line](../images/line.svg)\n", "audiences: [ops]"
    ),
    "content/images/mgr-chart.svg": '<svg xmlns="http://www.w3.org/2000/svg"><text>HIDDEN-ASSET-MGR</text></svg>\n',
    "content/images/line.svg": '<svg xmlns="http://www.w3.org/2000/svg"><text>line</text></svg>\n',
}

HIDDEN = {
    "ops": [
        "HIDDEN-BLOCK-MGR",
        "HIDDEN-PAGE-MGR",
        "HIDDEN-TITLE-MGR",
        "HIDDEN-SUMMARY-MGR",
        "HIDDEN-ASSET-MGR",
        "HIDDEN-BLOCK-LEAD-ONLY",
        "mgr-chart",
    ],
    "lead": ["HIDDEN-BLOCK-MGR", "HIDDEN-PAGE-MGR", "HIDDEN-TITLE-MGR", "HIDDEN-SUMMARY-MGR", "HIDDEN-ASSET-MGR"],
    "mgr": ["VISIBLE-OPS-LEAD", "HIDDEN-BLOCK-LEAD-ONLY", "VISIBLE-CHECKLIST", "line.svg"],
}
SHOWN = {
    "ops": ["VISIBLE-ALL", "VISIBLE-OPS-LEAD", "VISIBLE-DETAILS", "VISIBLE-CHECKLIST", "the helper"],
    "lead": ["VISIBLE-ALL", "VISIBLE-OPS-LEAD", "HIDDEN-BLOCK-LEAD-ONLY", "VISIBLE-CHECKLIST", "Assist"],
    "mgr": ["VISIBLE-ALL", "HIDDEN-BLOCK-MGR", "HIDDEN-PAGE-MGR", "HIDDEN-ASSET-MGR", "VISIBLE-DETAILS"],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import textwrap

    from conftest import BASE_CONFIG

    root = tmp_path_factory.mktemp("built") / "project"
    for rel, text in {"mkdocs.yml": BASE_CONFIG, **FILES}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-q"])
    assert result.exit_code == 0, result.output
    return root / "site"


@pytest.mark.parametrize("aid", ["ops", "lead", "mgr"])
def test_nothing_hidden_reaches_any_file(built: Path, aid: str) -> None:
    for needle in HIDDEN[aid]:
        assert found_in(built / aid, needle) == [], needle


@pytest.mark.parametrize("aid", ["ops", "lead", "mgr"])
def test_everything_shown_is_there(built: Path, aid: str) -> None:
    for needle in SHOWN[aid]:
        assert found_in(built / aid, needle), needle


def test_search_index_and_sitemap_are_per_audience(built: Path) -> None:
    index = json.loads((built / "ops" / "search" / "search_index.json").read_text())
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert locations == {"", "floor/checklist/"}
    sitemap = (built / "ops" / "sitemap.xml").read_text()
    assert "https://portal.example/ops/floor/checklist/" in sitemap
    assert "budget" not in sitemap


def test_site_identity_and_way_back(built: Path) -> None:
    soup = BeautifulSoup((built / "ops" / "floor" / "checklist" / "index.html").read_text(), "html.parser")
    assert soup.title is not None and "Test Portal for Plant-floor operators" in soup.title.text
    back = [a for a in soup.find_all("a") if a.get_text(strip=True) == "Choose another role"]
    assert back and back[0]["href"] == "../../../index.html"
    canonical = soup.find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == "https://portal.example/ops/floor/checklist/"


def test_no_outside_hosts(built: Path) -> None:
    for name, text in site_texts(built).items():
        if not name.endswith(".html"):
            continue
        soup = BeautifulSoup(text, "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in soup.find_all(tag):
                url = element.get(attr) or ""
                if (
                    tag == "link"
                    and "stylesheet" not in (element.get("rel") or [])
                    and "preconnect" not in (element.get("rel") or [])
                ):
                    continue
                assert not url.startswith(("http://", "https://", "//")), (name, url)


def test_role_chooser(built: Path) -> None:
    soup = BeautifulSoup((built / "index.html").read_text(), "html.parser")
    assert soup.find("main") is not None and soup.find("h1").get_text() == "Choose your role"
    links = [
        (a["href"], a.find(class_="name").get_text(), a.find(class_="description").get_text())
        for a in soup.select("nav li a")
    ]
    assert links == [
        ("lead/index.html", "Team leads", "You support the floor."),
        ("mgr/index.html", "Managers", "You decide & measure."),
        ("ops/index.html", "Plant-floor operators", "You run the lines."),
    ]
    assert soup.find("script") is None


def test_failed_build_leaves_site_byte_for_byte(make_project: MakeProject) -> None:
    root = make_project({**FILES})
    assert CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-q"]).exit_code == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    (root / "content" / "index.md").write_text(page("Welcome", "/// only | mgr\nnever closed\n"))
    result = CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-q"])
    assert result.exit_code == 1
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


def test_audience_option_rebuilds_only_those(make_project: MakeProject) -> None:
    root = make_project({**FILES})
    assert CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-q"]).exit_code == 0
    ops_before = {p: p.read_bytes() for p in (root / "site" / "ops").rglob("*") if p.is_file()}
    (root / "content" / "budget.md").write_text(page("Budget", "NEW-MGR-TEXT\n", "audiences: [mgr]"))
    assert CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-q", "--audience", "mgr"]).exit_code == 0
    assert found_in(root / "site" / "mgr", "NEW-MGR-TEXT")
    assert {p: p.read_bytes() for p in (root / "site" / "ops").rglob("*") if p.is_file()} == ops_before


def test_output_option(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({**FILES})
    out = tmp_path / "elsewhere"
    assert CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-q", "-o", str(out)]).exit_code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [".fieldguide-build.json", ".fieldguide-site", "index.html", "lead", "mgr", "ops"]


def test_language_per_audience(make_project: MakeProject) -> None:
    root = make_project(
        {
            "audiences/_defaults.yml": "lang: fr\n",
            "audiences/de.yml": audience("Deutsch", extra="lang: de\n"),
            "audiences/fr.yml": audience("Français"),
            "content/index.md": page("Start", "Hallo\n"),
        }
    )
    assert CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-q"]).exit_code == 0
    for aid in ("de", "fr"):
        soup = BeautifulSoup((root / "site" / aid / "index.html").read_text(), "html.parser")
        assert soup.html is not None and soup.html["lang"] == aid


def test_mkdocs_failure_is_reported_and_publishes_nothing(make_project: MakeProject) -> None:
    from conftest import BASE_CONFIG

    root = make_project({**FILES, "mkdocs.yml": BASE_CONFIG + "plugins:\n  - no-such-plugin\n"})
    result = CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-q", "--audience", "ops"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "mkdocs.yml:1: [ops] MkDocs could not build this audience's site: Config value 'plugins': "
        'The "no-such-plugin" plugin is not installed; Aborted with a configuration error!',
        "1 error; nothing was published.",
    ]
    assert not (root / "site").exists()


def build_ending_mgr_with(make_project: MakeProject, ending: str, jobs: str) -> tuple[Path, int, list[str]]:
    """A build whose hook ends the managers' build process with `ending` (a line of Python)."""
    from conftest import BASE_CONFIG

    hook = (
        "import os\nimport signal\n\n\ndef on_config(config):\n"
        f"    if config['site_dir'].endswith('mgr'):\n        {ending}\n"
    )
    files = {**FILES, "mkdocs.yml": BASE_CONFIG + "hooks:\n  - crash.py\n", "crash.py": hook}
    root = make_project(files)
    result = CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-q", "--jobs", jobs])
    return root, result.exit_code, result.output.splitlines()


# Advice for a process that died: fewer audiences at once, unless it was one at a time already.
RETRY = {"1": "try again with more memory free", "2": "try again with --jobs 1 (less memory at once)"}


# How a build process ended without a result, and what the message says of it.
ENDINGS = {
    # Crashed in native code, or a hook that exits: no result and no traceback, but an error all the same.
    "os._exit(9)": "it exited with code 9, without a Python error (a hook or extension that exits, or a crash)",
    # SIGKILL is what the kernel sends when memory runs out; the message says so, and what to try.
    "os.kill(os.getpid(), signal.SIGKILL)": (
        "it was stopped by SIGKILL, which is how the system stops a process when memory runs out"
    ),
}


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("ending", list(ENDINGS))
def test_a_build_process_that_ends_without_a_result_is_reported_and_publishes_nothing(
    make_project: MakeProject, ending: str, jobs: str
) -> None:
    root, code, lines = build_ending_mgr_with(make_project, ending, jobs)
    assert code == 1
    assert lines == [
        "mkdocs.yml:1: [mgr] MkDocs could not build this audience's site: the build process of this audience "
        f"ended without a result: {ENDINGS[ending]}; {RETRY[jobs]}, and report it if it happens again",
        "1 error; nothing was published.",
    ]
    assert not (root / "site").exists()


def test_mkdocs_yml_keeps_inherit_and_env(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import BASE_CONFIG

    monkeypatch.setenv("PORTAL_NAME", "Env Portal")
    root = make_project(
        {
            **FILES,
            "base.yml": BASE_CONFIG.replace("site_name: Test Portal\n", ""),
            "mkdocs.yml": "INHERIT: base.yml\nsite_name: !ENV [PORTAL_NAME, Fallback]\n",
        }
    )
    assert CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-q", "--audience", "ops"]).exit_code == 0
    soup = BeautifulSoup((root / "site" / "ops" / "index.html").read_text(), "html.parser")
    assert soup.title is not None and "Env Portal for Plant-floor operators" in soup.title.text
    assert "VISIBLE-DETAILS" in soup.get_text()  # pymdownx.blocks.details came from base.yml


def test_an_interrupt_while_the_site_is_swapped_in_says_it_was_published(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C waits while the new site is swapped in; it then stops the command, which must not claim
    that nothing was published."""
    import os
    import signal

    from generator import rebuild as rebuild_module

    root = make_project(FILES)
    swap = rebuild_module.publish

    def interrupted_while_swapping(*args: object) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # held until the swap is done
        swap(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(rebuild_module, "publish", interrupted_while_swapping)
    result = CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-q"])
    assert result.exit_code == 130
    assert result.output == "interrupted as the new site was swapped in: it was published, complete.\n"
    assert sorted(p.name for p in (root / "site").iterdir()) == [
        ".fieldguide-build.json",
        ".fieldguide-site",
        "index.html",
        "lead",
        "mgr",
        "ops",
    ]


@pytest.mark.parametrize("broken", [False, True])
def test_a_build_leaves_nothing_frozen(make_project: MakeProject, tmp_path: Path, broken: bool) -> None:
    """A build keeps what it imported out of the cycle collector's passes while it runs, and only then:
    `serve` builds again and again in one process, and nothing frozen would ever be freed."""
    import gc

    from generator.build import build
    from generator.findings import ContentError

    body = "See [the missing page](missing.md).\n" if broken else "Hello.\n"
    root = make_project({"audiences/ops.yml": audience("Operators"), "content/index.md": page("Home", body)})
    assert gc.get_freeze_count() == 0
    frozen_during: list[int] = []
    try:
        build(
            root, tmp_path / "out", None, with_pdf=False, on_done=lambda _: frozen_during.append(gc.get_freeze_count())
        )
    except ContentError:
        assert broken
    else:
        assert not broken and frozen_during and frozen_during[0] > 0
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()  # paused while the pages were read (rebuild.py), and on again
