"""The isolation check on the output (generator/verify): real builds, a planted leak, exact messages."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BASE_CONFIG, MakeProject, audience, page

from generator.cli import main
from generator.model import Line
from generator.verify.hidden import fragments
from generator.verify.matcher import Haystack
from generator.verify.normalize import html_words, pdf_variants, words
from generator.verify.structure import Cond, enclosing

SECRET_PAGE = page(
    "Plans",
    """
    Everyone reads this part of the plan.

    /// only | mgr
    Managers only: the budget is 4,000 for the third quarter.
    ///

    The rest is for everyone again.
    """,
)
# Deliberately broken reading: the page's original source, hidden blocks and all, appended to it.
LEAK_HOOK = """\
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def on_page_markdown(markdown, page, config, files):
    return markdown + "\\n\\n" + (ROOT / "content" / page.file.src_uri).read_text()
"""


def project_files(**extra: str) -> dict[str, str]:
    return {
        "audiences/ops.yml": audience("Operators"),
        "audiences/mgr.yml": audience("Managers"),
        "content/index.md": page("Home", "Welcome to the portal.\n"),
        "content/a.md": SECRET_PAGE,
        **extra,
    }


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(folder.rglob("*")):
        digest.update(file.relative_to(folder).as_posix().encode())
        if file.is_file():
            digest.update(file.read_bytes())
    return digest.hexdigest()


def build(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(root), "-q", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["checked-by-the-main-process", "checked-in-each-process"])
@pytest.mark.parametrize("pdf", [False, True], ids=["no-pdf", "pdf"])
def test_planted_leak_is_caught_and_nothing_is_published(make_project: MakeProject, pdf: bool, jobs: str) -> None:
    """With fewer jobs than cores the main process runs the output checks on each written site; else its own process."""
    root = make_project(project_files())
    flags = ["--jobs", jobs] + ([] if pdf else ["--no-pdf"])
    assert build(root, *flags)[0] == 0
    before = tree_digest(root / "site")
    (root / "hooks").mkdir()
    (root / "hooks" / "leak.py").write_text(LEAK_HOOK)
    (root / "mkdocs.yml").write_text(BASE_CONFIG + "hooks:\n  - hooks/leak.py\n")
    code, output = build(root, *flags)
    assert code == 1
    assert output.splitlines() == [
        "content/a.md:8: [ops] hidden text found in site/ops/a/index.html: "
        '"Managers only: the budget is 4,000 for..."; '
        "nothing was published: write the block's opening and closing lines on their own, outside lists, quotes "
        "and indented code, or report this as a Fieldguide bug if they are",
        "1 error; nothing was published.",
    ]
    assert tree_digest(root / "site") == before
    assert not list(root.glob(".site.building-*"))


def test_leak_into_search_index_only_is_caught(make_project: MakeProject) -> None:
    hook = LEAK_HOOK.replace(
        "on_page_markdown(markdown, page, config, files)", "on_page_context(context, page, config, nav)"
    )
    hook = hook.replace('return markdown + "\\n\\n" + ', 'page.content += "<p hidden>" + ').replace(
        ".read_text()", '.read_text().replace("\\n", " ") + "</p>"\n    return context'
    )
    root = make_project(project_files(**{"hooks/leak.py": hook}))
    (root / "mkdocs.yml").write_text(BASE_CONFIG + "hooks:\n  - hooks/leak.py\n")
    code, output = build(root, "--no-pdf")
    assert code == 1
    assert "content/a.md:8: [ops] hidden text found in site/ops/" in output
    assert "1 error; nothing was published." in output


def test_block_syntax_shown_as_code_is_not_a_leak(make_project: MakeProject) -> None:
    example = page(
        "Writing blocks",
        """
        Write a block for one audience like this:

        ```
        /// only | mgr
        Managers only: the budget is 4,000 for the third quarter.
        ///
        ```
        """,
    )
    # The same words as a.md's hidden line: shown to operators as code, they are allowed there only.
    root = make_project(project_files(**{"content/howto.md": example}))
    code, output = build(root, "--no-pdf")
    assert (code, output) == (0, "")
    assert "budget is 4,000" in (root / "site" / "ops" / "howto" / "index.html").read_text()


def test_hidden_text_also_shown_to_the_audience_is_not_a_leak(make_project: MakeProject) -> None:
    shared = page(
        "Shared",
        """
        /// only | mgr
        Ask your manager before you change the line speed.
        ///

        /// only | ops
        Ask your manager before you change the line speed.
        ///
        """,
    )
    root = make_project(project_files(**{"content/shared.md": shared}))
    assert build(root, "--no-pdf") == (0, "")


def test_example_portal_passes_its_own_check() -> None:
    """The repository's own portal builds clean: the rule does not fire on ordinary content."""
    root = Path(__file__).resolve().parent.parent
    code, output = build(root, "--no-pdf", "-o", str(Path(__file__).parent.parent / ".pytest-site"))
    import shutil

    shutil.rmtree(Path(__file__).parent.parent / ".pytest-site", ignore_errors=True)
    assert (code, output) == (0, "")


# The matcher, without a build.


def test_markup_only_lines_identify_nothing() -> None:
    for text in ["```python", "~~~", "|---|:--:|", "[ref]: https://example.org/x.png", "1.", "Yes", "- [ ]", "///"]:
        assert fragments(text) == (), text


