"""Issue 10: prose read as the renderer reads it, sentences where a reader ends them, a grade that cannot be gamed."""

from __future__ import annotations

import pytest
from checkhelp import AUDIENCES, check, front
from conftest import MakeProject

from generator.check.prose import _spans
from generator.check.syllables import split_words

LONG = "long-sentence"


def sentences_of(text: str) -> list[str]:
    return [text[a:b] for a, b, _ in _spans(text, "en")]


@pytest.mark.parametrize(
    "text",
    [
        "All directives in Sec. 507.10 apply to every plant that makes food.",
        "See Fig. 3 for the layout of the line.",
        "Call ext. 4410 for the help desk.",
        "On Jan. 5 the plant opened again.",
        "Smith et al. Found the same result.",
        "The U.S. Department of Labor runs it.",
        "Edit config.yml and then run the build.",
        "Use a tool, e.g. Word or Excel, for this.",
        "Read Vol. 2 and pp. 12-14 first.",
        "See item No. 5 in the list.",
        "Go to St. Paul for the meeting.",
    ],
)
def test_no_break_after_abbreviations_or_inside_names(text: str) -> None:
    assert sentences_of(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The first step is done. then the second starts.", ["The first step is done.", "then the second starts."]),
        ("Bring gloves, boots, etc. Then sign in.", ["Bring gloves, boots, etc.", "Then sign in."]),
        ("We met on Main St. The shop was shut.", ["We met on Main St.", "The shop was shut."]),
        ("Treat it as a near miss. Make it safe.", ["Treat it as a near miss.", "Make it safe."]),
        ('"We are sorry. We will refund it." Then stop.', ['"We are sorry.', 'We will refund it."', "Then stop."]),
    ],
)
def test_breaks_a_reader_makes(text: str, expected: list[str]) -> None:
    assert sentences_of(text) == expected


def test_dashes_and_slashes_part_words_but_hyphens_and_names_do_not() -> None:
    assert split_words("avoid—it and/or made-up config.yml") == ["avoid", "it", "and", "or", "made-up", "config.yml"]
    assert split_words("see https://example.org/a/b/c now") == ["see", "https://example.org/a/b/c", "now"]


def test_a_code_span_that_ends_its_sentence_ends_it(make_project: MakeProject) -> None:
    body = "\nTo start, type `make run.` Then wait for the green light to come on.\n"
    root = make_project({**AUDIENCES, "content/a.md": front("Start") + body})
    assert check(root, ["ops"]).lines(LONG) == []
    joined = "\nTo start, type `make run` then wait for the green light to come on.\n"
    root = make_project({**AUDIENCES, "content/a.md": front("Start") + joined})
    assert check(root, ["ops"]).lines(LONG) == [
        "error: content/a.md:6: [ops] sentence of 13 words is longer than this audience's limit of 10: "
        '"To start, type code then wait for the ..."; split it into shorter sentences',
    ]


def test_a_table_without_outer_pipes_is_a_table(make_project: MakeProject) -> None:
    rows = "\n".join(f"word{n} | another plain word here" for n in range(40))
    body = f"\nTerm | Meaning\n---- | ----\naccompany | go with\n{rows}\n"
    root = make_project({**AUDIENCES, "content/a.md": front("Words") + body})
    result = check(root, ["ops"])
    assert result.lines(LONG) == []
    assert result.lines("reading-grade") == []


def test_a_cell_holding_two_sentences_is_two_sentences(make_project: MakeProject) -> None:
    body = "\n| Step | What to do |\n|---|---|\n| 1 | Stop the line at once. Then call the lead for help. |\n"
    root = make_project({**AUDIENCES, "content/a.md": front("Steps") + body})
    assert check(root, ["ops"]).lines(LONG) == []
    body = "\n| Step | What to do |\n|---|---|\n| 1 | Stop the line at once and then call the lead for help. |\n"
    root = make_project({**AUDIENCES, "content/a.md": front("Steps") + body})
    assert check(root, ["ops"]).lines(LONG) == [
        "error: content/a.md:8: [ops] sentence of 12 words is longer than this audience's limit of 10: "
        '"Stop the line at once and then call ..."; split it into shorter sentences',
    ]


def test_a_heading_inside_a_list_item_is_a_heading(make_project: MakeProject) -> None:
    body = "\n* #### Before\n    Stop the line and check the batch sheet against the screen.\n"
    root = make_project({**AUDIENCES, "content/a.md": front("Steps") + body})
    assert check(root, ["ops"]).lines(LONG) == [
        "error: content/a.md:7: [ops] sentence of 11 words is longer than this audience's limit of 10: "
        '"Stop the line and check the batch sheet ..."; split it into shorter sentences',
    ]


