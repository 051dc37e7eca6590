"""Run every check over every selected edition and collect one report."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import markdown

from generator.check.capability import capability_issues
from generator.check.cards import CardFit, card_fit_issues
from generator.check.issues import Issue, Rule, issue, sort_key
from generator.check.language import Measure, language_issues, median_grade
from generator.check.markup import markup_issues
from generator.check.pagecache import PAGE_CHECKS, cached, page_key, remember
from generator.check.prose import page_units
from generator.check.rendered import Rendered, converter
from generator.check.structure import edition_issues, ownership_issues, page_structure_issues
from generator.check.syllables import HYPHENATED
from generator.compile import compile_project
from generator.findings import ContentError, Finding, Severity
from generator.markdown_render import settings_key
from generator.model import Audience, Line, Project
from generator.select import Edition, EditionPage


@dataclass
class AudienceSummary:
    """One row of the summary table."""

    id: str
    name: str
    pages: int
    words: int
    median_grade: float | None  # over the pages of MIN_GRADED_WORDS words or more
    errors: int = 0
    warnings: int = 0
    notices: int = 0


@dataclass
class Report:
    issues: list[Issue]
    audiences: list[AudienceSummary] = field(default_factory=list)
    strict: bool = False

    def count(self, severity: Severity) -> int:
        return sum(1 for i in self.issues if i.severity is severity)

    @property
    def exit_code(self) -> int:
        # Under --strict, warnings were already raised to errors.
        return 1 if self.count(Severity.ERROR) else 0


def check_project(root: Path, audience_ids: list[str] | None, today: datetime.date, strict: bool = False) -> Report:
    """Compile (no site is built), then judge what each audience reads."""
    cards = CardFit(root)  # imports the print code in a second process while we compile
    try:
        compiled = compile_project(root, audience_ids)
    except BaseException as exc:
        cards.cancel()
        if isinstance(exc, ContentError):  # mkdocs.yml unreadable: nothing else can be judged
            return _finish(_build_issues(exc.findings), [], strict)
        raise
    issues = _build_issues(compiled.findings)
    summaries = []
    md = converter(compiled.project.config.raw)
    cards.submit(compiled.project, compiled.editions)  # laid out there while the rest is checked here
    for edition in compiled.editions:
        found, measures = check_edition(edition, compiled.project, today, md, cards=False)
        issues += found
        audience = edition.audience
        summaries.append(
            AudienceSummary(
                audience.id,
                audience.name,
                len(edition.pages),
                sum(m.words for m in measures),
                median_grade(measures),
            )
        )
    for found in cards.issues().values():
        issues += found
    return _finish(issues, summaries, strict)


def check_edition(
    edition: Edition,
    project: Project,
    today: datetime.date,
    md: markdown.Markdown,
    cards: bool = True,
    known: Mapping[str, Rendered] | None = None,
    keys: Sequence[str] | None = None,
) -> tuple[list[Issue], list[Measure]]:
    """Every rule on what one audience gets; `cards=False` leaves card fit to the print stage (build).

    `known`: pages MkDocs has already rendered in this build, by text (see RenderCapture).
    `keys`: page_keys(edition, project), when the caller has them already.
    """
    aid = edition.audience.id
    issues = edition_issues(edition, project)
    measures = []
    for page, key in zip(edition.pages, keys or page_keys(edition, project), strict=True):
        known_answer = cached(key)
        if known_answer is None:
            try:
                known_answer = _page_rules(md, page, edition.audience, known)
            except Exception as exc:  # an extension failed: a page that cannot be read cannot pass (fail closed)
                message = (
                    f"the page could not be rendered to check its language ({type(exc).__name__}: {exc}); "
                    "fix the Markdown or the extension in mkdocs.yml that fails on it"
                )
                issues.append(issue(Rule.BUILD, page.page.path, 1, aid, message))
                continue
            remember(key, *known_answer)
        issues += known_answer[0]
        measures.append(known_answer[1])
        issues += ownership_issues(page, aid, today)  # depends on the day: never cached
    PAGE_CHECKS.save()
    HYPHENATED.save()
    issues += capability_issues(edition, project)
    if cards:
        issues += card_fit_issues(project, edition)
    return issues, measures


def page_keys(edition: Edition, project: Project) -> list[str]:
    """Each page's key for the cache of page rules; the Markdown extension settings are part of it,
    since they decide how the page renders."""
    extensions = settings_key(project.config.raw)
    return [page_key(page, edition.audience, extensions) for page in edition.pages]


def unchecked_texts(edition: Edition, keys: Sequence[str]) -> frozenset[str]:
    """The texts of the edition's pages whose page rules are not cached: the ones check will need to read."""
    return frozenset(
        "\n".join(line.text for line in page.lines).strip("\n")
        for page, key in zip(edition.pages, keys, strict=True)
        if cached(key) is None
    )


def _page_rules(
    md: markdown.Markdown, page: EditionPage, audience: Audience, known: Mapping[str, Rendered] | None
) -> tuple[list[Issue], Measure]:
    """The rules on one page that depend on its text and the audience only: language, markup, structure."""
    units, explained = page_units(md, page, *_meta_lines(page), known)
    found, measured = language_issues(page, audience, units, explained)
    return found + markup_issues(page, audience.id) + page_structure_issues(page, audience.id), measured


def _meta_lines(page: EditionPage) -> tuple[Line, Line | None]:
    source = page.page
    title = Line(page.title, source.path, source.line_of("title"))
    summary = Line(page.summary, source.path, source.line_of("summary")) if page.summary else None
    return title, summary


def _build_issues(findings: Iterable[Finding]) -> list[Issue]:
    return [Issue(f, Rule.BUILD) for f in findings]


def _finish(issues: list[Issue], summaries: list[AudienceSummary], strict: bool) -> Report:
    if strict:
        issues = [i.strict() for i in issues]
    unique = sorted(set(issues), key=sort_key)
    by_id = {s.id: s for s in summaries}
    for item in unique:
        # A finding that names no audience (a misspelt id, malformed YAML) stops every audience's build,
        # so it counts in every row, as it would in each audience's own check.
        aid = item.finding.audience
        for summary in [by_id[aid]] if aid in by_id else summaries if aid is None else []:
            if item.severity is Severity.ERROR:
                summary.errors += 1
            elif item.severity is Severity.WARNING:
                summary.warnings += 1
            else:
                summary.notices += 1
    return Report(unique, summaries, strict)
