"""Fail-closed block scanning: every opener-like line is read as one or is an error at its line.

Body lines start at line 4 of content/index.md (three lines of front matter come first).
"""

from __future__ import annotations

import time

import pytest
from conftest import BASE_CONFIG, MakeProject, audience, page
from helpers import error_lines, texts

AUDIENCES = {
    "audiences/op.yml": audience("Operators", extra="terms:\n  x: EX\n"),
    "audiences/mgr.yml": audience("Managers", extra="terms:\n  x: EX\n"),
}
CONFIG = BASE_CONFIG + "  - footnotes\n  - def_list\n"
AT = "content/index.md"


def project(make_project: MakeProject, body: str) -> dict[str, str]:
    return {"mkdocs.yml": CONFIG, **AUDIENCES, AT: page("Home", body)}


BAD = [
    pytest.param(
        "```\nstray fence\n\n/// only | mgr\nSECRET\n///\n",
        [
            f"{AT}:4: this code fence '```' is never closed, so the rest of the page would be code; end the "
            "code with a line '```'"
        ],
        id="unclosed-backtick-fence",
    ),
    pytest.param(
        "Intro.\n\n~~~~\ncode\n```\n",
        [
            f"{AT}:6: this code fence '~~~~' is never closed, so the rest of the page would be code; end the "
            "code with a line '~~~~'"
        ],
        id="unclosed-tilde-fence-not-closed-by-backticks",
    ),
    pytest.param(
        "/// Only | mgr\nSECRET\n///\n",
        [
            f"{AT}:4: '/// Only | mgr' looks like an only/except block line but is not read as one (write "
            "'only' in lower case); write '/// only | mgr'"
        ],
        id="capital-only",
    ),
    pytest.param(
        "/// EXCEPT | op\nSECRET\n///\n",
        [
            f"{AT}:4: '/// EXCEPT | op' looks like an only/except block line but is not read as one (write "
            "'except' in lower case); write '/// except | op'"
        ],
        id="upper-except",
    ),
    pytest.param(
        "/// onyl | mgr\nSECRET\n///\n",
        [
            f"{AT}:4: '/// onyl | mgr' looks like an only/except block line but is not read as one ('onyl' "
            "is not 'only' or 'except'); write '/// only | mgr'"
        ],
        id="near-miss-onyl",
    ),
    pytest.param(
        "/// exept | op\nSECRET\n///\n",
        [
            f"{AT}:4: '/// exept | op' looks like an only/except block line but is not read as one ('exept' "
            "is not 'only' or 'except'); write '/// except | op'"
        ],
        id="near-miss-exept",
    ),
    pytest.param(
        "/// ony | mgr\nSECRET\n///\n",
        [
            f"{AT}:4: '/// ony | mgr' looks like an only/except block line but is not read as one ('ony' is "
            "not 'only' or 'except'); write '/// only | mgr'"
        ],
        id="near-miss-ony",
    ),
    pytest.param(
        "/// only-for | mgr\nSECRET\n///\n",
        [
            f"{AT}:4: '/// only-for | mgr' looks like an only/except block line but is not read as one "
            "('only-for' is not 'only'); write '/// only | mgr'"
        ],
        id="keyword-with-suffix",
    ),
    pytest.param(
        "// only | mgr\nSECRET\n",
        [
            f"{AT}:4: '// only | mgr' looks like an only/except block line but is not read as one (a block "
            "opens with three or more '/' slashes, written together); write '/// only | mgr'"
        ],
        id="two-slashes",
    ),
    pytest.param(
        "/ / / only | mgr\nSECRET\n",
        [
            f"{AT}:4: '/ / / only | mgr' looks like an only/except block line but is not read as one (a block "
            "opens with three or more '/' slashes, written together); write '/// only | mgr'"
        ],
        id="spaced-slashes",
    ),
    pytest.param(
        "//\u200d/ only | mgr\nSECRET\n",
        [
            f"{AT}:4: '//\u200d/ only | mgr' looks like an only/except block line but is not read as one (it "
            "holds a U+200D ZERO WIDTH JOINER); write '/// only | mgr'"
        ],
        id="invisible-joiner-between-slashes",
    ),
    pytest.param(
        "/// o\u200bnly | mgr\nSECRET\n",
        [
            f"{AT}:4: '/// o\u200bnly | mgr' looks like an only/except block line but is not read as one (it "
            "holds a U+200B ZERO WIDTH SPACE); write '/// only | mgr'"
        ],
        id="invisible-space-inside-keyword",
    ),
    pytest.param(
        "/// \u043enly | mgr\nSECRET\n",
        [
            f"{AT}:4: '/// \u043enly | mgr' looks like an only/except block line but is not read as one (it "
            "holds a U+043E CYRILLIC SMALL LETTER O); write '/// only | mgr'"
        ],
        id="cyrillic-o",
    ),
    pytest.param(
        "## /// only | mgr\nSECRET\n",
        [
            f"{AT}:4: '## /// only | mgr' is inside a heading, where only/except blocks are not read; move the "
            "block out of the heading"
        ],
        id="heading",
    ),
    pytest.param(
        "\u00a0/// only | mgr\nSECRET\n///\n",
        [
            f"{AT}:4: '/// only | mgr' looks like an only/except block line but is not read as one (it holds "
            "a U+00A0 NO-BREAK SPACE); write '/// only | mgr'"
        ],
        id="no-break-space-before",
    ),
    pytest.param(
        "///\u00a0only | mgr\nSECRET\n///\n",
        [
            f"{AT}:4: '///\u00a0only | mgr' looks like an only/except block line but is not read as one (it "
            "holds a U+00A0 NO-BREAK SPACE); write '/// only | mgr'"
        ],
        id="no-break-space-inside",
    ),
    pytest.param(
        "/// only |\u00a0mgr\nSECRET\n///\n",
        [
            f"{AT}:4: '/// only |\u00a0mgr' holds a U+00A0 NO-BREAK SPACE; write block lines with plain "
            "spaces; write '/// only | mgr'"
        ],
        id="no-break-space-in-ids",
    ),
    pytest.param(
        "\u2003/// only | mgr\nSECRET\n///\n",
        [
            f"{AT}:4: '/// only | mgr' looks like an only/except block line but is not read as one (it holds "
            "a U+2003 EM SPACE); write '/// only | mgr'"
        ],
        id="em-space-indent",
    ),
    pytest.param(
        "\u200b/// only | mgr\nSECRET\n///\n",
        [
            f"{AT}:4: '\u200b/// only | mgr' looks like an only/except block line but is not read as one (it "
            "holds a U+200B ZERO WIDTH SPACE); write '/// only | mgr'"
        ],
        id="zero-width-space",
    ),
    pytest.param(
        "\uff0f\uff0f\uff0f only | mgr\nSECRET\n",
        [
            f"{AT}:4: '\uff0f\uff0f\uff0f only | mgr' looks like an only/except block line but is not read "
            "as one (it holds a U+FF0F FULLWIDTH SOLIDUS); write '/// only | mgr'"
        ],
        id="fullwidth-slashes",
    ),
    pytest.param(
        "/// only | mgr\nSECRET\n///\u00a0\n",
        [
            f"{AT}:4: the '/// only | mgr' block is never closed; end it with a line '///'",
            f"{AT}:6: '///' holds a U+00A0 NO-BREAK SPACE; write a closing line with slashes and plain spaces only",
        ],
        id="closer-with-no-break-space",
    ),
    pytest.param(
        "> /// only | mgr\n> SECRET\n> ///\n",
        [
            f"{AT}:4: '> /// only | mgr' is inside a blockquote, where only/except blocks are not read; move "
            "the block out of the blockquote"
        ],
        id="blockquote",
    ),
    pytest.param(
        "> > /// only | mgr\n> > SECRET\n",
        [
            f"{AT}:4: '> > /// only | mgr' is inside a blockquote, where only/except blocks are not read; "
            "move the block out of the blockquote"
        ],
        id="nested-blockquote",
    ),
    pytest.param(
        "> Quoted text\n/// only | mgr\nSECRET\n///\n",
        [
            f"{AT}:5: Markdown reads '/// only | mgr' as part of a blockquote, where only/except blocks are "
            "not read; move the block out of the blockquote (unindented, after a blank line)"
        ],
        id="lazy-blockquote-continuation",
    ),
    pytest.param(
        "Text.[^1]\n\n[^1]: /// only | mgr\n    SECRET\n",
        [
            f"{AT}:6: '[^1]: /// only | mgr' is inside a footnote, where only/except blocks are not read; "
            "move the block out of the footnote"
        ],
        id="footnote-marker-line",
    ),
    pytest.param(
        "Text.[^1]\n\n[^1]: A note\n    /// only | mgr\n    SECRET\n    ///\n",
        [
            f"{AT}:7: Markdown reads '/// only | mgr' as part of a footnote, where only/except blocks are "
            "not read; move the block out of the footnote (unindented, after a blank line)"
        ],
        id="footnote-continuation",
    ),
    pytest.param(
        "Term\n:   Meaning\n/// only | mgr\nSECRET\n///\n",
        [
            f"{AT}:6: Markdown reads '/// only | mgr' as part of a definition list, where only/except blocks "
            "are not read; move the block out of the definition list (unindented, after a blank line)"
        ],
        id="definition-lazy-continuation",
    ),
    pytest.param(
        "Term\n:   /// only | mgr\n    SECRET\n",
        [
            f"{AT}:5: ':   /// only | mgr' is inside a definition list, where only/except blocks are not "
            "read; move the block out of the definition list"
        ],
        id="definition-marker-line",
    ),
    pytest.param(
        "- /// only | mgr\n  SECRET\n  ///\n",
        [
            f"{AT}:4: '- /// only | mgr' is on a list item's first line, where it is not read as a block; "
            "put '/// only | mgr' on a line of its own, indented like the item's text"
        ],
        id="list-marker-line",
    ),
    pytest.param(
        "1. /// except | op\n   SECRET\n",
        [
            f"{AT}:4: '1. /// except | op' is on a list item's first line, where it is not read as a block; "
            "put '/// except | op' on a line of its own, indented like the item's text"
        ],
        id="numbered-marker-line",
    ),
    pytest.param(
        "Example:\n\n    /// only | mgr\n    SECRET\n    ///\n",
        [
            f"{AT}:6: '/// only | mgr' is inside indented code, where it is not read as a block; write "
            "examples of block syntax in fenced code (```), or indent the block like the text around it"
        ],
        id="indented-code",
    ),
    pytest.param(
        "- Item\n\n        /// only | mgr\n        SECRET\n        ///\n",
        [
            f"{AT}:6: '/// only | mgr' is inside indented code, where it is not read as a block; write "
            "examples of block syntax in fenced code (```), or indent the block like the text around it"
        ],
        id="indented-code-in-list-item",
    ),
    pytest.param(
        "Example:\n\n    /// Only | mgr\n    SECRET\n",
        [
            f"{AT}:6: '/// Only | mgr' looks like an only/except block line but is not read as one (write "
            "'only' in lower case); write '/// only | mgr'"
        ],
        id="near-miss-in-indented-code",
    ),
    pytest.param(
        "Some `code\n/// only | mgr\nSECRET\n///\nends` here.\n",
        [f"{AT}:5: '/// only | mgr' is inside a code span that starts on an earlier line; close its backticks first"],
        id="multi-line-code-span",
    ),
    pytest.param(
        "/// only | mgr\nSECRET\n////\n",
        [f"{AT}:6: '////' cannot close the '/// only | mgr' block opened at line 4; close it with exactly '///'"],
        id="closer-with-more-slashes",
    ),
    pytest.param(
        "//// only | mgr\nSECRET\n///\n",
        [f"{AT}:6: '///' cannot close the '//// only | mgr' block opened at line 4; close it with exactly '////'"],
        id="closer-with-fewer-slashes",
    ),
    pytest.param(
        "Start.\n\n/// only | mgr\nSECRET\n",
        [f"{AT}:6: the '/// only | mgr' block is never closed; end it with a line '///'"],
        id="unclosed-block",
    ),
    pytest.param(
        "- Step\n\n    /// only | mgr\n    SECRET\n///\n",
        [
            f"{AT}:8: this '///' is indented differently from the '/// only | mgr' block opened at line 6; "
            "indent both lines the same"
        ],
        id="closer-indented-differently",
    ),
    pytest.param(
        "/// only\nSECRET\n///\n",
        [f"{AT}:4: '/// only' needs audience ids: '/// only | id, id'"],
        id="no-ids",
    ),
]


