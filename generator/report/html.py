"""The HTML report: one static file, SVG charts drawn by leather, no JavaScript, nothing from another host."""

from __future__ import annotations

import datetime
import html

import jinja2
import leather
from markupsafe import Markup

from generator.report.model import Report
from generator.report.views import PageLine, per_page, weekly_by_audience
from generator.theme import DEFAULT_THEME

# Distinct, colour-blind-safe line colours (Okabe-Ito), one per audience.
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442")

_TEMPLATE = jinja2.Environment(autoescape=True).from_string((DEFAULT_THEME / "report.html").read_text(encoding="utf-8"))


def to_html(report: Report, lines_summary: str) -> str:
    audiences = sorted({t.audience for t in report.totals})
    legend = [(a, COLOURS[i % len(COLOURS)]) for i, a in enumerate(audiences)]
    heading = (
        f"{report.weeks[0]} to {report.weeks[-1]}." if report.weeks else "Nothing was counted in this period."
    ) + f" Counts below {report.min_count} are shown as <{report.min_count}; totals add up only the counts shown."
    return _TEMPLATE.render(
        heading=heading,
        cards=per_page(report, "card_scans"),
        unhelpful=per_page(report, "no"),
        scans_chart=Markup(_chart(report, "card_scans", dict(legend))),
        answers_chart=Markup(_chart(report, "no", dict(legend))),
        legend=legend,
        totals=[t for t in report.totals if t.week is None],
        lines=lines_summary,
        min=report.min_count,
        table=_table,
    )


def _table(pages: list[PageLine], unit: str) -> Markup:
    if not pages:
        return Markup(f"<p>None with enough {html.escape(unit)} to show.</p>")
    rows = "".join(
        f"<tr><td>{html.escape(p.audience)}</td><td{' class=gone' if not p.current else ''}>{html.escape(p.title)}"
        f"</td><td class=n>{p.total}</td><td>{html.escape(' '.join(str(v) or '-' for v in p.weekly))}</td></tr>"
        for p in pages
    )
    head = f"<tr><th>audience</th><th>page</th><th>{html.escape(unit)}</th><th>by week</th></tr>"
    return Markup(f"<table>{head}{rows}</table>")


def _chart(report: Report, metric: str, colours: dict[str, str]) -> str:
    """Lines per audience over the report's weeks; nothing when there is nothing to draw."""
    series = weekly_by_audience(report, metric)
    if not report.weeks or not any(any(v) for v in series.values()):
        return ""
    mondays = [datetime.date.fromisocalendar(int(w[:4]), int(w[6:]), 1) for w in report.weeks]
    chart = leather.Chart()
    if len(mondays) == 1:  # a scale needs two ends
        mondays_scale = (mondays[0] - datetime.timedelta(days=7), mondays[0])
    else:
        mondays_scale = (mondays[0], mondays[-1])
    chart.add_x_scale(*mondays_scale)
    chart.add_y_scale(0, max(max(v) for v in series.values()) or 1)
    for audience, values in sorted(series.items()):
        chart.add_line(list(zip(mondays, values, strict=True)), stroke_color=colours[audience], width=2)
        chart.add_dots(list(zip(mondays, values, strict=True)), fill_color=colours[audience], radius=3)
    svg: str = chart.to_svg(width=720, height=300)
    return svg
