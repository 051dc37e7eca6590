""" "Did this help?": two plain links on every page, to static answer pages of the same site."""

from __future__ import annotations

import os
import posixpath
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import BASE_CONFIG, MakeProject, audience, page

from generator.cli import main
from generator.compile import compile_project
from generator.feedback import write_feedback_pages

FILES = {
    "audiences/ops.yml": audience("Operators"),
    "content/index.md": page("Home", "Welcome.\n"),
    "content/steps/check.md": page("Check it", "Check every number.\n", "owner: lnd@example.org"),
}


def build(root: Path) -> Path:
    result = CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-q"])
    assert result.exit_code == 0, result.output
    return root / "site" / "ops"


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_page_links_both_answers_and_each_answer_page_leads_back(
    make_project: MakeProject, directory_urls: bool
) -> None:
    config = BASE_CONFIG + ("" if directory_urls else "use_directory_urls: false\n")
    site = build(make_project({**FILES, "mkdocs.yml": config}))
    pages = ["index.html", "steps/check/index.html" if directory_urls else "steps/check.html"]
    for rel in pages:
        soup = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
        nav = soup.select_one("nav.fg-feedback")
        assert nav is not None and nav.get_text(" ", strip=True) == "Did this help? Yes / No"
        for link in nav.find_all("a"):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), link["href"]))
            answer = site / target / "index.html" if not target.endswith(".html") else site / target
            assert answer.is_file(), target
            back = BeautifulSoup(answer.read_text(encoding="utf-8"), "html.parser").select_one("a.back")
            assert back is not None
            resolved = posixpath.normpath(
                posixpath.join(posixpath.dirname(str(answer.relative_to(site))), back["href"])
            )
            assert resolved == posixpath.normpath(posixpath.dirname(rel) if directory_urls else rel)
    assert "feedback" not in (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "feedback" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_the_no_page_offers_mail_to_the_owner_naming_the_page(make_project: MakeProject) -> None:
    site = build(make_project(FILES))
    soup = BeautifulSoup((site / "feedback/no/steps/check/index.html").read_text(encoding="utf-8"), "html.parser")
    mail = soup.select_one('a[href^="mailto:"]')
    assert mail is not None
    assert mail["href"] == (
        "mailto:lnd@example.org?subject=Fieldguide%3A%20%22Check%20it%22%20did%20not%20help%20%28Operators%29"
    )
    assert soup.find("script") is None
    home = BeautifulSoup((site / "feedback/no/index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one('a[href^="mailto:"]') is None  # the home page has no owner


def test_feedback_false_turns_it_off(make_project: MakeProject) -> None:
    config = BASE_CONFIG + "extra:\n  fieldguide:\n    feedback: false\n"
    site = build(make_project({**FILES, "mkdocs.yml": config}))
    assert "fg-feedback" not in (site / "index.html").read_text(encoding="utf-8")
    assert not (site / "feedback").exists()


def test_a_site_with_its_own_feedback_folder_gets_the_answer_pages_too(make_project: MakeProject) -> None:
    files = {**FILES, "mkdocs.yml": BASE_CONFIG, "content/feedback/about.md": page("About feedback", "We read it.\n")}
    site = build(make_project(files))
    assert "We read it." in (site / "feedback/about/index.html").read_text(encoding="utf-8")
    assert "Check it" in (site / "feedback/no/steps/check/index.html").read_text(encoding="utf-8")
    assert (site / "feedback/yes/feedback/about/index.html").is_file()


TWO_AUDIENCES = {**FILES, "mkdocs.yml": BASE_CONFIG, "audiences/mgr.yml": audience("Managers")}


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_with_several_audiences_the_answer_pages_are_written_beside_and_moved_in(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """Each audience's process builds while this one writes its answer pages; they are moved in, merged
    with the project's own feedback/ pages, and nothing is left beside the site."""
    root = make_project({**TWO_AUDIENCES, "content/feedback/about.md": page("About feedback", "We read it.\n")})
    site = build(root)
    for aid in ("ops", "mgr"):
        built = site.parent / aid
        assert "We read it." in (built / "feedback/about/index.html").read_text(encoding="utf-8")
        assert "Check it" in (built / "feedback/no/steps/check/index.html").read_text(encoding="utf-8")
        assert (built / "feedback/yes/feedback/about/index.html").is_file()
    assert sorted(p.name for p in site.parent.iterdir()) == [
        ".fieldguide-build.json",
        ".fieldguide-site",
        "index.html",
        "mgr",
        "ops",
    ]
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == []


def test_answer_pages_this_process_fails_to_write_are_written_by_the_audiences_process(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(TWO_AUDIENCES)
    expected = files_of(build(root).parent)
    shutil.rmtree(root / "site")  # nothing published to keep: this process has to write them
    from generator import processes

    written = []

    def half_then_full_disk(project: object, edition: object, folder: Path, *_: object) -> int:
        written.append(folder)
        (folder / "feedback" / "yes").mkdir(parents=True)
        (folder / "feedback" / "yes" / "index.html").write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(processes, "write_feedback_pages", half_then_full_disk)
    result = CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-q", "--force"])
    assert result.exit_code == 0, result.output
    assert len(written) == 2  # once for each audience, by this process
    assert files_of(root / "site") == expected


def test_answer_pages_already_published_byte_for_byte_are_linked_not_written(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """No new file for the file system to find room for; a page that changed is written anew, the
    published one left as it was, and a symbolic link in the published site is never followed."""
    root = make_project(FILES)
    published = build(root)
    compiled = compile_project(root)
    check = "feedback/no/steps/check/index.html"
    before = (published / check).read_bytes()
    outside = tmp_path / "outside.html"  # the very bytes, but reached through a symbolic link
    (published / "feedback/yes/index.html").rename(outside)
    (published / "feedback/yes/index.html").symlink_to(outside)
    (root / "content/steps/check.md").write_text(page("Check it twice", "Check every number.\n"), encoding="utf-8")
    changed = compile_project(root).editions[0]
    new = tmp_path / "new"
    assert write_feedback_pages(compiled.project, changed, new, published=published) == 4
    assert (new / "feedback/no/index.html").stat().st_ino == (published / "feedback/no/index.html").stat().st_ino
    assert not (new / "feedback/yes/index.html").is_symlink()
    assert (new / check).stat().st_ino != (published / check).stat().st_ino
    assert b"Check it twice" in (new / check).read_bytes()
    assert (published / check).read_bytes() == before


def test_a_published_page_replaced_between_reading_and_linking_is_not_linked(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the file whose bytes were read is linked: if the path holds another by then, the page is written."""
    import os

    root = make_project(FILES)
    published = build(root)
    compiled = compile_project(root)
    link = os.link
    swapped = []

    def swap_then_link(source: Path, target: Path, **options: bool) -> None:
        """Another file with the same bytes, put in place just before the link is made."""
        other = tmp_path / f"other-{len(swapped)}"
        other.write_bytes(Path(source).read_bytes())
        other.replace(source)
        swapped.append(Path(source).stat().st_ino)
        link(source, target, **options)

    monkeypatch.setattr(os, "link", swap_then_link)
    new = tmp_path / "new"
    assert write_feedback_pages(compiled.project, compiled.editions[0], new, published=published) == 4
    assert len(swapped) == 4
    for path in sorted(new.rglob("index.html")):
        assert path.stat().st_nlink == 1 and path.stat().st_ino not in swapped
        assert path.read_bytes() == (published / path.relative_to(new)).read_bytes()


def identities(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("audiences", [("ops", "mgr"), ("ops",)], ids=["each-in-its-process", "in-process"])
def test_answer_pages_published_as_they_are_keep_their_files_and_folders(
    make_project: MakeProject, audiences: tuple[str, ...]
) -> None:
    """Rendered again and compared byte for byte, then moved into the new site instead of made again."""
    files = TWO_AUDIENCES if len(audiences) == 2 else {**FILES, "mkdocs.yml": BASE_CONFIG}
    root = make_project({**files, "content/more.md": page("More", "More to read.\n")})
    site = build(root).parent
    before = {aid: identities(site / aid / "feedback") for aid in audiences}
    (root / "content/more.md").write_text(page("More", "Something new to read.\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-q", "--force"])
    assert result.exit_code == 0, result.output
    assert "Something new to read." in (site / "ops/more/index.html").read_text(encoding="utf-8")
    for aid in audiences:
        assert identities(site / aid / "feedback") == before[aid]
        assert (site / aid / "feedback/no/steps/check/index.html").is_file()
    assert sorted(p.name for p in site.parent.iterdir() if p.name.startswith(".")) == []
    again = CliRunner().invoke(main, ["build", str(root), "--no-pdf"])
    assert "Nothing changed since the last build" in again.output  # the manifest's digest holds them


def test_answer_pages_change_with_the_page_they_answer(make_project: MakeProject) -> None:
    root = make_project(TWO_AUDIENCES)
    site = build(root).parent
    (root / "content/steps/check.md").write_text(page("Check it twice", "Check every number.\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-q", "--force"])
    assert result.exit_code == 0, result.output
    assert "Check it twice" in (site / "ops/feedback/no/steps/check/index.html").read_text(encoding="utf-8")


def test_a_site_with_its_own_feedback_pages_gets_the_answer_pages_on_every_build(make_project: MakeProject) -> None:
    root = make_project({**TWO_AUDIENCES, "content/feedback/about.md": page("About feedback", "We read it.\n")})
    expected = files_of(build(root).parent)
    result = CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-q", "--force"])
    assert result.exit_code == 0, result.output
    after = files_of(root / "site")
    assert sorted(after) == sorted(expected)
    assert [
        rel for rel in after if rel.startswith(("ops/feedback", "mgr/feedback")) and after[rel] != expected[rel]
    ] == []


@pytest.mark.parametrize("in_process", [False, True], ids=["each-in-its-process", "in-process"])
def test_published_answer_pages_that_changed_after_they_were_compared_fail_the_build(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, in_process: bool
) -> None:
    """Fail closed: the folder is moved in only while it is as it was when its files were compared."""
    from generator import processes, worker

    comparer = worker if in_process else processes
    root = make_project({**FILES, "mkdocs.yml": BASE_CONFIG} if in_process else TWO_AUDIENCES)
    site = build(root).parent
    published = files_of(site)
    compare = comparer.kept_answers

    def compared_then_touched(folder: Path, pages: list[tuple[str, bytes]]) -> object:
        listing = compare(folder, pages)
        os.utime(folder / "feedback/yes/index.html")  # the same bytes, a new time: a change all the same
        return listing

    monkeypatch.setattr(comparer, "kept_answers", compared_then_touched)
    result = CliRunner().invoke(main, ["build", str(root), "--no-pdf", "--force"])
    assert result.exit_code == 1, result.output
    changed = (
        'the "Did this help?" pages published here changed while this build ran, after it had compared them '
        "with its own (something else wrote to the output folder); nothing was published: build again"
    )
    expected = [f"site/ops/feedback:1: {changed}", "1 error; nothing was published."]
    if not in_process:
        expected = [
            f"site/mgr/feedback:1: {changed}",
            f"site/ops/feedback:1: {changed}",
            "2 errors; nothing was published.",
        ]
    assert result.output.splitlines()[-len(expected) :] == expected
    assert files_of(site) == published
    assert sorted(p.name for p in site.parent.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize(
    "change",
    ["extra file", "symlink", "other bytes", "private file", "private folder", "linked audience folder", "none"],
)
def test_only_a_published_folder_holding_exactly_the_answer_pages_is_kept(
    make_project: MakeProject, tmp_path: Path, change: str
) -> None:
    from generator.feedback import answer_pages, kept_answers

    root = make_project(FILES)
    published = build(root)
    compiled = compile_project(root)
    pages = answer_pages(compiled.project, compiled.editions[0])
    one = published / "feedback/yes/index.html"
    if change == "extra file":
        (published / "feedback/notes.txt").write_text("left here", encoding="utf-8")
    elif change == "symlink":
        one.rename(tmp_path / "outside.html")  # the very bytes, but reached through a symbolic link
        one.symlink_to(tmp_path / "outside.html")
    elif change == "other bytes":
        one.write_bytes(one.read_bytes().replace(b"Home", b"Hxme"))
    elif change == "private file":  # a fresh build would write it readable by the web server
        one.chmod(0o600)
    elif change == "private folder":
        (published / "feedback/no/steps").chmod(0o700)
    elif change == "linked audience folder":
        published.rename(tmp_path / "elsewhere")
        published.symlink_to(tmp_path / "elsewhere")
    listing = kept_answers(published, pages)
    if change != "none":
        assert listing is None
    else:
        assert listing is not None
        assert sorted(listing) == sorted(
            {
                "feedback",
                "feedback/yes",
                "feedback/no",
                "feedback/yes/steps",
                "feedback/no/steps",
                "feedback/yes/steps/check",
                "feedback/no/steps/check",
                *(rel for rel, _ in pages),
            }
        )


def test_a_published_answer_page_made_private_is_written_anew_not_linked(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project(FILES)
    published = build(root)
    compiled = compile_project(root)
    (published / "feedback/no/index.html").chmod(0o600)
    new = tmp_path / "new"
    assert write_feedback_pages(compiled.project, compiled.editions[0], new, published=published) == 4
    written = (new / "feedback/no/index.html").stat()
    assert written.st_ino != (published / "feedback/no/index.html").stat().st_ino
    assert written.st_mode & 0o777 == 0o666 & ~_umask()
    assert (new / "feedback/yes/index.html").stat().st_ino == (published / "feedback/yes/index.html").stat().st_ino


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("audiences", [("ops", "mgr"), ("ops",)], ids=["each-in-its-process", "in-process"])
def test_a_named_pipe_among_the_published_answer_pages_is_replaced_without_waiting_on_it(
    make_project: MakeProject, audiences: tuple[str, ...]
) -> None:
    """Opening a pipe to read it would wait until something wrote to it: the build would never end."""
    import subprocess
    import sys

    root = make_project(TWO_AUDIENCES if len(audiences) == 2 else {**FILES, "mkdocs.yml": BASE_CONFIG})
    site = build(root)
    pipe = site / "feedback/yes/index.html"
    expected = pipe.read_bytes()
    pipe.unlink()
    os.mkfifo(pipe)
    command = [sys.executable, "-m", "generator", "build", str(root), "--no-pdf", "-q", "--force"]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert pipe.is_file() and pipe.read_bytes() == expected
