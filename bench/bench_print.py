"""Print benchmark: ms per card warm, seconds per handbook page, and the PDFs' share of a full build.

Run: .venv/bin/python bench/bench_print.py [--pages 100] [--cards 40]
It writes a synthetic project into a temporary folder and times plain Python calls and the real CLI.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from own_cache import use_own_cache  # noqa: E402
from synthetic import CONFIG  # noqa: E402

# The synthetic portal's config, plus what the print benchmark exercises.
MKDOCS_YML = CONFIG + "  - attr_list\n  - tables\n  - pymdownx.tabbed:\n      alternate_style: true\n"

BODY = """\
Check the label before you start. Ask your lead when something looks wrong.

!!! warning "Stop first"
    Stop the line before you reach into the machine.

=== "Day shift"
    Hand over at six.

=== "Night shift"
    Hand over at ten.

| Step | Who |
|------|-----|
| Check | You |
| Sign | Lead |

1. Read the order.
2. Check the batch.
3. Sign the sheet.
"""


# A job aid is short by design: it has to fit one side of the audience's card.
CARD_BODY = """\
1. Read the order and check the batch number.
2. Ask the helper which page its answer is from.
3. Open that page and find the line yourself.

!!! warning "Stop first"
    Never wait for the helper to stop a line.
"""


def write_project(root: Path, pages: int, cards: int) -> None:
    (root / "audiences").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    (root / "audiences" / "ops.yml").write_text("name: Operators\ndescription: You run the lines.\n")
    (root / "audiences" / "lead.yml").write_text("name: Leads\ndescription: You lead.\nincludes: [ops]\n")
    (root / "content" / "index.md").write_text("---\ntitle: Home\n---\nWelcome.\n")
    for i in range(pages):
        card = "type: job-aid\nowner: ops@bench.example\nreview_by: 2030-01-01\n" if i < cards else ""
        text = f"---\ntitle: Task {i}\nsummary: What to do for task {i}.\n{card}---\n{CARD_BODY if card else BODY}"
        (root / "content" / f"task-{i:03d}.md").write_text(text)


def time_cards_and_handbook(root: Path, site: Path) -> tuple[float, int, float, int]:
    from generator.compile import compile_project
    from generator.pdf.cards import lay_out_cards, write_cards
    from generator.pdf.engine import engine_for
    from generator.pdf.fetcher import ProjectFetcher
    from generator.pdf.handbook import lay_out_handbook
    from generator.pdf.render import render_print

    compiled = compile_project(root, ["ops"])
    project, edition = compiled.project, compiled.editions[0]
    render_print(project, edition, str(site), "2026-01-01")  # warm-up: imports, fonts, stylesheets
    engine = engine_for(project.root)
    fetcher = ProjectFetcher([project.root, site])

    started = time.perf_counter()
    cards = lay_out_cards(engine, project, edition, "2026-01-01", fetcher)
    write_cards(cards, site / "bench-cards")
    card_seconds = time.perf_counter() - started

    started = time.perf_counter()
    handbook = lay_out_handbook(engine, project, edition, "2026-01-01", fetcher)
    handbook.document.write_pdf(site / "bench-handbook.pdf", pdf_variant="pdf/ua-1")
    handbook_seconds = time.perf_counter() - started
    return card_seconds, len(cards.cards), handbook_seconds, len(handbook.document.pages)


def time_weasyprint_alone(root: Path, site: Path) -> tuple[float, float]:
    """ms per card for WeasyPrint called directly: on the cards' own HTML and CSS, and on bare A6 cards.

    The first is Fieldguide's cards with none of its code around WeasyPrint; the second is WeasyPrint's
    floor for a card at all (a title and a list on an A6 page, no stylesheet, no QR code, no footer).
    """
    import io

    from weasyprint import CSS, HTML

    from generator.compile import compile_project
    from generator.pdf.cards import STYLESHEETS, cards_source
    from generator.pdf.engine import PDF_OPTIONS, engine_for
    from generator.pdf.fetcher import ProjectFetcher
    from generator.pdf.markup import content_url

    compiled = compile_project(root, ["ops"])
    project, edition = compiled.project, compiled.editions[0]
    engine = engine_for(project.root)
    source = cards_source(engine, project, edition, "2026-01-01")
    assert source is not None
    stylesheets = engine.stylesheets(*STYLESHEETS)
    fetcher = ProjectFetcher([project.root, site])
    steps = "".join(f"<li>{line[3:]}</li>" for line in CARD_BODY.splitlines() if line[:2].isdigit())
    card = '<section style="break-before: page"><h1>Task {}</h1><ol>{}</ol></section>'
    bare = "".join(card.format(i, steps) for i in range(40))
    head = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Cards</title></head>'
    bare_html = f"{head}<body>{bare}</body>"
    bare_css = [CSS(string="@page { size: 105mm 148mm; margin: 7mm } html { font: 12pt 'DejaVu Sans' }")]

    def per_card(html: str, base_url: str | None, css: list[CSS]) -> float:
        best = float("inf")
        for _ in range(3):  # the fastest of three: WeasyPrint's own floor, not the machine's noise
            started = time.perf_counter()
            document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(stylesheets=css)
            for page in document.pages:
                document.copy([page]).write_pdf(io.BytesIO(), **PDF_OPTIONS)
            best = min(best, (time.perf_counter() - started) / len(document.pages))
        return 1000 * best

    return per_card(source.html, content_url(project), stylesheets), per_card(bare_html, None, bare_css)


def time_build(root: Path, out: Path, *extra: str) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "generator", "build", str(root), "-o", str(out), "-q", *extra], env=env, check=True
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--cards", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fieldguide-bench-") as tmp:
        use_own_cache(Path(tmp))
        root = Path(tmp) / "project"
        write_project(root, args.pages, args.cards)
        card_s, cards, book_s, book_pages = time_cards_and_handbook(root, Path(tmp) / "direct")
        same_html_ms, bare_ms = time_weasyprint_alone(root, Path(tmp) / "direct")
        time_build(root, Path(tmp) / "warm-up", "--no-pdf")  # the cache by text warm, as after any earlier build
        no_pdf = time_build(root, Path(tmp) / "site-no-pdf", "--no-pdf")
        full = time_build(root, Path(tmp) / "site-full")
        # An editor's next build: one page that is not a card changed (cards copied), then nothing changed.
        task = root / "content" / f"task-{args.pages - 1:03d}.md"
        task.write_text(task.read_text() + "\nOne more line.\n")
        one_page = time_build(root, Path(tmp) / "site-full")
        unchanged = time_build(root, Path(tmp) / "site-full")
    source_pages = args.pages + 1
    print(f"synthetic project: {source_pages} pages, {cards} cards, 2 audiences")
    print(f"cards, warm, one layout: {1000 * card_s / cards:.1f} ms per card ({cards} cards, {card_s:.2f} s)")
    print(
        f"WeasyPrint alone, fastest of 3: the same cards' HTML and CSS {same_html_ms:.1f} ms per card; "
        f"bare A6 cards (a title and a list; no stylesheet, QR code or footer) {bare_ms:.1f} ms per card"
    )
    print(
        f"handbook, warm: {book_s / source_pages:.3f} s per source page, {book_s / book_pages:.3f} s per PDF page "
        f"({book_pages} PDF pages, {book_s:.2f} s)"
    )
    share = (full - no_pdf) / full
    print(f"fieldguide build: {full:.1f} s; --no-pdf: {no_pdf:.1f} s; PDFs take {100 * share:.0f}% of the full build")
    print(
        f"next build, one page that is not a card changed: {one_page:.1f} s ({one_page / full:.2f} of a full build; "
        f"cards copied, handbooks laid out); nothing changed: {unchanged:.2f} s ({unchanged / full:.3f})"
    )


if __name__ == "__main__":
    main()
