"""Card fit, judged by the print code itself so that `check` and the printed card never disagree."""

from __future__ import annotations

from generator.check.issues import Issue, Rule
from generator.model import Project
from generator.select import Edition


def card_fit_issues(project: Project, edition: Edition) -> list[Issue]:
    """Every card page of the edition that needs more pages than its sides allow."""
    if not any(page.page.card for page in edition.pages):
        return []  # spares the WeasyPrint import when there is nothing to print
    # Imported here: WeasyPrint is the print adapter's dependency, and costs ~0.5 s to import.
    from generator.pdf.cards import check_card_fit

    return [Issue(finding, Rule.CARD_FIT) for finding in check_card_fit(project, edition)]
