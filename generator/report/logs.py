"""Stream access-log lines (nginx/Apache common and combined formats) into anonymous requests.

Privacy by design: the client address, user, referrer and user agent are never captured
into a value that outlives the line. The agent is only matched against bot words, in place.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

# Address, identity and user are matched but not captured; so is the referrer.
_LINE = re.compile(
    r'^\S+ \S+ (?:\S+|"[^"]*") \[(?P<time>(?P<day>\d{2}/[A-Za-z]{3}/\d{4}):[^\]]*)\] '
    r'"(?P<method>[A-Z]+) (?P<target>\S+)(?: [^"]*)?" (?P<status>\d{3}) (?:\d+|-)'
    r'(?: "(?:[^"\\]|\\.)*" "(?P<agent>(?:[^"\\]|\\.)*)")?'
)
# Clients that say they are bots, crawlers or link previews.
_BOT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|preview|facebookexternalhit|embedly|validator|monitor|scanner|headlesschrome",
    re.IGNORECASE,
)
_MONTHS = {
    m: i for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)
}


@dataclass(frozen=True)
class Request:
    """What one log line may tell: the day, what was asked for, whether it came from a card."""

    day: datetime.date
    method: str
    path: str  # without the query
    from_card: bool
    status: int


@dataclass
class Tally:
    """Lines read, and why the rest were not counted."""

    read: int = 0
    unreadable: int = 0
    bots: int = 0
    already_counted: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.reasons[reason] = self.reasons.get(reason, 0) + 1


class _Days:
    """Day strings repeat on every line of a log; parse each once."""

    def __init__(self) -> None:
        self.seen: dict[str, datetime.date] = {}

    def __call__(self, text: str) -> datetime.date:
        day = self.seen.get(text)
        if day is None:
            day = datetime.date(int(text[7:11]), _MONTHS[text[3:6]], int(text[0:2]))
            self.seen[text] = day
        return day


def open_log(name: str) -> BinaryIO:
    """A log as bytes: `-` is standard input; gzip is recognised by its magic number, not its name."""
    raw = sys.stdin.buffer if name == "-" else open(Path(name), "rb")  # noqa: SIM115
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[type-var]
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=buffered)  # type: ignore[return-value]
    return buffered


UNREADABLE = hashlib.sha256(b"unreadable").digest()


def parse(lines: Iterator[bytes], tally: Tally) -> Iterator[tuple[Request | None, bytes]]:
    """Every line as (a Request, or None when it is unreadable or a bot's) and its anonymous fingerprint.

    The fingerprint (time, method, path, card flag, status) lets a log read twice be recognised
    without keeping anything that could identify a reader.
    """
    days = _Days()
    match = _LINE.match
    for raw in lines:
        tally.read += 1
        found = match(raw.decode("utf-8", "replace"))
        if found is None:
            tally.unreadable += 1
            yield None, UNREADABLE
            continue
        try:
            day = days(found["day"])
        except (KeyError, ValueError):
            tally.unreadable += 1
            yield None, UNREADABLE
            continue
        path, _, query = found["target"].partition("?")
        request = Request(day, found["method"], path, _from_card(query), int(found["status"]))
        fingerprint = _fingerprint(found["time"], request)
        agent = found["agent"]
        if agent and _BOT.search(agent):
            tally.bots += 1
            yield None, fingerprint
            continue
        yield request, fingerprint


def _from_card(query: str) -> bool:
    return bool(query) and any(pair == "src=card" for pair in query.split("&"))


def _fingerprint(time: str, request: Request) -> bytes:
    # No address, no agent, no other query parameter: nothing that could single out a reader.
    text = f"{time} {request.method} {request.path} {int(request.from_card)} {request.status}"
    return hashlib.sha256(text.encode("utf-8", "replace")).digest()
