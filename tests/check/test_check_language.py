"""Plain language per audience: reading grade, sentence length, words to avoid, acronyms."""

from __future__ import annotations

from checkhelp import AUDIENCES, check, front
from conftest import MakeProject

HARD = "Organisational implementation necessitates comprehensive documentation. " * 20
EASY = "The cat sat on the mat. " * 20


def test_reading_grade_above_the_limit_is_an_error(make_project: MakeProject) -> None:
    root = make_project({**AUDIENCES, "content/a.md": front("Rules") + "\n" + HARD + "\n"})
    assert check(root).lines("reading-grade") == [
        "error: content/a.md:1: [desk] reading grade 42.6 is above this audience's limit of 12 "
        "(page of 101 words); use shorter sentences and plainer words",
        "error: content/a.md:1: [ops] reading grade 42.6 is above this audience's limit of 6 "
        "(page of 101 words); use shorter sentences and plainer words",
    ]


def test_plain_page_and_short_page_are_not_graded(make_project: MakeProject) -> None:
    short_and_hard = " ".join(HARD.split()[:90])
    root = make_project(
        {
            **AUDIENCES,
            "content/a.md": front("Rules") + "\n" + EASY + "\n",
            "content/b.md": front("More") + "\n" + short_and_hard + "\n",
        }
    )
    result = check(root)
    assert result.lines("reading-grade") == []
    grades = {a["id"]: a["median_grade"] for a in result.report["audiences"]}
    assert grades == {"desk": -1.4, "ops": -1.4}


def test_long_sentence_for_one_audience_is_fine_for_another(make_project: MakeProject) -> None:
    body = "\nFirst short one. Then you open the page yourself and find the line that it used.\n"
    root = make_project({**AUDIENCES, "content/a.md": front("Checks") + body})
    assert check(root).lines("long-sentence") == [
        "error: content/a.md:6: [ops] sentence of 13 words is longer than this audience's limit of 10: "
        '"Then you open the page yourself and find ..."; split it into shorter sentences',
    ]


def test_sentence_is_located_where_it_starts_and_quoted_whole_when_short(make_project: MakeProject) -> None:
    body = "\nShort.\nThis sentence starts here and then it\ngoes on to the next line of the file.\n"
    root = make_project({**AUDIENCES, "content/a.md": front("Checks") + body})
    assert check(root, ["ops"]).lines("long-sentence") == [
        "error: content/a.md:7: [ops] sentence of 16 words is longer than this audience's limit of 10: "
        '"This sentence starts here and then it goes ..."; split it into shorter sentences',
    ]


def test_list_items_cells_and_headings_are_sentences_of_their_own(make_project: MakeProject) -> None:
    body = """
## A heading of five words

- one two three four five six
- one two three four five six

| one two three four five six | one two three four five six |
|---|---|
| one two three four five six | one two three four five six |

/// details | one two three four five six
one two three four five six
///

!!! note "one two three four five six"
    one two three four five six
"""
    root = make_project({**AUDIENCES, "content/a.md": front("Checks") + body})
    assert check(root, ["ops"]).lines("long-sentence") == []


def test_line_numbers_survive_hidden_blocks_and_terms(make_project: MakeProject) -> None:
    body = """
/// only | desk
Line one for the desk.
Line two for the desk.
///

Ask {{ assistant }}, and {{ assistant }} will answer with great care and much patience.
"""
    root = make_project({**AUDIENCES, "content/a.md": front("Checks") + body})
    assert check(root, ["ops"]).lines("long-sentence") == [
        "error: content/a.md:11: [ops] sentence of 14 words is longer than this audience's limit of 10: "
        '"Ask the helper, and the helper will answer ..."; split it into shorter sentences',
    ]


def test_code_urls_and_html_are_never_prose(make_project: MakeProject) -> None:
    body = """
```
a fenced line that would be far too long to be a sentence for anybody
```

    an indented code line that would be far too long to be a sentence for anybody

Type `a very long command with many many words in it` now <span class="x">ok</span>.
See https://example.org/a/very/long/address/with/words/in/it/and/more/words.
"""
    root = make_project({**AUDIENCES, "content/a.md": front("Checks") + body})
    assert check(root, ["ops"]).lines("long-sentence") == []


