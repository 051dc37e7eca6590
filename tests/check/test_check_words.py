"""Issue 10: acronyms and words to avoid as FORMAT.md defines them."""

from __future__ import annotations

from checkhelp import AUDIENCES, check, front
from conftest import MakeProject

ACRONYM = "acronym"
AVOID = "avoid-word"


def acronym_warning(line: int, abbr: str) -> str:
    return (
        f"warning: content/a.md:{line}: [ops] acronym '{abbr}' is not spelled out on first use; "
        f"write 'full name ({abbr})' or '{abbr} (full name)', or add it to reading.known_acronyms"
    )


def test_acronyms_in_the_dictionary_are_still_acronyms(make_project: MakeProject) -> None:
    body = "\nNASA and FEMA.\nOSHA and NIST.\nNATO, HTML and BERT.\n"
    root = make_project({**AUDIENCES, "content/a.md": front("Checks") + body})
    assert check(root, ["ops"]).lines(ACRONYM) == [
        acronym_warning(6, "FEMA"),
        acronym_warning(6, "NASA"),
        acronym_warning(7, "NIST"),
        acronym_warning(7, "OSHA"),
        acronym_warning(8, "BERT"),
        acronym_warning(8, "HTML"),
        acronym_warning(8, "NATO"),
    ]


def test_full_name_across_a_line_break_spells_it_out(make_project: MakeProject) -> None:
    body = "\nAsk the Federal Aviation Administration\n(FAA) first. Then the FAA again.\n"
    body += "\nHTML (HyperText Markup\nLanguage) is next.\n"
    root = make_project({**AUDIENCES, "content/a.md": front("Checks") + body})
    assert check(root, ["ops"]).lines(ACRONYM) == []


def test_a_full_name_must_fit_the_letters(make_project: MakeProject) -> None:
    body = "\nWrite to the agency (SSA) today.\nThe SOP (a short note) is here.\n"
    root = make_project({**AUDIENCES, "content/a.md": front("Checks") + body})
    assert check(root, ["ops"]).lines(ACRONYM) == [acronym_warning(6, "SSA"), acronym_warning(7, "SOP")]


def test_roman_numerals_runs_of_capitals_and_emphasis_are_not_acronyms(make_project: MakeProject) -> None:
    body = """
See part II and part IV.
NEVER type a name. STOP and ask. Do NOT guess.
THE SOFTWARE IS PROVIDED AS IS, with no warranty of MERCHANTABILITY or WARRANTIES.
DO NOT use it on the line. You CAN'T undo it. DON'T try.
"""
    root = make_project({**AUDIENCES, "content/a.md": front("Checks") + body})
    assert check(root, ["ops"]).lines(ACRONYM) == []


def test_a_short_word_in_capitals_on_its_own_is_an_acronym(make_project: MakeProject) -> None:
    body = "\nCall IT now.\n"
    root = make_project({**AUDIENCES, "content/a.md": front("Checks") + body})
    assert check(root, ["ops"]).lines(ACRONYM) == [acronym_warning(6, "IT")]


def test_acronyms_in_code_are_not_reported(make_project: MakeProject) -> None:
    body = "\nRun `NASA --help` or:\n\n```\nOSHA\n```\n"
    root = make_project({**AUDIENCES, "content/a.md": front("Checks") + body})
    assert check(root, ["ops"]).lines(ACRONYM) == []


def avoid_error(line: int, word: str, plain: str) -> str:
    return f"error: content/a.md:{line}: [ops] '{word}' is a word to avoid for this audience; write '{plain}' instead"


OPS_AVOID = AUDIENCES["audiences/ops.yml"] + "  utilize: use\n  analysis: check\n  end user: you\n"


def test_inflected_forms_are_words_to_avoid(make_project: MakeProject) -> None:
    body = "\nWe utilized it.\nWe are utilizing it.\nIt utilizes it.\nTwo analyses.\n"
    root = make_project({"audiences/ops.yml": OPS_AVOID, "content/a.md": front("Checks") + body})
    assert check(root).lines(AVOID) == [
        avoid_error(6, "utilized", "use"),
        avoid_error(7, "utilizing", "use"),
        avoid_error(8, "utilizes", "use"),
        avoid_error(9, "analyses", "check"),
    ]


def test_a_phrase_split_across_lines_is_found(make_project: MakeProject) -> None:
    body = "\nTell every end\nuser first. Then the end-users.\n"
    root = make_project({"audiences/ops.yml": OPS_AVOID, "content/a.md": front("Checks") + body})
    assert check(root).lines(AVOID) == [avoid_error(6, "end user", "you"), avoid_error(7, "end-users", "you")]


def test_words_to_avoid_in_title_summary_and_cells_but_never_in_code(make_project: MakeProject) -> None:
    page = front("An analysis", "summary: Utilize it.\n") + "\n| Step |\n|---|\n| utilize `utilize` |\n"
    root = make_project({"audiences/ops.yml": OPS_AVOID, "content/a.md": page})
    assert check(root).lines(AVOID) == [
        avoid_error(2, "analysis", "check"),
        avoid_error(4, "Utilize", "use"),
        avoid_error(9, "utilize", "use"),
    ]