def test_a_code_span_that_wraps_is_code_not_prose(make_project: MakeProject) -> None:
    body = "\nRun `fieldguide check --audience floor-operator --audience\nteam-lead --strict --format json` now.\n"
    root = make_project({**AUDIENCES, "content/a.md": front("Run") + body})
    assert check(root, ["ops"]).lines(LONG) == []


def test_html_and_nested_lists_read_as_a_reader_sees_them(make_project: MakeProject) -> None:
    body = """
<div class="note">Stop the line first and then call the lead for help now.</div>

- Check the screen.
    - Then check the batch sheet and the label on the case too.
"""
    root = make_project({**AUDIENCES, "content/a.md": front("Check") + body})
    assert check(root, ["ops"]).lines(LONG) == [
        "error: content/a.md:6: [ops] sentence of 12 words is longer than this audience's limit of 10: "
        '"Stop the line first and then call the ..."; split it into shorter sentences',
        "error: content/a.md:9: [ops] sentence of 12 words is longer than this audience's limit of 10: "
        '"Then check the batch sheet and the label ..."; split it into shorter sentences',
    ]


HARD_PROSE = (
    "Political language is designed to make lies sound truthful and murder respectable, and to give an "
    "appearance of solidity to pure wind, which is a habit that spreads from one writer to another. "
)


def _grade(make_project: MakeProject, body: str) -> float:
    no_limits = {"audiences/everyone.yml": "name: Everyone\ndescription: Everyone.\n"}
    root = make_project({**no_limits, "content/a.md": front("Politics") + body})
    result = check(root)
    assert result.lines("reading-grade") == []  # no limit set: a grade is reported, never an error
    grade = result.report["audiences"][0]["median_grade"]
    assert isinstance(grade, float)
    return grade


def test_tables_headings_and_short_items_cannot_pull_the_grade_down(make_project: MakeProject) -> None:
    prose = "\n" + "\n\n".join([HARD_PROSE * 5] * 8) + "\n"  # about 1,300 words in 8 paragraphs
    plain = _grade(make_project, prose)
    table = "\n| Word |\n|---|\n" + "".join("| yes |\n" for _ in range(100))
    headings = "".join(f"\n## Part {n}\n\nNo.\n" for n in range(30))
    bullets = "\n" + "".join("- Yes.\n" for _ in range(60))
    for extra in (table, headings, bullets):
        gamed = _grade(make_project, prose + extra)
        assert plain - 1 <= gamed <= plain + 1, (plain, gamed)
    assert plain > 14


def test_below_100_words_of_prose_every_sentence_counts(make_project: MakeProject) -> None:
    body = "\n" + "".join(f"- Item {n} here.\n" for n in range(40))
    assert _grade(make_project, body) < 3  # 3-word items: short sentences, a low grade


def test_limits_apply_only_where_set(make_project: MakeProject) -> None:
    root = make_project(
        {
            "audiences/everyone.yml": "name: Everyone\ndescription: Everyone.\n",
            "content/a.md": front("Politics") + "\n" + HARD_PROSE * 6 + "\n",
        }
    )
    result = check(root)
    assert result.code == 0
    assert result.lines(LONG) == []


def test_limits_from_defaults_apply_to_every_audience(make_project: MakeProject) -> None:
    root = make_project(
        {
            "audiences/_defaults.yml": "reading:\n  max_sentence_words: 10\n",
            "audiences/everyone.yml": "name: Everyone\ndescription: Everyone.\n",
            "content/a.md": front("Long") + "\nThis sentence has more than ten words in it, so it is too long.\n",
        }
    )
    assert check(root).lines(LONG) == [
        "error: content/a.md:6: [everyone] sentence of 14 words is longer than this audience's limit of 10: "
        '"This sentence has more than ten words in ..."; split it into shorter sentences',
    ]


def test_each_sentence_is_located_where_it_is_written(make_project: MakeProject) -> None:
    body = """
Intro words here[^1] for everyone.

!!! note "A note"
    Stop the line first and then call the lead for help now.

=== "Tab one"
    - Check the screen, then check the batch sheet and label too.

Term
:   Check the screen, then check the batch sheet and label too.

> Stop the line first and then call the lead for help now.

[^1]: Stop the line first and then call the lead for help now.
"""
    root = make_project({**AUDIENCES, "content/a.md": front("Where") + body})
    lines = [line.split(": [ops]")[0] for line in check(root, ["ops"]).lines(LONG)]
    assert lines == [
        "error: content/a.md:9",
        "error: content/a.md:12",
        "error: content/a.md:14",  # no def_list in this project: "Term : Check ..." is one paragraph
        "error: content/a.md:17",
        "error: content/a.md:19",
    ]
