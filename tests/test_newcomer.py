"""A newcomer's first day on the command line: finding the project, help, build's report, view, --no-pdf."""

from __future__ import annotations

import io
import json
import re
import socket
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MakeProject, audience, page
from pypdf import PdfReader

from generator.check.run import run_check
from generator.chooser import LIGHT, PRIMARY, contrast, palette
from generator.cli import main
from generator.pdf.cards import address_pieces
from generator.theme import DEFAULT_THEME
from generator.view import make_server

TWO = {
    "audiences/ops.yml": audience("Operators"),
    "audiences/mgr.yml": audience("Managers"),
    "content/index.md": page("Home", "Hello.\n", "summary: Start here, every shift.\nowner: lead@x.example"),
}


def test_project_is_found_upwards_from_a_subfolder(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(TWO)
    monkeypatch.chdir(root / "content")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert "Check summary per audience" in result.output


def test_no_project_names_the_folder_searched_and_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path / "empty")
    for command in ("build", "check", "serve", "view"):
        result = CliRunner().invoke(main, [command])
        assert result.exit_code == 2, command
        folder = (tmp_path / "empty").resolve()
        assert f"Error: no mkdocs.yml in {folder} or any folder above it;" in result.output


def test_a_named_folder_without_mkdocs_yml_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert "no mkdocs.yml in" in result.output


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_on_every_command(flag: str) -> None:
    assert CliRunner().invoke(main, [flag]).exit_code == 0
    for name in main.commands:  # type: ignore[attr-defined]
        result = CliRunner().invoke(main, [name, flag])
        assert result.exit_code == 0, name
        assert result.output.startswith("Usage: "), name


@pytest.mark.parametrize("command", ["build", "check", "serve"])
def test_unknown_audience_gets_did_you_mean_and_exit_2(make_project: MakeProject, command: str) -> None:
    root = make_project(TWO)
    result = CliRunner().invoke(main, [command, str(root), "--audience", "opz"])
    assert result.exit_code == 2
    assert "Error: unknown audience 'opz'; did you mean 'ops'? known: mgr, ops" in result.output


