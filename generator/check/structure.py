"""Structure and ownership: empty pages and headings, duplicate titles, unused terms, owners and review dates."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.check.issues import Issue, Rule, issue
from generator.check.prose import CLOSING_FENCE, HEADING, clean_inline
from generator.model import Audience, Item, Kind, Project
from generator.select import Edition, EditionPage, block_shows
from generator.terms import used_keys
from generator.yamlsrc import LocatedYaml, YamlSyntaxError, parse_yaml

SOON = datetime.timedelta(days=30)


def ownership_issues(page: EditionPage, audience: str, today: datetime.date) -> list[Issue]:
    meta, path = page.page.meta, page.page.path
    issues = []
    if not meta.owner:
        message = "page has no owner; add 'owner: <who keeps this page true>' to the front matter"
        issues.append(issue(Rule.NO_OWNER, path, 1, audience, message))
    if meta.review_by is not None:
        line = page.page.line_of("review_by")
        due = meta.review_by.isoformat()
        if meta.review_by < today:
            message = f"review_by {due} has passed; review the page, then set review_by to a future date"
            issues.append(issue(Rule.REVIEW_OVERDUE, path, line, audience, message))
        elif meta.review_by - today <= SOON:
            days = (meta.review_by - today).days
            when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            message = f"review_by {due} is {when}; review the page before then and set a new date"
            issues.append(issue(Rule.REVIEW_SOON, path, line, audience, message))
    return issues


def page_structure_issues(page: EditionPage, audience: str) -> list[Issue]:
    path = page.page.path
    if not any(line.text.strip() for line in page.lines):
        return [
            issue(
                Rule.EMPTY_PAGE,
                path,
                1,
                audience,
                f"page is empty for this audience after filtering; add text for {audience} "
                f"or hide the page from it with 'except: [{audience}]'",
            )
        ]
    return list(_empty_headings(page, audience))


def _empty_headings(page: EditionPage, audience: str) -> Iterator[Issue]:
    """A heading followed by a heading of the same or a higher level, a closing fence, or the end."""
    open_heading: tuple[int, str, int, str] | None = None  # level, text, line, path
    for line, code in zip(page.lines, page.is_code, strict=True):
        if not line.text.strip():
            continue
        heading = HEADING.match(line.text) if not code else None
        closes = not code and CLOSING_FENCE.match(line.text)
        level = len(heading.group(1)) if heading else 0
        if open_heading and (closes or (heading and level <= open_heading[0])):
            yield _empty_heading(open_heading, audience)
        open_heading = (level, heading.group(2), line.lineno, line.path) if heading else None
    if open_heading:
        yield _empty_heading(open_heading, audience)


def _empty_heading(heading: tuple[int, str, int, str], audience: str) -> Issue:
    _, text, line, path = heading
    return issue(
        Rule.EMPTY_HEADING,
        path,
        line,
        audience,
        f"heading '{clean_inline(text)}' has nothing under it for this audience; "
        "add text under it, or put the heading in the same block as its content",
    )


def edition_issues(edition: Edition, project: Project) -> list[Issue]:
    """Issues of an audience's site as a whole: no pages, duplicate titles, unused terms."""
    audience = edition.audience
    if not edition.pages:
        message = (
            f"this audience gets no pages; tag pages for it with 'audiences: [{audience.id}]' or remove {audience.path}"
        )
        return [issue(Rule.NO_PAGES, audience.path, 1, audience.id, message)]
    issues = []
    first_with_title: dict[str, EditionPage] = {}
    for page in edition.pages:
        key = " ".join(page.title.lower().split())
        first = first_with_title.setdefault(key, page)
        if first is not page:
            issues.append(
                issue(
                    Rule.DUPLICATE_TITLE,
                    page.page.path,
                    page.page.line_of("title"),
                    audience.id,
                    f"title '{page.title}' is also the title of {first.page.path} in this audience's site; "
                    "give each page its own title",
                )
            )
    return issues + _unused_terms(edition, project)


def _unused_terms(edition: Edition, project: Project) -> list[Issue]:
    audience = edition.audience
    used = _nav_terms(project.config.nav)
    for page in edition.pages:
        meta = page.page.meta
        texts = [meta.title, meta.summary or "", *(v for v in page.page.passthrough.values() if isinstance(v, str))]
        texts += [item.line.text for item in _visible_text(page.page.items, audience)]
        for text in texts:
            used |= used_keys(text)
    issues = []
    root = Path(project.root)
    for key in sorted(set(audience.spec.terms) - used):
        path, line = _term_definition(root, audience, key)
        issues.append(
            issue(
                Rule.UNUSED_TERM,
                path,
                line,
                audience.id,
                f"term '{key}' is defined but no page this audience gets uses it; "
                f"write {{{{ {key} }}}} where it belongs or remove the term",
            )
        )
    return issues


def _visible_text(items: tuple[Item, ...], audience: Audience) -> Iterator[Item]:
    """The TEXT lines this audience gets: the same walk as selection, before terms are filled in."""
    shown: list[bool] = []
    for item in items:
        if item.kind is Kind.OPEN and item.condition is not None:
            shown.append(all(shown) and block_shows(item.condition.keyword, item.condition.ids, audience))
        elif item.kind is Kind.CLOSE:
            if shown:
                shown.pop()
        elif item.kind is Kind.TEXT and all(shown):
            yield item


def _nav_terms(nav: Any) -> set[str]:
    if isinstance(nav, str):
        return used_keys(nav)
    if isinstance(nav, list):
        return set().union(*(_nav_terms(item) for item in nav)) if nav else set()
    if isinstance(nav, dict):
        return set().union(*(used_keys(str(k)) | _nav_terms(v) for k, v in nav.items())) if nav else set()
    return set()


def _term_definition(root: Path, audience: Audience, key: str) -> tuple[str, int]:
    """Where the wording this audience gets for `key` is written: its own file, else _defaults.yml."""
    own = _located(root / audience.path)
    terms = own.value.get("terms") if own and isinstance(own.value, dict) else None
    if isinstance(terms, dict) and key in terms:
        assert own is not None
        return audience.path, own.line_of(("terms", key))
    defaults_path = "audiences/_defaults.yml"
    defaults = _located(root / defaults_path)
    if defaults is not None:
        return defaults_path, defaults.line_of(("terms", key))
    return audience.path, 1


def _located(file: Path) -> LocatedYaml | None:
    # The audience files were validated by compile_project; here only their line numbers are needed.
    try:
        return parse_yaml(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return None
