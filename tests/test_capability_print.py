"""Capability cards (never, check and ask first, on the front) and the handbook order, printed for real."""

from __future__ import annotations

import subprocess
from pathlib import Path

from capability_support import ASSIST, capability_project
from conftest import MakeProject
from PIL import Image
from pypdf import PdfReader

from generator.compile import compile_project
from generator.pdf.cards import check_card_fit
from generator.pdf.render import Printed, render_print


def render(root: Path, audience_id: str, site: Path) -> Printed:
    compiled = compile_project(root, [audience_id])
    assert not compiled.errors, [str(f) for f in compiled.errors]
    return render_print(compiled.project, compiled.editions[0], str(site), "2026-01-01")


def fit(root: Path, audience_id: str) -> list[str]:
    compiled = compile_project(root, [audience_id])
    return [str(f) for f in check_card_fit(compiled.project, compiled.editions[0])]


def page_texts(path: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages]


def two_sided(page: str = ASSIST) -> str:
    """The whole fixture page needs two sides of a6; the card line replaces the owner, so lines stay put."""
    return page.replace("owner: ai@example.org\n", "card: {sides: 2}\n")


def test_a_capability_page_is_a_card_with_never_check_ask_first(make_project: MakeProject, tmp_path: Path) -> None:
    root = capability_project(make_project, {"content/assist.md": two_sided()})
    printed = render(root, "lead", tmp_path / "site")
    assert printed.findings == [] and printed.cards == 1
    front, back = page_texts(tmp_path / "site" / "print" / "cards" / "assist.pdf")
    order = [front.index(words) for words in ("Never type in", "Staff reviews", "Always check", "Who to ask")]
    assert order == sorted(order)
    assert "call the plant manager" in front
    # A two-sided capability card puts the rest on the back, in page order.
    assert "What it is good at" not in front
    order = [back.index(words) for words in ("What it is good at", "What it gets wrong", "A person decides", "If it")]
    assert order == sorted(order)


def test_one_sided_card_has_the_front_sections_first_then_the_rest(make_project: MakeProject, tmp_path: Path) -> None:
    short = "---\ntitle: Tool\ntype: capability\ncard: {size: a6}\n---\n"
    short += "## Good at { .can }\n- Lists.\n\n## Never { .never }\n- Names.\n\n## Check { .check }\n- Numbers.\n"
    short += "\n## Ask { .ask }\n- Your lead.\n"
    root = capability_project(make_project, {"content/assist.md": short})
    render(root, "ops", tmp_path / "site")
    (text,) = page_texts(tmp_path / "site" / "print" / "cards" / "assist.pdf")
    order = [text.index(words) for words in ("Never", "Check", "Ask", "Good at")]
    assert order == sorted(order)


def test_front_sections_that_do_not_fit_on_the_front_are_named(make_project: MakeProject) -> None:
    many = "".join(f"- Never type in the name of customer number {i} or their address.\n" for i in range(14))
    page = two_sided(ASSIST.replace("- Customer names.\n", many)).replace(
        "card: {sides: 2}", "card: {size: a7, sides: 2}"
    )
    root = capability_project(make_project, {"content/assist.md": page})
    assert fit(root, "ops") == [
        "content/assist.md:4: [ops] the never, check and ask sections do not fit on the front of the a7 card "
        "(never ('Never type in'), check ('Always check') and ask ('Who to ask') do not); "
        "shorten them: text is never shrunk, and they must be on the front",
    ]


def test_only_the_sections_that_run_over_are_named(make_project: MakeProject) -> None:
    many = "".join(f"- Check number {i} against the batch sheet.\n" for i in range(9))
    page = ASSIST.replace("- Every number, against the batch sheet.\n", many)
    root = capability_project(make_project, {"content/assist.md": page})
    (message,) = fit(root, "ops")
    assert message.startswith("content/assist.md:1: [ops] the never, check and ask sections do not fit on the front")
    # The never section still fits; the two after it do not.
    assert "(check ('Always check') and ask ('Who to ask') do not);" in message


def test_the_rest_must_fit_the_cards_sides(make_project: MakeProject) -> None:
    long = "".join(f"- It gets wrong thing number {i}.\n    - Example: it said {i} things.\n" for i in range(60))
    root = capability_project(make_project, {"content/assist.md": ASSIST.replace("- Names of people.\n", long)})
    (message,) = fit(root, "ops")
    assert message.startswith("content/assist.md:2: [ops] card does not fit on 2 side(s) of a6: it needs ")


def test_handbook_puts_capability_pages_first_after_the_contents(make_project: MakeProject, tmp_path: Path) -> None:
    nav = "nav:\n  - index.md\n  - guide.md\n  - assist.md\n"
    guide = "---\ntitle: A long guide\n---\nRead this.\n"
    root = capability_project(make_project, {"content/guide.md": guide, "content/assist.md": two_sided()})
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text() + nav)
    render(root, "ops", tmp_path / "site")
    texts = page_texts(tmp_path / "site" / "print" / "handbook.pdf")
    contents = next(i for i, t in enumerate(texts) if t.startswith("Contents"))
    assert texts[contents + 1].startswith("What the helper can do")
    listed = texts[contents]
    assert listed.index("What the helper can do") < listed.index("Home") < listed.index("A long guide")


def test_each_class_prints_in_its_own_colour(make_project: MakeProject, tmp_path: Path) -> None:
    render(capability_project(make_project, {"content/assist.md": two_sided()}), "ops", tmp_path / "site")
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            str(tmp_path / "site" / "print" / "cards" / "assist.pdf"),
            str(tmp_path / "c"),
        ],
        check=True,
    )
    colours = {"never": (0xB7, 0x1C, 0x1C), "check": (0x0D, 0x47, 0xA1), "ask": (0x00, 0x69, 0x5C)}
    front = Image.open(next(tmp_path.glob("c-1.png"))).convert("RGB")
    raw = front.tobytes()
    pixels = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    for cls, rgb in colours.items():
        near = sum(1 for p in pixels if all(abs(a - b) < 12 for a, b in zip(p, rgb, strict=True)))
        assert near > 40, cls


def test_a_title_written_as_heading_stays_on_top_of_the_front(make_project: MakeProject, tmp_path: Path) -> None:
    page = "---\ntitle: Helper rules\ntype: capability\n---\n# Helper rules\n\nIntro words.\n\n"
    page += "## Good at { .can }\n- Lists.\n\n"
    page += "## Never { .never }\n- Names.\n\n## Check { .check }\n- Numbers.\n\n## Ask { .ask }\n- Your lead.\n"
    root = capability_project(make_project, {"content/assist.md": page})
    render(root, "ops", tmp_path / "site")
    (text,) = page_texts(tmp_path / "site" / "print" / "cards" / "assist.pdf")
    # The '# heading' stays above the never section, whether or not the template also prints the title.
    order = [text.rindex("Helper rules")] + [text.index(w) for w in ("Never", "Check", "Ask", "Intro words", "Good at")]
    assert order == sorted(order)
