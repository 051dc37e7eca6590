"""What `check` reports: a Finding tagged with the rule that found it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from generator.findings import Finding, Severity


class Rule(StrEnum):
    """Every rule `check` applies; the value is the id used in JSON output."""

    BUILD = "build"  # what `fieldguide build` itself reports (FORMAT.md "Errors")
    CARD_FIT = "card-fit"
    READING_GRADE = "reading-grade"
    LONG_SENTENCE = "long-sentence"
    AVOID_WORD = "avoid-word"
    ACRONYM = "acronym"
    LINK_TEXT = "link-text"
    IMAGE_ALT = "image-alt"
    NO_OWNER = "no-owner"
    REVIEW_OVERDUE = "review-overdue"
    REVIEW_SOON = "review-soon"
    NO_PAGES = "no-pages"
    EMPTY_PAGE = "empty-page"
    EMPTY_HEADING = "empty-heading"
    UNUSED_TERM = "unused-term"
    DUPLICATE_TITLE = "duplicate-title"
    CAPABILITY = "capability"  # a capability page's required sections and their structure
    CAPABILITY_SECTION = "capability-section"  # a missing optional section of a capability page
    CAPABILITY_EXAMPLE = "capability-example"  # a gets-wrong item without an example


SEVERITY: dict[Rule, Severity] = {
    Rule.BUILD: Severity.ERROR,
    Rule.CARD_FIT: Severity.ERROR,
    Rule.READING_GRADE: Severity.ERROR,
    Rule.LONG_SENTENCE: Severity.ERROR,
    Rule.AVOID_WORD: Severity.ERROR,
    Rule.ACRONYM: Severity.WARNING,
    Rule.LINK_TEXT: Severity.WARNING,
    Rule.IMAGE_ALT: Severity.WARNING,
    Rule.NO_OWNER: Severity.WARNING,
    Rule.REVIEW_OVERDUE: Severity.WARNING,
    Rule.REVIEW_SOON: Severity.NOTICE,
    # Structure: FORMAT.md does not rank these; they make a site worse, not wrong.
    Rule.NO_PAGES: Severity.WARNING,
    Rule.EMPTY_PAGE: Severity.WARNING,
    Rule.EMPTY_HEADING: Severity.WARNING,
    Rule.UNUSED_TERM: Severity.WARNING,
    Rule.DUPLICATE_TITLE: Severity.WARNING,
    Rule.CAPABILITY: Severity.ERROR,
    Rule.CAPABILITY_SECTION: Severity.WARNING,
    Rule.CAPABILITY_EXAMPLE: Severity.WARNING,
}


@dataclass(frozen=True)
class Issue:
    """One finding and the rule behind it."""

    finding: Finding
    rule: Rule

    @property
    def severity(self) -> Severity:
        return self.finding.severity

    def strict(self) -> Issue:
        """Under --strict a warning is an error."""
        if self.finding.severity is Severity.WARNING:
            return Issue(replace(self.finding, severity=Severity.ERROR), self.rule)
        return self


def issue(rule: Rule, path: str, line: int, audience: str | None, message: str) -> Issue:
    return Issue(Finding(path, line, message, audience, SEVERITY[rule]), rule)


def warning_key(item: Issue) -> str:
    """One warning as a line of text, for the build manifest: the same warning of two audiences counts once."""
    f = item.finding
    return f"{item.rule.value}|{f.path}|{f.line}|{f.audience or ''}|{f.message}"


def sort_key(item: Issue) -> tuple[str, int, str, str, str]:
    f = item.finding
    return (f.path, f.line, f.audience or "", f.message, item.rule.value)
