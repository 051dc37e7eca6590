"""`fieldguide report` end to end: the command, its four formats, --db, and nothing that identifies a reader."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import jsonschema
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import MakeProject, audience, page

from generator.cli import main
from generator.schemas import SCHEMA_DIR

ADDRESS, AGENT = "198.51.100.23", "Mozilla/5.0 (Secret-Agent-Marker)"


def log_lines(path: str, n: int, day: str = "01/Dec/2026") -> str:
    one = f'{ADDRESS} - bob [{day}:09:00:00 +0000] "GET {path} HTTP/1.1" 200 99 "https://ref.example/" "{AGENT}"\n'
    return one * n


def project(make_project: MakeProject) -> Path:
    return make_project(
        {
            "audiences/ops.yml": audience("Operators"),
            "content/index.md": page("Home", "Welcome.\n"),
            "content/check.md": page("Check it", "Check every number.\n", "owner: lnd@example.org"),
        }
    )


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["report", *args])
    return result.exit_code, result.output


def test_four_formats_agree_and_hide_small_counts(make_project: MakeProject, tmp_path: Path) -> None:
    root = project(make_project)
    log = tmp_path / "access.log"
    log.write_text(log_lines("/ops/check/?src=card", 6) + log_lines("/ops/feedback/no/check/", 2), encoding="utf-8")
    code, text = run(str(root), str(log))
    assert code == 0, text
    assert "       6  [ops] Check it   by week: 6" in text
    assert "ops: views 6, card scans 6, yes 0, no 0" in text
    code, raw = run(str(root), str(log), "--format", "json")
    data = json.loads(raw)
    schema = json.loads((SCHEMA_DIR / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["rows"] == [
        {"audience": "ops", "page": "check/", "title": "Check it", "current": True, "week": "2026-W49",
         "views": 6, "card_scans": 6, "yes": "<5", "no": "<5"},
    ]  # fmt: skip
    code, csv = run(str(root), str(log), "--format", "csv")
    assert csv.splitlines() == [
        "audience,page,title,current,week,views,card_scans,yes,no",
        "ops,/check/,Check it,true,2026-W49,6,6,<5,<5",
    ]
    out = tmp_path / "report.html"
    code, _ = run(str(root), str(log), "--format", "html", "-o", str(out))
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    assert code == 0 and soup.find("svg") is not None
    assert soup.find("script") is None
    assert not [t for t in soup.find_all(src=True)] and not soup.find_all("link")
    assert "Check it" in soup.get_text()


def test_db_adds_up_rotated_logs_and_keeps_nothing_identifying(make_project: MakeProject, tmp_path: Path) -> None:
    root = project(make_project)
    db = tmp_path / "counts.sqlite"
    week1, week2 = tmp_path / "access.log.1", tmp_path / "access.log"
    week1.write_text(log_lines("/ops/", 5, "01/Dec/2026"), encoding="utf-8")
    week2.write_text(log_lines("/ops/", 5, "08/Dec/2026"), encoding="utf-8")
    assert run(str(root), str(week1), "--db", str(db))[0] == 0
    assert run(str(root), str(week1), "--db", str(db))[0] == 0  # read again: counted once
    code, raw = run(str(root), str(week2), "--db", str(db), "--format", "json")
    data = json.loads(raw)
    assert [(r["week"], r["views"]) for r in data["rows"]] == [("2026-W49", 5), ("2026-W50", 5)]
    assert data["lines"]["read"] == 5
    stored = db.read_bytes() + raw.encode()
    for secret in (ADDRESS, "Secret-Agent-Marker", "bob", "ref.example", "09:00:00"):
        assert secret.encode() not in stored
    with sqlite3.connect(db) as conn:
        assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")} == {
            "counts",
            "sources",
        }


def test_standard_input_and_usage_errors(make_project: MakeProject, tmp_path: Path) -> None:
    root = project(make_project)
    result = CliRunner().invoke(main, ["report", str(root), "-", "--min-count", "1"], input=log_lines("/ops/", 1))
    assert result.exit_code == 0 and "ops: views 1" in result.output
    code, output = run(str(root))
    assert code == 2 and "name at least one access log" in output
    code, output = run(str(root), str(tmp_path / "nope.log"))
    assert code == 2 and "no such log file:" in output
    bad_db = tmp_path / "bad.sqlite"
    bad_db.write_text("not sqlite", encoding="utf-8")
    (tmp_path / "a.log").write_text(log_lines("/ops/", 1), encoding="utf-8")
    code, output = run(str(root), str(tmp_path / "a.log"), "--db", str(bad_db))
    assert code == 2 and "not a Fieldguide report database" in output
