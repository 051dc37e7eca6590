"""Handbook print cost on a Material-docs-like project: seconds and peak memory per handbook PDF page.

Run: .venv/bin/python bench/bench_material.py [--pages 100]
It writes a project shaped like Material for MkDocs' own documentation (pages without front matter, titles
from '# heading', admonitions, tabs with icons in their labels, icons and emoji, annotated code, tables,
footnotes, setext headings) with one one-line audience file, then lays out and writes the handbook in a
fresh process, and reports wall time and that process's peak resident memory. Then WeasyPrint is called
directly on the same handbook's HTML and stylesheets, in a fresh process too: its own floor for these pages.
Then it times the site alone, `fieldguide build --no-pdf --force` against plain `mkdocs build` on the same
project, with each one's peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bytecode import compile_package  # noqa: E402
from own_cache import use_own_cache  # noqa: E402

CONFIG = """\
site_name: Material-like docs
site_url: https://docs.example/
docs_dir: content
theme:
  name: material
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
"""

PAGE = """\
# Setting up feature {n}

Feature {n} is configured in `mkdocs.yml`. It builds on [the previous one](page-{prev}.md#configuration).

## Configuration

<!-- md:version 9.{n} -->

Add the following lines to `mkdocs.yml`:

``` yaml
theme:
  features:
    - feature.{n} # (1)!
```

1.  :material-information-outline: The feature is off by default.

=== ":material-apple: macOS"

    ``` sh
    brew install feature-{n}
    ```

=== ":material-linux: Linux"

    ``` sh
    apt install feature-{n}
    ```

!!! tip "Tip :octicons-light-bulb-16:"

    You can combine feature {n} with others.[^1]

| Option        | Default | Description                       |
| ------------- | ------- | --------------------------------- |
| `enabled`     | `true`  | :material-check: Turns it on      |
| `size`        | `12`    | :material-close: Not for print    |

Usage
-----

`option`
:   What the option does, in a definition list.

??? example "Example"

    Collapsed example text for feature {n}.

[^1]: A footnote on page {n}.
"""


def write_project(root: Path, pages: int) -> Path:
    (root / "audiences").mkdir(parents=True)
    (root / "audiences" / "everyone.yml").write_text("name: Everyone\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    content = root / "content"
    content.mkdir()
    for n in range(pages):
        (content / f"page-{n}.md").write_text(PAGE.format(n=n, prev=max(n - 1, 0)), encoding="utf-8")
    (content / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    return root


CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    from pypdf import PdfReader
    from generator.compile import compile_project
    from generator.pdf.engine import PDF_OPTIONS, engine_for
    from generator.pdf.fetcher import ProjectFetcher
    from generator.pdf.handbook import lay_out_handbook

    from generator.pdf.handbook import STYLESHEETS, handbook_source
    from generator.pdf.markup import content_url
    from generator.theme import theme_file
    from weasyprint import CSS, HTML

    root, out, alone = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "alone"
    compiled = compile_project(root)
    assert not compiled.errors, [str(f) for f in compiled.errors]
    edition = compiled.editions[0]
    fetcher = ProjectFetcher([root, out])
    engine = engine_for(str(root))
    if alone:  # the handbook's own HTML and stylesheets, made before timing, for WeasyPrint called directly
        html, _ = handbook_source(engine, compiled.project, edition, "2026-01-01")
        sheets = [theme_file(root, f"print/{name}") for name in STYLESHEETS]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # imports and the project, before print
    started = time.perf_counter()
    if alone:
        css = [CSS(filename=str(sheet), url_fetcher=fetcher) for sheet in sheets]
        document = HTML(string=html, base_url=content_url(compiled.project), url_fetcher=fetcher).render(
            stylesheets=css, **PDF_OPTIONS
        )
        document.write_pdf(out / "handbook.pdf", **PDF_OPTIONS)
    else:
        handbook = lay_out_handbook(engine, compiled.project, edition, "2026-01-01", fetcher)
        handbook.document.write_pdf(out / "handbook.pdf", **PDF_OPTIONS)
    seconds = time.perf_counter() - started
    pages = len(PdfReader(out / "handbook.pdf").pages)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
    print(json.dumps({"source_pages": len(edition.pages), "pdf_pages": pages, "seconds": seconds, "peak_mib": peak,
                      "cpu": cpu, "before_mib": before}))
    """
)


