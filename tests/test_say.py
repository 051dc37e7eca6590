"""`build`'s progress lines: Fieldguide's own words may be coloured, every other text is printed as it is."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MakeProject, audience, page

from generator.cli import main
from generator.say import Say


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def no_colour_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FORCE_COLOR", "NO_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)


def test_a_folder_name_with_brackets_is_printed_as_it_is(make_project: MakeProject, tmp_path: Path) -> None:
    # rich's markup took '[draft]' for a style and dropped it; '[/]' ended the build in a traceback.
    root = make_project({"audiences/ops.yml": audience("Operators"), "content/index.md": page("Home", "Hello.\n")})
    out = tmp_path / "out[draft][/]"
    result = CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Building the portal into {out}/"
    assert re.fullmatch(r"built ops: 1 pages, site [\d.]+ s, PDFs skipped", lines[1])
    assert lines[2] == "1 plain-language warning (not errors); run 'fieldguide check' to see them"
    assert re.fullmatch(rf"Built 1 audience \(1 pages\) in [\d.]+ s into {re.escape(str(out))}\.", lines[3])


def test_text_is_never_read_as_markup() -> None:
    stream = io.StringIO()
    say = Say(stream=stream)
    say("  MkDocs:", "yellow", " a link to [note](x.md) [/] [bold]")
    say("[red]plain[/]")
    assert stream.getvalue() == "  MkDocs: a link to [note](x.md) [/] [bold]\n[red]plain[/]\n"


def test_control_characters_are_shown_never_sent() -> None:
    # A file name or a warning may hold them: an escape sequence would recolour or rewrite the terminal,
    # a carriage return would print over the start of the line, a bidi override would reorder it.
    stream = Terminal()
    Say(stream=stream)("  MkDocs:", "yellow", " page \x1b[2J\x1b]0;pwned\x07.md\rok\u202etxt.exe\nsecond line\tend")
    assert stream.getvalue() == (
        "\x1b[33m  MkDocs:\x1b[0m page \\x1b[2J\\x1b]0;pwned\\x07.md\\x0dok\\u202etxt.exe\nsecond line\tend\n"
    )


def test_only_the_first_word_is_coloured_on_a_terminal() -> None:
    stream = Terminal()
    Say(stream=stream)("built", "green", " ops: [x]")
    Say(stream=stream)("no colour asked for", None, " [y]")
    assert stream.getvalue() == "\x1b[32mbuilt\x1b[0m ops: [x]\nno colour asked for [y]\n"


@pytest.mark.parametrize(
    ("setting", "terminal", "coloured"),
    [
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"TERM": "dumb"}, True, False),
        ({"FORCE_COLOR": "1"}, False, True),
    ],
)
def test_colour_follows_the_usual_settings(
    monkeypatch: pytest.MonkeyPatch, setting: dict[str, str], terminal: bool, coloured: bool
) -> None:
    for name, value in setting.items():
        monkeypatch.setenv(name, value)
    stream = Terminal() if terminal else io.StringIO()
    Say(stream=stream)("failed", "red", " ops")
    assert stream.getvalue() == ("\x1b[31mfailed\x1b[0m ops\n" if coloured else "failed ops\n")


def test_quiet_prints_nothing() -> None:
    stream = io.StringIO()
    Say(quiet=True, stream=stream)("built", "green", " ops")
    assert stream.getvalue() == ""


@pytest.mark.parametrize("command", ["build", "check"])
def test_an_error_line_shows_the_control_characters_an_address_holds(
    make_project: MakeProject, tmp_path: Path, command: str
) -> None:
    root = make_project(
        {"audiences/ops.yml": audience("Operators"), "content/index.md": page("Home", "See [it](gone\x1b[2J.md).\n")}
    )
    extra = ["--no-pdf", "-o", str(tmp_path / "out")] if command == "build" else []
    result = CliRunner().invoke(main, [command, str(root), *extra])
    assert result.exit_code == 1
    shown = "gone\\x1b[2J.md"
    expected = f"content/index.md:4: [ops] link to '{shown}', but there is no page content/{shown}; fix the path"
    assert expected in result.output.splitlines()
    assert "\x1b" not in result.output