def test_markup_is_removed_from_a_hidden_line() -> None:
    assert fragments("See [the budget](money.md){ .x } for **Q3** figures[^1] here") == (
        "see the budget for q3 figures",
    )
    assert fragments('!!! note "Managers only here"') == ("managers only here",)
    assert fragments("/// details | Where is the budget?") == ("where is the budget",)


def test_words_normalise_entities_soft_hyphens_and_case() -> None:
    assert html_words("<p>Bud\u00adget&nbsp;<strong>IS</strong> 4,000&amp;more</p>") == "budget is 4 000 more"
    assert html_words("<strong>Man</strong>agers") == "managers"
    assert words("ﬁnal Straße") == "final strasse"


def test_text_shared_with_visible_text_is_ignored_but_other_text_is_found() -> None:
    visible = Haystack(joiner=" \n ")
    visible.add("visible", ["ask your manager first", "the line speed"])
    assert visible.find("ask your manager") == "visible"
    assert visible.find("first the line") is None  # never across two visible pieces


def test_text_split_across_pdf_lines_is_found() -> None:
    output = Haystack()
    text = "Managers only: the bud-\nget is 4,000 for the\nthird quarter. A well-\nknown fact."
    for variant in pdf_variants(text):
        output.add("print/handbook.pdf", [variant])
    assert output.find(words("Managers only: the budget is 4,000 for the third quarter.")) == "print/handbook.pdf"
    assert output.find(words("A well-known fact.")) == "print/handbook.pdf"


def test_text_split_across_html_lines_is_found() -> None:
    output = Haystack()
    output.add("a/index.html", ["managers only the", "budget is 4 000"])
    assert output.find("only the budget is") == "a/index.html"
    assert output.find("only the budget was") is None


def test_permissive_reading_ignores_code_and_lists() -> None:
    lines = [
        Line(t, "content/a.md", n)
        for n, t in enumerate(
            [
                "1. Step",
                "wrapped",
                "",
                "    /// Only | mgr",
                "    SECRET",
                "    ///",
                "> /// onyl | x",
                "> hidden",
                "> ///",
            ],
            1,
        )
    ]
    conditions, markup = enclosing(lines)
    assert conditions[4] == (Cond("only", ("mgr",)),)
    assert conditions[7] == (Cond("?", ()),)
    assert markup == {3, 5, 6, 8}


def test_hidden_text_in_alt_text_is_found() -> None:
    from generator.verify.outputs import TextReader

    reader = TextReader()
    lines = reader.html(['<p>Chart:</p>\n<img alt="Managers only: the budget is 4,000" src="c.png">\n'])
    output = Haystack()
    output.add("a/index.html", lines)
    assert output.find(words("Managers only: the budget is 4,000")) == "a/index.html"
    assert output.find(words("Chart: Managers only")) is None


def test_a_pdf_that_cannot_be_read_fails_closed(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.compile import compile_project
    from generator.verify.run import verify_output

    root = make_project(project_files())
    (root / "out" / "print").mkdir(parents=True)
    (root / "out" / "print" / "handbook.pdf").write_bytes(b"%PDF-1.4 not really")
    monkeypatch.setenv("PATH", str(root / "no-such-bin"))  # no pdftotext to be found
    compiled = compile_project(root, ["ops"])
    findings = verify_output(compiled.project, compiled.editions[0], str(root / "out"), "site")
    assert [str(f) for f in findings] == [
        "mkdocs.yml:1: [ops] could not check this audience's output (RuntimeError: cannot read the text of "
        "handbook.pdf with pdftotext: [Errno 2] No such file or directory: 'pdftotext'); nothing was published: "
        "if pdftotext is missing, install poppler-utils (scripts/setup); otherwise report this as a Fieldguide bug"
    ]


def test_a_folder_kept_where_it_is_published_is_checked_as_part_of_the_site(make_project: MakeProject) -> None:
    """Answer pages kept as published (generator/feedback.py) are checked where they are, by their site path."""
    from generator.compile import compile_project
    from generator.verify.run import verify_output

    root = make_project(project_files())
    (root / "out").mkdir()
    (root / "out" / "index.html").write_text("<p>Welcome to the portal.</p>\n", encoding="utf-8")
    kept = root / "published" / "feedback" / "yes"
    kept.mkdir(parents=True)
    (kept / "index.html").write_text("<p>Managers only: the budget is 4,000 for the third quarter.</p>\n")
    compiled = compile_project(root, ["ops"])
    grafts = {"feedback": str(root / "published" / "feedback")}
    findings = verify_output(compiled.project, compiled.editions[0], str(root / "out"), "site", None, grafts)
    assert [str(f) for f in findings] == [
        "content/a.md:8: [ops] hidden text found in site/ops/feedback/yes/index.html: "
        '"Managers only: the budget is 4,000 for..."; '
        "nothing was published: write the block's opening and closing lines on their own, outside lists, quotes "
        "and indented code, or report this as a Fieldguide bug if they are"
    ]
    (root / "out" / "feedback").mkdir()  # the site has its own feedback/ folder: which one would be published?
    findings = verify_output(compiled.project, compiled.editions[0], str(root / "out"), "site", None, grafts)
    assert len(findings) == 1 and "could not check this audience's output (ValueError: cannot list" in str(findings[0])