@pytest.mark.parametrize("body, expected", BAD)
def test_opener_like_lines_are_read_or_errors(make_project: MakeProject, body: str, expected: list[str]) -> None:
    assert error_lines(make_project(project(make_project, body))) == expected


GOOD = [
    pytest.param(
        "1. Ask the helper for the steps\nfor your line.\n\n    /// only | mgr\n    SECRET {{ x }}\n    ///\n"
        "\n2. Next\n",
        "1. Ask the helper for the steps\nfor your line.\n\n\n2. Next",
        "1. Ask the helper for the steps\nfor your line.\n\n    SECRET EX\n\n2. Next",
        id="wrapped-list-item-then-indented-block",
    ),
    pytest.param(
        "1. Step one\nwrapped\n/// only | mgr\nSECRET\n///\n",
        "1. Step one\nwrapped",
        "1. Step one\nwrapped\nSECRET",
        id="lazy-continuation-opener",
    ),
    pytest.param(
        "- Item\n\n    /// except | op\n    SECRET\n    ///\n",
        "- Item",
        "- Item\n\n    SECRET",
        id="block-in-list-item",
    ),
    pytest.param(
        '!!! note "Mind"\n    /// only | mgr\n    SECRET\n    ///\n',
        '!!! note "Mind"',
        '!!! note "Mind"\n    SECRET',
        id="block-in-admonition",
    ),
    pytest.param(
        "//// only | mgr\n/// except | op\nSECRET\n///\nMORE\n////\n",
        "",
        "SECRET\nMORE",
        id="nested-blocks",
    ),
    pytest.param(
        "/// details | Why?\n/// only | mgr\nSECRET\n///\n///\n",
        "/// details | Why?\n///",
        "/// details | Why?\nSECRET\n///",
        id="details-pass-through",
    ),
    pytest.param(
        '=== "Tab"\n\n    /// only | mgr\n    SECRET\n    ///\n',
        '=== "Tab"',
        '=== "Tab"\n\n    SECRET',
        id="tabs-pass-through",
    ),
    pytest.param(
        "///\tonly | mgr\nSECRET\n///\n",
        "",
        "SECRET",
        id="tab-inside-opener",
    ),
    pytest.param(
        "- Item\n\n\t/// only | mgr\n\tSECRET\n\t///\n",
        "- Item",
        "- Item\n\n\tSECRET",
        id="tab-indented-block-in-list-item",
    ),
    pytest.param(
        "```\n/// Only | mgr\n{{ x }}\n///\n```\n",
        "```\n/// Only | mgr\n{{ x }}\n///\n```",
        "```\n/// Only | mgr\n{{ x }}\n///\n```",
        id="example-in-backtick-fence",
    ),
    pytest.param(
        "~~~\n/// onyl | mgr\n///\n~~~\n",
        "~~~\n/// onyl | mgr\n///\n~~~",
        "~~~\n/// onyl | mgr\n///\n~~~",
        id="example-in-tilde-fence",
    ),
    pytest.param(
        "- Item\n\n    ```\n    /// only | mgr\n    {{ x }}\n    ```\n",
        "- Item\n\n    ```\n    /// only | mgr\n    {{ x }}\n    ```",
        "- Item\n\n    ```\n    /// only | mgr\n    {{ x }}\n    ```",
        id="example-in-fence-in-list-item",
    ),
    pytest.param(
        "> ```\n> /// only | mgr\n> {{ x }}\n> ```\n",
        "> ```\n> /// only | mgr\n> {{ x }}\n> ```",
        "> ```\n> /// only | mgr\n> {{ x }}\n> ```",
        id="example-in-fence-in-blockquote",
    ),
    pytest.param(
        "> ```\n> left open\n\n/// only | mgr\nSECRET\n///\n",
        "> ```\n> left open",
        "> ```\n> left open\n\nSECRET",
        id="fence-left-open-in-blockquote-ends-with-the-quote",
    ),
    pytest.param(
        "<div markdown>\n/// only | mgr\nSECRET\n///\n</div>\n",
        "<div markdown>\n</div>",
        "<div markdown>\nSECRET\n</div>",
        id="block-in-raw-html",
    ),
]


