"""WeasyPrint's stylesheet for HTML, without its three rules for notes, for documents that place no notes.

WeasyPrint 70's user-agent stylesheet (`css/html5_ua.css`) styles `::note-call`, `::note-marker` and
`::note-callback` on every element, so every element gets three pseudo-element styles that only an
element placed with `position: note(...)` ever uses: 30,000 of the 76,000 styles WeasyPrint makes for
a 105-page handbook of Material-like pages. Without those three rules that handbook was laid out in
0.9 of the time, with 34 MiB less memory, and its PDF came out the same, byte for byte.

The stylesheet is handed over through `HTML._ua_stylesheets`, WeasyPrint's own hook for it (WeasyPrint
is pinned in pyproject.toml; tests/pdf/test_pdf_notes.py fails if the rules or the hook change). A
document that may place a note gets WeasyPrint's own stylesheet, and so does any doubt: without the
rules a note is never printed wrongly, WeasyPrint stops with an error.
"""

from __future__ import annotations

import re

from weasyprint import CSS, HTML
from weasyprint import html as weasyprint_html

NOTE_RULES = re.compile(r"^::note-(?:call|marker|callback) \{[^}\n]*\}\n", re.MULTILINE)


def may_place_notes(css_or_html: str) -> bool:
    """Whether the text says `note(`. A note placed in a way this does not see (a CSS escape, a stylesheet
    it imports) makes WeasyPrint stop with an error, and the engine then lays the document out again with
    WeasyPrint's own stylesheet (generator/pdf/engine.py)."""
    return "note(" in css_or_html.lower()


def _without_note_rules() -> CSS | None:
    """WeasyPrint's own stylesheet less the three rules; None when it does not hold them as expected."""
    source = getattr(weasyprint_html, "UA", None)
    counters = getattr(weasyprint_html, "UA_COUNTER_STYLE", None)
    if not isinstance(source, str) or counters is None or len(NOTE_RULES.findall(source)) != 3:
        return None
    return CSS(string=NOTE_RULES.sub("", source), counter_style=counters)


_STYLESHEET = _without_note_rules()


class HtmlWithoutNotes(HTML):  # type: ignore[misc]  # WeasyPrint has no type information
    """An HTML document laid out with WeasyPrint's stylesheet less the note rules."""

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        assert _STYLESHEET is not None  # only used when it was made (html_class)
        return [_STYLESHEET, weasyprint_html.UA_FORM_STYLESHEET] if forms else [_STYLESHEET]


def html_class(notes_possible: bool) -> type[HTML]:
    """HtmlWithoutNotes when nothing can place a note and WeasyPrint is as expected; else WeasyPrint's HTML."""
    usable = _STYLESHEET is not None and hasattr(HTML, "_ua_stylesheets")
    chosen: type[HTML] = HtmlWithoutNotes if usable and not notes_possible else HTML
    return chosen
