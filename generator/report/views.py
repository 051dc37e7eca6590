"""The questions an L&D lead asks, answered from the report's shown counts only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.report.model import Report, Row, Shown, visible


@dataclass(frozen=True)
class PageLine:
    """One page of one audience over the whole period, with its weekly figures for a trend."""

    audience: str
    page: str
    title: str
    current: bool
    total: int  # sum of the shown weekly counts
    weekly: tuple[Shown, ...]  # one per report week, "" where the page had no row that week


def per_page(report: Report, metric: str) -> list[PageLine]:
    """Pages with a shown count of `metric`, highest first."""
    by_page: dict[tuple[str, str], dict[str, Row]] = defaultdict(dict)
    for row in report.rows:
        by_page[(row.audience, row.page)][row.week] = row
    lines = []
    for (audience, page), weeks in by_page.items():
        total = sum(visible(getattr(r, metric)) for r in weeks.values())
        if not total:
            continue
        any_row = next(iter(weeks.values()))
        weekly = tuple(getattr(weeks[w], metric) if w in weeks else "" for w in report.weeks)
        lines.append(PageLine(audience, page, label(any_row), any_row.current, total, weekly))
    return sorted(lines, key=lambda line: (-line.total, line.audience, line.page))


def label(row: Row) -> str:
    """The page's title, or its address marked as gone when it no longer exists."""
    address = "/" + row.page
    return row.title or f"{address} (page no longer exists)"


def weekly_by_audience(report: Report, metric: str) -> dict[str, list[int]]:
    """Audience -> the shown total of `metric` in each report week."""
    series: dict[str, list[int]] = {}
    index = {w: i for i, w in enumerate(report.weeks)}
    for total in report.totals:
        if total.week is None:
            continue
        series.setdefault(total.audience, [0] * len(report.weeks))[index[total.week]] = getattr(total, metric)
    return series
