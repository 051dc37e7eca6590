"""WeasyPrint's stylesheet for HTML, less what gives every element pseudo-element styles nothing uses.

WeasyPrint 70's user-agent stylesheet (`css/html5_ua.css`) styles `::footnote-call`, `::footnote-marker`,
`::note-call`, `::note-marker`, `::note-callback` and `::marker` on every element, so every element
gets six pseudo-element styles. Only an element placed with `float: footnote` or `position: note(...)`
uses the first five, and only a list item (`li`, the one element that stylesheet displays as
`list-item`) the last: for a 105-page handbook of Material-like pages, 61,000 of the 70,000 styles
WeasyPrint made. Print hands WeasyPrint the same stylesheet without the five rules and with `::marker`
for `li` only: that handbook was laid out and written in 0.86 of the time, with a peak of 291 MiB
instead of 377 MiB, and its PDF came out the same, byte for byte.

The stylesheet is handed over through `HTML._ua_stylesheets`, WeasyPrint's own hook for it (WeasyPrint
is pinned in pyproject.toml; tests/pdf/test_pdf_ua_stylesheet.py fails if the rules or the hook change).
A document or print stylesheet that says `note(`, `float: footnote` or `list-item` gets WeasyPrint's own
stylesheet, and so does any doubt. A note or footnote placed in a way that check cannot see (a CSS
escape) makes WeasyPrint stop without the rules, and the engine then lays the document out again with
them (generator/pdf/engine.py); a list item made so would only show its number in proportional digits.
"""

from __future__ import annotations

import re

from weasyprint import CSS, HTML
from weasyprint import html as weasyprint_html

NOTE_RULES = re.compile(r"^::(?:footnote-(?:call|marker)|note-(?:call|marker|callback)) \{[^}\n]*\}\n", re.MULTILINE)
MARKER_RULE = re.compile(r"^::marker \{[^}\n]*\}\n", re.MULTILINE)
_NEEDS_THEM = re.compile(r"note\(|float\s*:\s*footnote|list-item")


def needs_full_stylesheet(css_or_html: str) -> bool:
    """Whether the text may place a note or footnote, or make something other than `li` a list item."""
    return _NEEDS_THEM.search(css_or_html.lower()) is not None


def _trimmed() -> CSS | None:
    """WeasyPrint's own stylesheet less those rules; None when it or its hook is not as expected."""
    source = getattr(weasyprint_html, "UA", None)
    counters = getattr(weasyprint_html, "UA_COUNTER_STYLE", None)
    if not isinstance(source, str) or counters is None or not hasattr(HTML, "_ua_stylesheets"):
        return None
    if len(NOTE_RULES.findall(source)) != 5 or len(MARKER_RULE.findall(source)) != 1:
        return None
    text = MARKER_RULE.sub(lambda rule: "li" + rule[0], NOTE_RULES.sub("", source))
    return CSS(string=text, counter_style=counters)


_STYLESHEET = _trimmed()


class TrimmedHtml(HTML):  # type: ignore[misc]  # WeasyPrint has no type information
    """An HTML document laid out with WeasyPrint's stylesheet, trimmed as above."""

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        assert _STYLESHEET is not None  # only used when it was made (html_class)
        return [_STYLESHEET, weasyprint_html.UA_FORM_STYLESHEET] if forms else [_STYLESHEET]


def html_class(full_needed: bool) -> type[HTML]:
    """TrimmedHtml, unless the full stylesheet is needed or WeasyPrint is not as expected: then its HTML."""
    chosen: type[HTML] = TrimmedHtml if _STYLESHEET is not None and not full_needed else HTML
    return chosen
