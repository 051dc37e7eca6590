"""check's page rules, cached by text between runs (generator/textcache.py).

A page's language, markup and structure findings depend only on what the audience gets of it (its
lines with their source places, title, summary and front matter), the audience's settings and the
Markdown extensions that render it: those are the key. Review dates depend on the day, so they are
never cached. Entries are read back only in the exact shape written; anything else is worked out again.
"""

from __future__ import annotations

import json
from typing import Any

from generator.check.issues import Issue, Rule
from generator.check.language import Measure
from generator.findings import Finding, Severity
from generator.model import Audience
from generator.select import EditionPage
from generator.textcache import TextCache, text_key

PAGE_CHECKS = TextCache("page-checks")


def page_key(page: EditionPage, audience: Audience, extensions: str) -> str:
    source = page.page
    parts = [
        extensions,
        audience.id,
        audience.lang,
        audience.spec.model_dump_json(),
        source.path,
        source.meta.model_dump_json(),
        json.dumps(source.meta_lines, sort_keys=True),
        page.title,
        page.summary or "",
        json.dumps([(line.text, line.path, line.lineno) for line in page.lines]),
        json.dumps(page.is_code),
    ]
    return text_key(*parts)


def cached(key: str) -> tuple[list[Issue], Measure] | None:
    entry = PAGE_CHECKS.get(key)
    try:
        issues = [_issue(item) for item in entry["issues"]]
        words, sentences, grade = entry["measure"]
        if not (isinstance(words, int) and isinstance(sentences, int) and isinstance(grade, float | int | None)):
            return None
        return issues, Measure(words, sentences, grade)
    except (TypeError, KeyError, ValueError):
        return None


def remember(key: str, issues: list[Issue], measure: Measure) -> None:
    rows = [[i.rule.value, *_finding_row(i.finding)] for i in issues]
    PAGE_CHECKS.put(key, {"issues": rows, "measure": [measure.words, measure.sentences, measure.grade]})


def _finding_row(f: Finding) -> list[Any]:
    return [f.path, f.line, f.audience, f.message, f.severity.value]


def _issue(item: Any) -> Issue:
    rule, path, line, audience, message, severity = item
    if not (isinstance(path, str) and isinstance(line, int) and isinstance(message, str)):
        raise ValueError(item)
    if audience is not None and not isinstance(audience, str):
        raise ValueError(item)
    return Issue(Finding(path, line, message, audience, Severity(severity)), Rule(rule))
