"""`fieldguide report` on crafted log lines: what counts, what is skipped, and the small-count rule."""

from __future__ import annotations

import datetime
import gzip
from pathlib import Path

import pytest

from generator.report.counts import Counts
from generator.report.formats import to_csv, to_text
from generator.report.model import build_report
from generator.report.portal import PortalMap

PAGES = {"ops": {"": "Home", "check/": "Check it"}, "mgr": {"": "Managers' home"}}
PORTAL = PortalMap.from_site_url("https://intranet.example/guide/", PAGES)
AGENT = "Mozilla/5.0 (X11; Linux x86_64)"


def line(path: str, status: int = 200, method: str = "GET", agent: str = AGENT, day: str = "01/Dec/2026") -> str:
    return f'192.0.2.7 - alice [{day}:10:00:00 +0100] "{method} {path} HTTP/1.1" {status} 512 "-" "{agent}"'


def count(lines: list[str], tmp_path: Path, name: str = "access.log") -> Counts:
    log = tmp_path / name
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts = Counts()
    counts.read_log(str(log), PORTAL)
    return counts


@pytest.mark.parametrize(
    ("logged", "reason"),
    [
        (line("/guide/ops/", method="POST"), "not a GET"),
        (line("/guide/ops/", method="HEAD"), "not a GET"),
        (line("/guide/ops/missing/", status=404), "not successful"),
        (line("/guide/ops/", status=500), "not successful"),
        (line("/guide/ops/assets/stylesheets/main.css"), "an asset"),
        (line("/guide/ops/print/cards/check.pdf"), "an asset"),
        (line("/guide/ops/search/search_index.json"), "an asset"),
        (line("/guide/ops/images/a.png"), "an asset"),
        (line("/other-site/ops/"), "another site"),
        (line("/guide/"), "not an audience's site"),
        (line("/guide/nobody/"), "not an audience's site"),
    ],
)
def test_lines_that_do_not_count(logged: str, reason: str, tmp_path: Path) -> None:
    counts = count([logged], tmp_path)
    assert not counts.events
    assert counts.tally.reasons == {reason: 1}


@pytest.mark.parametrize(
    "agent",
    ["Googlebot/2.1 (+http://www.google.com/bot.html)", "Slackbot-LinkExpanding 1.0", "facebookexternalhit/1.1",
     "Mozilla/5.0 (compatible; bingbot/2.0)", "SomeCrawler/1.0", "Microsoft Office Preview"],
)  # fmt: skip
def test_bots_crawlers_and_previews_do_not_count(agent: str, tmp_path: Path) -> None:
    counts = count([line("/guide/ops/", agent=agent)], tmp_path)
    assert not counts.events
    assert counts.tally.bots == 1


def test_views_card_scans_and_answers_per_page_and_day(tmp_path: Path) -> None:
    day = datetime.date(2026, 12, 1)
    counts = count(
        [
            line("/guide/ops/check/"),
            line("/guide/ops/check/index.html"),
            line("/guide/ops/check/?src=card"),
            line("/guide/ops/check/?utm_source=x&src=card"),
            line("/guide/ops/check/?src=cardboard"),
            line("/guide/ops/feedback/yes/check/"),
            line("/guide/ops/feedback/no/check/index.html"),
            line("/guide/ops/feedback/no/"),
            line("/guide/mgr/", status=304),
        ],
        tmp_path,
    )
    assert dict(counts.events) == {
        ("ops", "check/", day, "views"): 5,
        ("ops", "check/", day, "card_scans"): 2,
        ("ops", "check/", day, "yes"): 1,
        ("ops", "check/", day, "no"): 1,
        ("ops", "", day, "no"): 1,
        ("mgr", "", day, "views"): 1,
    }


def test_unreadable_lines_are_skipped_and_reported_never_fatal(tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    log.write_bytes(
        b"not a log line\n\xff\xfe\x00garbage\n"
        + line("/guide/ops/caf\xe9/").encode("latin-1")
        + b"\n"
        + line("/guide/ops/%63heck/").encode()
        + b'\n192.0.2.7 - - [99/Foo/2026:10:00:00 +0000] "GET /guide/ops/ HTTP/1.1" 200 1 "-" "x"\n'
    )
    counts = Counts()
    counts.read_log(str(log), PORTAL)
    report = build_report(counts, PORTAL, min_count=1)
    assert counts.tally.read == 5
    assert counts.tally.unreadable == 3
    assert [(r.page, r.views, r.current) for r in report.rows] == [("caf\ufffd/", 1, False), ("check/", 1, True)]
    assert "Lines read 5: unreadable 3 (skipped)" in to_text(report)


def test_common_format_without_agent_and_gzip(tmp_path: Path) -> None:
    common = '192.0.2.7 - - [01/Dec/2026:10:00:00 +0000] "GET /guide/ops/ HTTP/1.1" 200 512'
    (tmp_path / "access.log.2.gz").write_bytes(gzip.compress((common + "\n").encode()))
    counts = Counts()
    counts.read_log(str(tmp_path / "access.log.2.gz"), PORTAL)
    assert sum(counts.events.values()) == 1


def test_small_counts_are_hidden_and_totals_add_up_only_what_is_shown(tmp_path: Path) -> None:
    counts = count([line("/guide/ops/check/")] * 7 + [line("/guide/ops/")] * 3, tmp_path)
    report = build_report(counts, PORTAL, min_count=5)
    assert [(r.page, r.views) for r in report.rows] == [("", "<5"), ("check/", 7)]
    overall = [t for t in report.totals if t.week is None]
    assert [(t.audience, t.views) for t in overall] == [("ops", 7)]  # not 10: 10 - 7 would reveal the 3
    assert to_csv(report).splitlines()[1:] == [
        "ops,/,Home,true,2026-W49,<5,<5,<5,<5",
        "ops,/check/,Check it,true,2026-W49,7,<5,<5,<5",
    ]


def test_a_page_that_no_longer_exists_is_counted_under_its_old_address(tmp_path: Path) -> None:
    counts = count([line("/guide/ops/old-page/")] * 5, tmp_path)
    report = build_report(counts, PORTAL)
    assert [(r.page, r.title, r.current, r.views) for r in report.rows] == [("old-page/", None, False, 5)]
    assert "/old-page/ (page no longer exists)" not in to_text(report)  # no scans or "no" answers to list


def test_since_and_until_limit_the_days_counted(tmp_path: Path) -> None:
    days = ["30/Nov/2026", "01/Dec/2026", "08/Dec/2026"]
    counts = count([line("/guide/ops/", day=d) for d in days for _ in range(5)], tmp_path)
    report = build_report(counts, PORTAL, since=datetime.date(2026, 12, 1), until=datetime.date(2026, 12, 7))
    assert [(r.week, r.views) for r in report.rows] == [("2026-W49", 5)]


def test_the_same_log_read_twice_or_rotated_and_grown_counts_once(tmp_path: Path) -> None:
    first = [line("/guide/ops/", day="01/Dec/2026")] * 5
    counts = count(first, tmp_path, "access.log")
    counts.read_log(str(tmp_path / "access.log"), PORTAL)  # read again: nothing new
    grown = first + [line("/guide/ops/check/")] * 2
    (tmp_path / "access.log.1").write_text("\n".join(grown) + "\n", encoding="utf-8")
    counts.read_log(str(tmp_path / "access.log.1"), PORTAL)  # rotated, with two more lines
    assert sum(n for (_, _, _, metric), n in counts.events.items() if metric == "views") == 7
    assert counts.tally.already_counted == 10
