"""The report as data: counts per audience, page and ISO week, small counts hidden.

Every count below `min_count` is shown as `<N>`, and every total adds up only the counts
shown, so that no subtraction between two figures can reveal a hidden count.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from pydantic import BaseModel, ConfigDict, Field

from generator.report.counts import Counts
from generator.report.portal import Metric, PortalMap

Shown = int | str  # a count, or "<N" when it is below the threshold
METRICS = tuple(m.value for m in Metric)


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Row(_Frozen):
    """One page of one audience in one ISO week."""

    audience: str = Field(description="Audience id")
    page: str = Field(description="The page's address within the audience's site ('' is the home page)")
    title: str | None = Field(description="The page's title today; null when the page no longer exists")
    current: bool = Field(description="False when the page no longer exists: counted under its old address")
    week: str = Field(description="ISO week, e.g. 2026-W48")
    views: Shown = Field(description="Page views, card scans included")
    card_scans: Shown = Field(description="Visits from a card's QR code (src=card)")
    yes: Shown = Field(description="'Did this help?' answered yes")
    no: Shown = Field(description="'Did this help?' answered no")


class Total(_Frozen):
    """The sum of the counts shown for one audience, in one week or overall."""

    audience: str
    week: str | None = Field(description="ISO week; null for the whole period")
    views: int
    card_scans: int
    yes: int
    no: int


class Lines(_Frozen):
    """What was read and why lines did not count; never fatal."""

    read: int
    unreadable: int = Field(description="Lines in no known log format: skipped")
    bots: int = Field(description="Requests from clients that say they are bots, crawlers or previews")
    already_counted: int = Field(description="Lines of a log read before (--db, or named twice)")
    not_counted: dict[str, int] = Field(description="Other lines, by reason: assets, errors, other sites...")


class Report(_Frozen):
    """`fieldguide report`: evidence of use, counting events, never people."""

    min_count: int
    since: datetime.date | None
    until: datetime.date | None
    weeks: list[str]
    rows: list[Row]
    totals: list[Total]
    lines: Lines


def iso_week(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def build_report(
    counts: Counts,
    portal: PortalMap,
    min_count: int = 5,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> Report:
    raw: dict[tuple[str, str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(METRICS, 0))
    for (audience, page, day, metric), n in counts.events.items():
        if (since and day < since) or (until and day > until):
            continue
        raw[(audience, page, iso_week(day))][metric] += n

    def shown(n: int) -> Shown:
        return n if n >= min_count else f"<{min_count}"

    rows = [
        Row(
            audience=audience,
            page=page,
            title=portal.title(audience, page),
            current=portal.is_current(audience, page),
            week=week,
            **{m: shown(v) for m, v in values.items()},
        )
        for (audience, page, week), values in sorted(raw.items())
    ]
    tally = counts.tally
    lines = Lines(
        read=tally.read,
        unreadable=tally.unreadable,
        bots=tally.bots,
        already_counted=tally.already_counted,
        not_counted=dict(sorted(tally.reasons.items())),
    )
    weeks = sorted({r.week for r in rows})
    return Report(
        min_count=min_count, since=since, until=until, weeks=weeks, rows=rows, totals=_totals(rows), lines=lines
    )


def visible(value: Shown) -> int:
    """A shown count, or 0 for a hidden one: totals add up only what is shown."""
    return value if isinstance(value, int) else 0


def _totals(rows: list[Row]) -> list[Total]:
    sums: dict[tuple[str, str | None], dict[str, int]] = defaultdict(lambda: dict.fromkeys(METRICS, 0))
    for row in rows:
        for key in ((row.audience, row.week), (row.audience, None)):
            for metric in METRICS:
                sums[key][metric] += visible(getattr(row, metric))
    ordered = sorted(sums.items(), key=lambda item: (item[0][0], item[0][1] or "~"))
    return [Total(audience=a, week=w, **values) for (a, w), values in ordered]
