"""Text, JSON and CSV renderings of a report. The HTML one is in html.py."""

from __future__ import annotations

import csv
import io
import json

from generator.report.model import METRICS, Report
from generator.report.views import PageLine, per_page

_HEADERS = {"views": "views", "card_scans": "card scans", "yes": "yes", "no": "no"}


def to_json(report: Report) -> str:
    return json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["audience", "page", "title", "current", "week", *METRICS])
    for row in report.rows:
        values = [getattr(row, m) for m in METRICS]
        writer.writerow([row.audience, "/" + row.page, row.title or "", str(row.current).lower(), row.week, *values])
    return out.getvalue()


def to_text(report: Report) -> str:
    lines = [_heading(report), ""]
    lines += _section("Which cards are scanned", per_page(report, "card_scans"), report, "scans")
    lines += _section("Which pages people say did not help", per_page(report, "no"), report, "no")
    lines += ["Totals per audience (shown counts only)"]
    overall = [t for t in report.totals if t.week is None]
    if not overall:
        lines.append("  nothing counted")
    for total in overall:
        figures = ", ".join(f"{_HEADERS[m]} {getattr(total, m)}" for m in METRICS)
        lines.append(f"  {total.audience}: {figures}")
    lines += ["", lines_summary(report)]
    return "\n".join(lines) + "\n"


def _heading(report: Report) -> str:
    span = f"{report.weeks[0]} to {report.weeks[-1]}" if report.weeks else "no weeks with counts"
    return (
        f"Fieldguide report, {span}. Counts below {report.min_count} are shown as <{report.min_count}; "
        "totals add up only the counts shown."
    )


def _section(title: str, pages: list[PageLine], report: Report, unit: str) -> list[str]:
    lines = [title]
    if not pages:
        lines.append(f"  none with {report.min_count} or more {unit} in a week")
    for line in pages[:20]:
        trend = " ".join(str(v) if v != "" else "-" for v in line.weekly)
        lines.append(f"  {line.total:>6}  [{line.audience}] {line.title}   by week: {trend}")
    return [*lines, ""]


def lines_summary(report: Report) -> str:
    counted = report.lines
    reasons = ", ".join(f"{reason} {n}" for reason, n in counted.not_counted.items())
    return (
        f"Lines read {counted.read}: unreadable {counted.unreadable} (skipped), bots {counted.bots}, "
        f"already counted {counted.already_counted}" + (f"; not counted: {reasons}" if reasons else "")
    )