@pytest.mark.parametrize("body, op, mgr", GOOD)
def test_blocks_that_must_keep_working(make_project: MakeProject, body: str, op: str, mgr: str) -> None:
    root = make_project(project(make_project, body))
    assert error_lines(root) == []
    assert texts(root, "op")["index.md"] == op
    assert texts(root, "mgr")["index.md"] == mgr


def test_unclosed_fence_is_one_error_not_one_per_later_line(make_project: MakeProject) -> None:
    body = "Text.\n\n```\n/// only | mgr\nSECRET\n///\n/// Only | op\n"
    assert error_lines(make_project(project(make_project, body))) == [
        f"{AT}:6: this code fence '```' is never closed, so the rest of the page would be code; "
        "end the code with a line '```'"
    ]


def test_a_page_the_renderer_never_finishes_is_an_error(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pymdown-extensions 13.1 loops forever, eating memory, on this page; the page fails instead."""
    from generator import structure

    monkeypatch.setattr(structure, "LIMIT_SECONDS", 1.0)
    body = "> /// details | More\n> ///\n/// details | More\n"
    errors = error_lines(make_project(project(make_project, body)))
    assert (
        f"{AT}:6: cannot check this page's blocks: Markdown did not finish rendering this page in 1 s (it would "
        "hang the build too); look for blocks that are opened inside a blockquote or list and never closed"
    ) in errors
    # Reading the page for its links and title hits the same limit: each audience gets a located error too.
    assert set(errors) - {errors[-1]} <= {
        f"{AT}:1: [{aid}] the Markdown extensions in mkdocs.yml fail on this page (Markdown did not finish "
        "rendering it in 1 s, so it would hang the build too); simplify the page"
        for aid in ("mgr", "op")
    }


def test_a_render_time_limit_survives_extensions_that_catch_exceptions() -> None:
    """An alarm inside an extension's `except Exception` (pymdownx parses block options in one) was lost.

    Found by the long fuzz profile: a page looped in Python-Markdown for minutes, eating gigabytes.
    RenderTimeout is a BaseException, and the alarm repeats until the limit's block ends.
    """
    from generator.structure import RenderTimeout, time_limit

    started = time.monotonic()
    with pytest.raises(RenderTimeout), time_limit(0.2):
        while time.monotonic() - started < 10:
            try:
                sum(range(10_000))
            except Exception:  # noqa: BLE001, S112 - as an extension does
                continue
    caught_once = False
    with pytest.raises(RenderTimeout), time_limit(0.2):
        try:
            while time.monotonic() - started < 10:
                sum(range(10_000))
        except BaseException:  # noqa: BLE001 - a bare except: swallows the first alarm...
            caught_once = True
        while time.monotonic() - started < 10:  # ...and the loop goes on: the next alarm ends it
            sum(range(10_000))
    assert caught_once
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    "text, expected",
    [
        ("See [the guide](guide.md).", True),
        ("<a href=x>", True),
        ("{ #anchor }", True),
        ("Write to lnd@example.org", True),
        ("Go to https://example.org", True),
        ("Go to WWW.example.org", True),
        ("MAILTO:lnd", True),
        ("Data: the numbers", True),  # not a link, but the quick test cannot tell: rendered to be sure
        ("Check what the helper says before you act on it.", False),
    ],
)
def test_only_text_that_cannot_hold_a_link_skips_the_render(text: str, expected: bool) -> None:
    """The link reader skips a page only when nothing in it could become a link (generator/rendered.py)."""
    from generator.rendered import may_link

    assert may_link(text) is expected
