"""Issue 11 item 1: `build` refuses what `check` calls an error, with the same message, and counts warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
from checkhelp import AUDIENCES, check, front
from click.testing import CliRunner
from conftest import MakeProject

from generator.build import build
from generator.cli import main
from generator.findings import ContentError

LLM_PAGE = front("Ask") + "\nThis uses an LLM.\n"
WARNED_PAGE = front("Ask") + "\nAsk the helper. See [here](a.md).\n"


def test_build_refuses_a_word_to_avoid_with_checks_message(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({**AUDIENCES, "content/a.md": LLM_PAGE})
    out = tmp_path / "site"
    with pytest.raises(ContentError) as raised:
        build(root, out, with_pdf=False)
    built = [str(f) for f in raised.value.findings]
    assert built == ["content/a.md:6: [ops] 'LLM' is a word to avoid for this audience; write 'the helper' instead"]
    assert [f"error: {line}" for line in built] == check(root).lines("avoid-word")
    assert not out.exists()


def test_build_counts_warnings_and_points_to_check(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({**AUDIENCES, "content/a.md": WARNED_PAGE})
    result = CliRunner().invoke(main, ["build", str(root), "-o", str(tmp_path / "site"), "--no-pdf"])
    assert result.exit_code == 0, result.output
    warnings = check(root).report["counts"]["warning"]
    assert warnings == 4  # vague link text and an unused term, for each audience
    assert f"{warnings} plain-language warnings (not errors); run 'fieldguide check' to see them" in result.output
    assert (tmp_path / "site" / "ops" / "a" / "index.html").exists()
