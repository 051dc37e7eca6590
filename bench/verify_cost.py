"""Cost of the output checks (generator/verify) against the build they check.

    .venv/bin/python bench/verify_cost.py [--pages 500] [--pdf]

Each audience is built in a fresh process, one at a time, as a worker builds it; the process's
CPU time is taken for the site (and PDFs), then for the checks, so that other load on the machine
does not skew the ratio. Reports per audience and in total: check CPU / build CPU.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from own_cache import use_own_cache  # noqa: E402
from synthetic import write_project  # noqa: E402

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def one(project: Path, audience: str, work: Path, with_pdf: bool) -> tuple[str, int, float, float, str, int]:
    from generator.compile import compile_project
    from generator.outdir import build_label
    from generator.pdf.render import render_print
    from generator.site.edition import write_edition
    from generator.site.mkdocs_build import build_site
    from generator.verify.outputs import pdf_text
    from generator.verify.run import verify_output

    compiled = compile_project(project, [audience])
    edition = compiled.editions[0]
    site_dir = work / "site" / audience
    job = write_edition(compiled.project, edition, work / "docs" / audience, site_dir, with_pdf)
    started = time.process_time()
    build_site(job)
    if with_pdf:
        render_print(compiled.project, edition, str(site_dir), build_label())
    built = time.process_time() - started
    started, children = time.process_time(), _children()
    findings = verify_output(compiled.project, edition, str(site_dir), "site")
    checked = time.process_time() - started + _children() - children  # pdftotext runs as a child
    timings = ""
    if with_pdf:
        from pypdf import PdfReader

        pdfs = sorted(site_dir.glob("print/**/*.pdf"))
        size = sum(f.stat().st_size for f in pdfs) / 1e6
        wall = time.perf_counter()
        for file in pdfs:
            pdf_text(file)
        poppler = time.perf_counter() - wall
        wall = time.perf_counter()
        for file in pdfs:
            "".join(page.extract_text() for page in PdfReader(file).pages)
        pure = time.perf_counter() - wall
        timings = f"; {len(pdfs)} PDFs, {size:.1f} MB: pdftotext {poppler:.2f} s, pypdf {pure:.2f} s"
    return audience, len(edition.pages), built, checked, timings, len(findings)


def _children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--pdf", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fieldguide-verify-") as tmp:
        use_own_cache(Path(tmp))
        project = write_project(Path(tmp) / "project", args.pages)
        audiences = sorted(p.stem for p in (project / "audiences").glob("*.yml") if not p.stem.startswith("_"))
        total_built = total_checked = 0.0
        context = get_context("spawn")
        for audience in audiences:
            with ProcessPoolExecutor(1, mp_context=context) as pool:
                name, pages, built, checked, pdf, found = pool.submit(
                    one, project, audience, Path(tmp), args.pdf
                ).result()
            total_built += built
            total_checked += checked
            print(f"{name}: {pages} pages, build {built:.2f} s CPU, checks {checked:.3f} s CPU, {found} findings{pdf}")
        print(f"checks / build: {total_checked / total_built:.2%} ({total_checked:.2f} s of {total_built:.2f} s CPU)")


if __name__ == "__main__":
    main()