def test_avoided_words_in_title_summary_and_text_with_plurals_and_any_case(make_project: MakeProject) -> None:
    page = front("Hallucinations explained", "summary: Why an LLM guesses.\n") + "\nSome LLMs make things up.\n"
    root = make_project({**AUDIENCES, "content/a.md": page})
    assert check(root).lines("avoid-word") == [
        "error: content/a.md:2: [ops] 'Hallucinations' is a word to avoid for this audience; "
        "write 'made-up answer' instead",
        "error: content/a.md:4: [ops] 'LLM' is a word to avoid for this audience; write 'the helper' instead",
        "error: content/a.md:7: [ops] 'LLMs' is a word to avoid for this audience; write 'the helper' instead",
    ]


def test_a_key_in_capitals_matches_only_in_capitals(make_project: MakeProject) -> None:
    ops = AUDIENCES["audiences/ops.yml"] + "  IT: the service desk\n"
    body = "\nIt is fine. Ask it. Call IT now.\nAn llm is not an LLM.\n"
    root = make_project({"audiences/ops.yml": ops, "content/a.md": front("Checks") + body})
    assert check(root).lines("avoid-word") == [
        "error: content/a.md:6: [ops] 'IT' is a word to avoid for this audience; write 'the service desk' instead",
        "error: content/a.md:7: [ops] 'LLM' is a word to avoid for this audience; write 'the helper' instead",
    ]


def test_avoided_word_matches_whole_words_only(make_project: MakeProject) -> None:
    body = "\nWe use leverages and leveraged.\nNot leveragex or releverage.\n"
    root = make_project({**AUDIENCES, "content/a.md": front("Checks") + body})
    assert check(root).lines("avoid-word") == [
        "error: content/a.md:6: [desk] 'leveraged' is a word to avoid for this audience; write 'use' instead",
        "error: content/a.md:6: [desk] 'leverages' is a word to avoid for this audience; write 'use' instead",
    ]


def test_avoided_word_in_a_block_hidden_from_the_audience_is_not_reported(make_project: MakeProject) -> None:
    body = (
        "\n/// only | desk\nThe LLM drafts a reply.\n///\n\n//// except | desk\nWe leverage it.\nAn LLM again.\n////\n"
    )
    root = make_project({**AUDIENCES, "content/a.md": front("Checks") + body})
    assert check(root).lines("avoid-word") == [
        "error: content/a.md:12: [ops] 'LLM' is a word to avoid for this audience; write 'the helper' instead",
    ]


def test_avoided_word_in_code_inline_code_and_urls_is_not_reported(make_project: MakeProject) -> None:
    body = "\nRun `llm --help` or see <https://llm.example/>.\n\n```\nLLM\n```\n\n[The guide](https://x.example/llm)\n"
    root = make_project({**AUDIENCES, "content/a.md": front("Checks") + body})
    assert check(root).lines("avoid-word") == []


def test_acronym_not_spelled_out_on_first_use(make_project: MakeProject) -> None:
    body = "\nRead the HACCP plan.\nThe hazard analysis plan (HACCP) is long.\n"
    root = make_project({**AUDIENCES, "content/a.md": front("Checks") + body})
    assert check(root, ["ops"]).lines("acronym") == [
        "warning: content/a.md:6: [ops] acronym 'HACCP' is not spelled out on first use; write 'full name (HACCP)' "
        "or 'HACCP (full name)', or add it to reading.known_acronyms",
    ]


def test_acronyms_spelled_out_known_or_shouted_pass(make_project: MakeProject) -> None:
    body = """
Hazard analysis and critical control points (HACCP) comes first. HACCP again.
SOP (standard operating procedure) is next.
Wear PPE. AI helps. STOP THE LINE first. It is OK.
"""
    root = make_project({**AUDIENCES, "content/a.md": front("Checks") + body})
    assert check(root, ["ops"]).lines("acronym") == []