# Runs one command and reports its wall time and the peak resident memory of its largest process.
MEASURE = textwrap.dedent(
    """
    import json, resource, subprocess, sys, time
    started = time.perf_counter()
    subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
    """
)


def measured(command: list[str], env: dict[str, str], repeat: int) -> tuple[float, float]:
    """Median wall seconds and the largest peak memory (MiB) of `repeat` runs, after one warm-up run."""
    runs = []
    for _ in range(repeat + 1):
        done = subprocess.run([sys.executable, "-c", MEASURE, *command], env=env, capture_output=True, text=True)
        done.check_returncode()
        runs.append(json.loads(done.stdout))
    runs = runs[1:]
    return statistics.median(r["seconds"] for r in runs), max(r["peak_mib"] for r in runs)


def compare_sites(root: Path, out: Path, env: dict[str, str], repeat: int) -> None:
    """The site alone, one audience: `fieldguide build --no-pdf --force` against plain `mkdocs build`."""
    bin_dir = Path(sys.executable).parent
    plain = measured(
        [str(bin_dir / "mkdocs"), "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(out / "plain")], env, repeat
    )
    ours = measured(
        [str(bin_dir / "fieldguide"), "build", str(root), "-o", str(out / "fg"), "--no-pdf", "--force", "-q"],
        env,
        repeat,
    )
    print(
        f"site, one audience: plain mkdocs build {plain[0]:.2f} s, peak {plain[1]:.0f} MiB; "
        f"fieldguide build --no-pdf --force {ours[0]:.2f} s, peak {ours[1]:.0f} MiB; "
        f"ratios {ours[0] / plain[0]:.2f} (time), {ours[1] / plain[1]:.2f} (memory)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each site build (medians)")
    args = parser.parse_args()
    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        use_own_cache(Path(tmp))
        root = write_project(Path(tmp) / "project", args.pages)
        out = Path(tmp) / "out"
        out.mkdir()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        results = {}
        for way in ("fieldguide", "alone"):  # each in a fresh process, for its own peak memory
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(root), str(out), way], env=env, capture_output=True, text=True
            )
            if done.returncode:
                print(done.stderr, file=sys.stderr)
                return 1
            results[way] = json.loads(done.stdout.strip().splitlines()[-1])
        compare_sites(root, out, env, args.repeat)
    result, alone = results["fieldguide"], results["alone"]
    pdf_pages = result["pdf_pages"]
    print(
        f"{result['source_pages']} source pages -> {pdf_pages} handbook pages: "
        f"{result['seconds']:.1f} s wall ({result['seconds'] / pdf_pages:.3f} s per PDF page), "
        f"{result['cpu']:.1f} s CPU for the whole process, "
        f"peak {result['peak_mib']:.0f} MiB ({result['peak_mib'] / pdf_pages:.2f} MiB per PDF page; "
        f"{(result['peak_mib'] - result['before_mib']) / pdf_pages:.2f} MiB per PDF page above the "
        f"{result['before_mib']:.0f} MiB the process held before printing)"
    )
    print(
        f"WeasyPrint alone on the same handbook's HTML and stylesheets ({alone['pdf_pages']} pages): "
        f"{alone['seconds'] / alone['pdf_pages']:.3f} s and "
        f"{(alone['peak_mib'] - alone['before_mib']) / alone['pdf_pages']:.2f} MiB per PDF page above the "
        f"{alone['before_mib']:.0f} MiB held before; Fieldguide's handbook took "
        f"{result['seconds'] / alone['seconds']:.2f} of its time"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
