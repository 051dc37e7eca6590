"""The command: exit codes, --strict, --audience, text and JSON output, build errors, cards, snippets."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from checkhelp import AUDIENCES, check, front
from click.testing import CliRunner
from conftest import BASE_CONFIG, REPO, MakeProject

from generator.cli import main

CLEAN = {**AUDIENCES, "content/a.md": front("Ask {{ assistant }}") + "\nAsk {{ assistant }} first.\n"}
WITH_ERROR = {**AUDIENCES, "content/a.md": front("Ask {{ assistant }}") + "\nAsk {{ assistant }} about an LLM.\n"}
WITH_WARNING = {
    **AUDIENCES,
    "content/a.md": front("Ask {{ assistant }}") + "\nAsk {{ assistant }} about [here](a.md).\n",
}


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", str(root), *args])
    return result.exit_code, result.output


def test_exit_codes(make_project: MakeProject, tmp_path: Path) -> None:
    assert run(make_project(CLEAN))[0] == 0
    assert run(make_project(WITH_ERROR))[0] == 1
    assert run(make_project(WITH_WARNING))[0] == 0
    assert run(make_project(WITH_WARNING), "--strict")[0] == 1
    assert run(make_project(CLEAN), "--audience", "nobody")[0] == 2


def test_audience_option_limits_findings_and_summary(make_project: MakeProject) -> None:
    root = make_project(WITH_WARNING)
    result = check(root, ["desk"])
    assert result.lines() == [
        "warning: content/a.md:6: [desk] link text 'here' does not say where it leads; "
        "use words that name the page or what the reader will find there",
    ]
    assert [a["id"] for a in result.report["audiences"]] == ["desk"]


def test_text_output_groups_findings_by_file_then_summarises(make_project: MakeProject) -> None:
    files = {**WITH_ERROR, "content/b.md": front("B") + "\nSee [here](a.md).\n"}
    code, output = run(make_project(files), "--audience", "ops")
    assert code == 1
    lines = output.splitlines()
    assert lines[:5] == [
        "content/a.md:6: [ops] 'LLM' is a word to avoid for this audience; write 'the helper' instead",
        "",
        "content/b.md:6: [ops] warning: link text 'here' does not say where it leads; "
        "use words that name the page or what the reader will find there",
        "",
        "Check summary per audience",
    ]
    row = next(line for line in lines if "ops" in line and "│" in line)
    assert [cell.strip() for cell in row.split("│")[1:-1]] == ["ops", "2", "12", "-", "1", "1", "0"]
    assert lines[-1] == "1 error, 1 warning, 0 notices"


def test_json_output_follows_its_schema(make_project: MakeProject) -> None:
    code, output = run(make_project(WITH_ERROR), "--format", "json", "--audience", "ops")
    report = json.loads(output)
    schema = json.loads((REPO / "schemas" / "check-output.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    assert code == report["exit_code"] == 1
    assert report["counts"] == {"error": 1, "warning": 0, "notice": 0}
    assert report["findings"] == [
        {
            "path": "content/a.md",
            "line": 6,
            "audience": "ops",
            "severity": "error",
            "rule": "avoid-word",
            "message": "'LLM' is a word to avoid for this audience; write 'the helper' instead",
            "text": "content/a.md:6: [ops] 'LLM' is a word to avoid for this audience; write 'the helper' instead",
        }
    ]
    assert report["audiences"] == [
        {
            "id": "ops",
            "name": "Operators",
            "pages": 1,
            "words": 9,
            "median_grade": None,
            "errors": 1,
            "warnings": 0,
            "notices": 0,
        }
    ]


def test_build_errors_are_reported_with_the_rest(make_project: MakeProject) -> None:
    files = {**AUDIENCES, "content/a.md": front("A", "audience: [ops]\n") + "\nAsk {{ forklift }} about an LLM.\n"}
    result = check(make_project(files), ["ops"])
    assert result.lines("build") == [
        "error: content/a.md:4: unknown front-matter key 'audience'; did you mean 'audiences'? Known keys: "
        "audiences, card, except, owner, review_by, summary, title, type",
        "error: content/a.md:7: [ops] unknown term 'forklift'; known terms: assistant",
    ]
    assert result.lines("avoid-word") != []
    assert result.code == 1


def test_unreadable_mkdocs_yml_is_reported_and_exits_1(make_project: MakeProject) -> None:
    root = make_project(CLEAN)
    (root / "mkdocs.yml").unlink()
    result = check(root)
    assert result.lines() == [
        "error: mkdocs.yml:1: no mkdocs.yml; add one with site_name, docs_dir: content and theme: material"
    ]
    assert result.code == 1


def test_card_that_does_not_fit_is_an_error(make_project: MakeProject) -> None:
    steps = "".join(f"{n}. Do step {n} now.\n" for n in range(1, 60))
    files = {
        **AUDIENCES,
        "content/long.md": front("Long card", "type: job-aid\naudiences: [ops]\n") + "\n" + steps,
        "content/short.md": front("Short card", "type: job-aid\naudiences: [ops]\n") + "\n1. Stop.\n2. Ask.\n",
        "content/a.md": front("A") + "\nAsk {{ assistant }}.\n",
    }
    result = check(make_project(files), ["ops"])
    fit = [f for f in result.report["findings"] if f["rule"] == "card-fit"]
    assert [(f["path"], f["line"], f["audience"], f["severity"]) for f in fit] == [
        ("content/long.md", 2, "ops", "error")
    ]
    assert fit[0]["message"].startswith("card does not fit on 1 side(s) of a6")


def test_findings_in_a_snippet_point_into_the_snippet(make_project: MakeProject) -> None:
    config = (
        BASE_CONFIG + "  - pymdownx.snippets:\n      base_path: [content/_snippets]\nexclude_docs: |\n  _snippets/\n"
    )
    files = {
        **AUDIENCES,
        "mkdocs.yml": config,
        "content/_snippets/help.md": "Line one.\n\n/// only | desk\nCall us.\n///\n\nThe LLM is here.\n",
        "content/a.md": front("A") + '\nAsk {{ assistant }}.\n\n--8<-- "help.md"\n',
    }
    assert check(make_project(files)).lines("avoid-word") == [
        "error: content/_snippets/help.md:7: [ops] 'LLM' is a word to avoid for this audience; "
        "write 'the helper' instead",
    ]


def test_cards_of_several_audiences_are_all_laid_out(make_project: MakeProject) -> None:
    """Card fit runs in helper processes, split between them; every audience's overflow is still found."""
    steps = "".join(f"{n}. Do step {n} now.\n" for n in range(1, 60))
    files = {
        **AUDIENCES,
        "content/long.md": front("Long card", "type: job-aid\n") + "\n" + steps,
        "content/a.md": front("A") + "\nAsk {{ assistant }}.\n",
    }
    result = check(make_project(files))
    fit = [(f["path"], f["audience"]) for f in result.report["findings"] if f["rule"] == "card-fit"]
    assert fit == [("content/long.md", "desk"), ("content/long.md", "ops")]
