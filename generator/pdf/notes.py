"""WeasyPrint's stylesheet for HTML without its rules for notes and footnotes, for documents that place none.

WeasyPrint 70's user-agent stylesheet (`css/html5_ua.css`) styles `::footnote-call`, `::footnote-marker`,
`::note-call`, `::note-marker` and `::note-callback` on every element, so every element gets five
pseudo-element styles that only an element placed with `float: footnote` or `position: note(...)` ever
uses: 51,000 of the 70,000 styles WeasyPrint made for a 105-page handbook of Material-like pages.
Without those five rules that handbook was laid out and written in 0.89 of the time, with a peak of
313 MiB instead of 377 MiB, and its PDF came out the same, byte for byte.

The stylesheet is handed over through `HTML._ua_stylesheets`, WeasyPrint's own hook for it (WeasyPrint
is pinned in pyproject.toml; tests/pdf/test_pdf_notes.py fails if the rules or the hook change). A
document that may place a note or footnote gets WeasyPrint's own stylesheet, and so does any doubt:
without the rules such an element is never printed wrongly, WeasyPrint stops with an error, and the
engine lays the document out again with them (generator/pdf/engine.py).
"""

from __future__ import annotations

import re

from weasyprint import CSS, HTML
from weasyprint import html as weasyprint_html

NOTE_RULES = re.compile(r"^::(?:footnote-(?:call|marker)|note-(?:call|marker|callback)) \{[^}\n]*\}\n", re.MULTILINE)
_PLACES_NOTES = re.compile(r"note\(|float\s*:\s*footnote")


def may_place_notes(css_or_html: str) -> bool:
    """Whether the text says `note(` or `float: footnote`. One placed in a way this does not see (a CSS
    escape, a stylesheet it imports) makes WeasyPrint stop with an error, and the engine then lays the
    document out again with WeasyPrint's own stylesheet (generator/pdf/engine.py)."""
    return _PLACES_NOTES.search(css_or_html.lower()) is not None


def _without_note_rules() -> CSS | None:
    """WeasyPrint's own stylesheet less the five rules; None when it does not hold them as expected."""
    source = getattr(weasyprint_html, "UA", None)
    counters = getattr(weasyprint_html, "UA_COUNTER_STYLE", None)
    if not isinstance(source, str) or counters is None or len(NOTE_RULES.findall(source)) != 5:
        return None
    return CSS(string=NOTE_RULES.sub("", source), counter_style=counters)


_STYLESHEET = _without_note_rules()


class HtmlWithoutNotes(HTML):  # type: ignore[misc]  # WeasyPrint has no type information
    """An HTML document laid out with WeasyPrint's stylesheet less the rules for notes and footnotes."""

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        assert _STYLESHEET is not None  # only used when it was made (html_class)
        return [_STYLESHEET, weasyprint_html.UA_FORM_STYLESHEET] if forms else [_STYLESHEET]


def html_class(notes_possible: bool) -> type[HTML]:
    """HtmlWithoutNotes when nothing can place a note and WeasyPrint is as expected; else WeasyPrint's HTML."""
    usable = _STYLESHEET is not None and hasattr(HTML, "_ua_stylesheets")
    chosen: type[HTML] = HtmlWithoutNotes if usable and not notes_possible else HTML
    return chosen
