"""One normal form for source lines and output text, so that they can be compared as word sequences.

A text becomes its words: letters and digits only, NFKC-normalised and case-folded, joined by single
spaces. Punctuation, markup, entities, soft hyphens and line breaks therefore never decide a match.
"""

from __future__ import annotations

import html
import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")
# Characters a renderer may insert inside a word without changing it: soft hyphen, zero-width ones.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_TAG = re.compile(r"<[^<>]*>")
# Inline elements do not separate words: '<strong>Man</strong>agers' reads 'Managers'.
_INLINE_TAG = re.compile(r"</?(?:a|b|strong|em|i|u|s|span|mark|abbr|small|del|ins|kbd|q|code)\b[^<>]*>", re.I)
# Minimum letters and digits for a piece of text to identify a hidden line: 'Yes', 'No', '1.' cannot.
MIN_CHARS = 6


def words(text: str) -> str:
    """The text's words, joined by single spaces."""
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).casefold()
    return " ".join(_WORD.findall(text))


def html_words(markup: str) -> str:
    """The words of an HTML fragment: tags become spaces, entities are decoded."""
    return words(html.unescape(_TAG.sub(" ", _INLINE_TAG.sub("", markup))))


def identifying(normal: str) -> bool:
    """True when a normalised text is long enough to stand for one line: MIN_CHARS letters and digits."""
    return len(normal) - normal.count(" ") >= MIN_CHARS


def pdf_variants(text: str) -> tuple[str, str]:
    """PDF text with its line breaks undone both ways, since a hyphen at a line end may be the renderer's.

    'budget-\\nary' is read as 'budgetary' and as 'budget ary', so a hidden word split across lines is
    found whichever it was.
    """
    joined = re.sub(r"[-\u2010\u2011]\s*\n\s*", "", text)
    return words(joined), words(text)