def test_build_reports_once_and_says_where_to_look_next(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(TWO)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Building the portal into {out}/"
    assert all(re.fullmatch(r"built (ops|mgr): 1 pages, site [\d.]+ s, PDFs skipped", line) for line in lines[1:3])
    assert {line.split()[1] for line in lines[1:3]} == {"ops:", "mgr:"}  # each once, and no table after
    assert re.fullmatch(rf"Built 2 audiences \(2 pages\) in [\d.]+ s into {re.escape(str(out))}\.", lines[3])
    assert lines[4] == "PDFs skipped (--no-pdf): no handbook or cards yet; build without --no-pdf to print them."
    assert lines[5] == (
        f"Next: run `fieldguide view --site {out}` and open http://127.0.0.1:8000/ to see the portal as readers will."
    )
    assert len(lines) == 6
    assert "fg" not in lines[0].split()  # no folder-name oddity
    # No handbook was ever printed: no link to one.
    assert "Download the handbook" not in (out / "ops" / "index.html").read_text()
    # The page's summary is on the web page, under its title.
    html = (out / "ops" / "index.html").read_text()
    assert re.search(r"</h1>\s*<p class=\"fg-summary\">Start here, every shift\.</p>", html)


CARD = page("Stop the line", "Stop first. Then ask.\n", "type: job-aid\nsummary: What to do first.")
CAPABILITY = page(
    "What it can do",
    "## Never type in { .never }\n- Names.\n\n## Always check { .check }\n- Numbers.\n\n"
    "## Ask { .ask }\n- Your lead.\n",
    "type: capability\nowner: lead@x.example",
)


def test_no_pdf_keeps_the_published_pdfs_and_their_links(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(
        {
            **TWO,
            "content/on-the-line/stop.md": CARD,
            "content/on-the-line/index.md": page("Line", "x\n"),
            "content/tool/can.md": CAPABILITY,
        }
    )
    out = tmp_path / "site"
    assert CliRunner().invoke(main, ["build", str(root), "-o", str(out), "-q"]).exit_code == 0
    printed = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}
    assert Path("ops/print/cards/on-the-line-stop.pdf") in printed

    # The handbook's contents have section headings: the folder's index page gives its title.
    handbook = "\n".join(p.extract_text() for p in PdfReader(out / "ops" / "print" / "handbook.pdf").pages[:2])
    assert re.search(r"Handbook · printed \d{4}-\d\d-\d\d", handbook)  # the date says what it is
    contents = handbook.split("Contents", 1)[1]
    # Capability pages come first, under a heading of their own.
    expected = r"What the AI can and cannot do\s+What it can do\s.*Home\s.*Line\s+Line\s.*Stop the line"
    assert re.search(expected, contents, re.S), contents

    result = CliRunner().invoke(main, ["build", str(root), "-o", str(out), "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert "PDFs skipped (--no-pdf): the handbooks and cards published before were kept." in result.output
    assert {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*.pdf"))} == printed
    assert "Download the handbook (PDF)" in (out / "ops" / "index.html").read_text()
    assert "print/cards/on-the-line-stop.pdf" in (out / "ops" / "on-the-line" / "stop" / "index.html").read_text()


def test_qr_address_breaks_only_where_no_hyphenation_can_be_read() -> None:
    pieces = address_pieces("ai-guide.northwind.example/floor-operator/never-type-in/")
    assert "".join(pieces) == "ai-guide.northwind.example/floor-operator/never-type-in/"
    assert all(not piece.endswith("-") for piece in pieces)
    assert pieces[:3] == ["ai", "-guide.", "northwind."]


def test_check_counts_a_misspelt_audience_in_every_row_and_never_cuts_ids(make_project: MakeProject) -> None:
    long_id = "a-rather-long-audience-id-that-ci-logs-must-show-whole"
    root = make_project(
        {
            f"audiences/{long_id}.yml": audience("Long"),
            "audiences/ops.yml": audience("Operators"),
            "content/index.md": page("Home", "Hello.\n"),
            "content/typo.md": page("Typo", "Hi.\n", "audiences: [opps]"),
        }
    )
    out = io.StringIO()
    assert run_check(root, None, "json", False, stream=out) == 1
    report = json.loads(out.getvalue())
    assert [row["errors"] for row in report["audiences"]] == [1, 1]
    text = io.StringIO()
    run_check(root, None, "text", False, stream=text)
    assert long_id in text.getvalue()
    assert "1 error," in text.getvalue()


def test_sites_header_text_colours_follow_the_contrast_formula() -> None:
    css = (DEFAULT_THEME / "overrides" / "main.html").read_text()
    white = set(re.findall(r"\[data-md-color-primary=([a-z-]+)\](?=[^{]*\{ --fg-on-primary: #fff; \})", css))
    assert white == set(PRIMARY) - LIGHT
    for name, (colour, _) in PRIMARY.items():
        # The role chooser's header follows the same rule, at WCAG AA's 4.5:1.
        on_primary = palette({"palette": {"primary": name}})["on_primary"]
        assert contrast(on_primary, colour) >= 4.5, name


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode()


def test_view_serves_the_portal_as_published(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(TWO)
    assert CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-q"]).exit_code == 0
    server = make_server(root / "site", "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        status, chooser = _fetch(base + "/")
        assert status == 200 and 'href="ops/index.html"' in chooser
        assert _fetch(base + "/ops/")[0] == 200
        assert _fetch(base + "/ops/search/search_index.json")[0] == 200
        status, missing = _fetch(base + "/ops/nothing/here/")
        assert status == 404 and 'class="md-header' in missing
        assert _fetch(base + "/../../etc/passwd")[0] == 404
    finally:
        server.shutdown()
        server.server_close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["view", str(root), "--port", str(port)])
    assert result.exit_code == 2
    assert (
        result.output
        == f"Error: port {port} is already in use; choose another with --port, for example --port {port + 1}\n"
    )
    result = CliRunner().invoke(main, ["view", str(root), "--site", str(tmp_path / "nothing")])
    assert (
        result.exit_code == 2 and "no built portal in nothing/; build it first with: fieldguide build" in result.output
    )
