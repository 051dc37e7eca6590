"""Capability pages: the rules of FORMAT.md, judged for each audience on the sections it gets."""

from __future__ import annotations

from generator.capability import OPTIONAL, REQUIRED, CapabilityReader, Parsed, is_capability
from generator.check.issues import Issue, Rule, issue
from generator.model import Project
from generator.select import Edition

# What each section tells the reader, for the hint in a message.
PURPOSE = {
    "can": "what it is good at",
    "gets-wrong": "what it gets wrong",
    "never": "what never to type in",
    "check": "what to always check",
    "decides": "what a person decides",
    "if-down": "what to do if it is down",
    "ask": "whom to ask",
}
PAGE_LINE = 1  # a finding about the page as a whole, as for a missing owner


def capability_issues(edition: Edition, project: Project, reader: CapabilityReader | None = None) -> list[Issue]:
    """Every capability rule, on every capability page this audience gets."""
    pages = [p for p in edition.pages if is_capability(p)]
    if not pages:
        return []
    reader = reader or CapabilityReader(project.config.raw)
    issues: list[Issue] = []
    for page in pages:
        issues += parsed_issues(reader.read(page), edition.audience.id)
    return issues


def parsed_issues(parsed: Parsed, aid: str) -> list[Issue]:
    path = parsed.page.page.path
    # Structure does not depend on the audience: reported once, without one.
    issues = [issue(Rule.CAPABILITY, p.path, p.line, None, p.message) for p in parsed.problems]
    first: dict[str, int] = {}
    for section in parsed.sections:
        if section.cls in first:
            message = (
                f"second {section.cls} section on this page for this audience (the first is at line "
                f"{first[section.cls]}); each class may appear once, so merge the two"
            )
            issues.append(issue(Rule.CAPABILITY, section.path, section.line, aid, message))
        else:
            first[section.cls] = section.line
    for cls in REQUIRED:
        found = parsed.of(cls)
        if not found:
            message = (
                f"no {cls} section ({PURPOSE[cls]}) for this audience; "
                f"add '## <your heading> {{ .{cls} }}' with at least one item this audience gets"
            )
            issues.append(issue(Rule.CAPABILITY, path, PAGE_LINE, aid, message))
        elif not any(s.items for s in found):
            message = (
                f"the {cls} section '{found[0].heading}' has no item for this audience; "
                "add at least one list item this audience gets"
            )
            issues.append(issue(Rule.CAPABILITY, found[0].path, found[0].line, aid, message))
    for cls in OPTIONAL:
        if not parsed.of(cls):
            message = f"no {cls} section ({PURPOSE[cls]}) for this audience; add '## <your heading> {{ .{cls} }}'"
            issues.append(issue(Rule.CAPABILITY_SECTION, path, PAGE_LINE, aid, message))
    for section in parsed.of("gets-wrong"):
        for item in section.items:
            if not item.has_example:
                message = (
                    "this gets-wrong item has no example; add a nested item, a quote, "
                    "or a sentence starting 'For example'"
                )
                issues.append(issue(Rule.CAPABILITY_EXAMPLE, item.path, item.line, aid, message))
    return issues
