"""The typed model: audiences, pages and source lines. No I/O, no MkDocs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from generator.portal_config import PortalConfig as PortalConfig  # re-exported: it is part of the model

CardSize = Literal["a6", "a7", "4x6in", "5x7in", "letter", "a4"]
SheetSize = Literal["a4", "letter"]
PageType = Literal["page", "announcement", "faq", "how-to", "job-aid", "capability", "policy"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Reading(_Strict):
    """Plain-language limits for one audience."""

    # No default: a limit that neither the audience nor _defaults.yml sets does not apply (FORMAT.md).
    max_grade: float | None = Field(None, description="Flesch-Kincaid grade ceiling, on pages of 100+ words")
    max_sentence_words: int | None = Field(None, ge=1, description="Longest sentence allowed")
    known_acronyms: tuple[str, ...] = Field((), description="Acronyms that need no spelling out")


class PrintSettings(_Strict):
    """How this audience's cards and handbook are printed."""

    card_size: CardSize = Field("a6", description="Card page size")
    base_font_pt: float = Field(12, gt=4, le=40, description="Body type size on cards")
    sheet: SheetSize = Field("a4", description="Paper for the cards sheet")


class AudienceDefaults(_Strict):
    """`audiences/_defaults.yml`: values every audience starts from."""

    lang: str | None = Field(None, description="Language of sites and PDFs")
    reading: Reading = Reading()
    terms: dict[str, str] = Field(default_factory=dict, description="{{ key }} wording")
    avoid: dict[str, str] = Field(default_factory=dict, description="Word to avoid: plain word")
    print: PrintSettings = PrintSettings()


class AudienceSpec(AudienceDefaults):
    """`audiences/<id>.yml`, after the defaults have been merged in key by key."""

    name: str = Field(description="Shown on the role chooser and in the site title")
    description: str | None = Field(None, description="One sentence shown on the role chooser; optional")
    includes: tuple[str, ...] = Field((), description="Audiences whose content this one also gets")


class CardSpec(_Strict):
    """`card:` as a mapping."""

    size: CardSize | None = Field(None, description="Overrides the audience's print.card_size")
    sides: int = Field(1, ge=1, le=2, description="Printed sides the card may use")


class PageMeta(BaseModel):
    """Page front matter. Keys MkDocs and Material read pass through untouched."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    title: str = Field(description="Page title; when absent, the page's first '# heading', as MkDocs takes it")
    audiences: list[str] | Literal["all"] | None = Field(None, description="Audience ids, or all; absent means all")
    except_: list[str] = Field(default_factory=list, alias="except", description="Hide from these")
    type: PageType = Field("page", description="Kind of page")
    summary: str | None = Field(None, description="One plain sentence")
    owner: str | None = Field(None, description="Who keeps this page true")
    review_by: datetime.date | None = Field(None, description="After this date the page is stale")
    card: bool | CardSpec | None = Field(
        None, description="Print as a quick-reference card; job-aid and capability pages default to true"
    )


FIELDGUIDE_KEYS = frozenset({"title", "audiences", "except", "type", "summary", "owner", "review_by", "card"})


@dataclass(frozen=True)
class Line:
    """One source line and where it came from (snippets keep their own file)."""

    text: str
    path: str
    lineno: int


class Kind(StrEnum):
    TEXT = "text"
    CODE = "code"
    OPEN = "open"  # an only/except opening line: never output
    CLOSE = "close"  # its closing line: never output


@dataclass(frozen=True)
class Condition:
    keyword: str  # only | except
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    """One classified line. `condition` is set on OPEN lines."""

    line: Line
    kind: Kind
    condition: Condition | None = None


@dataclass(frozen=True)
class Audience:
    id: str
    spec: AudienceSpec
    matches: frozenset[str]
    path: str

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def description(self) -> str | None:
        return self.spec.description

    @property
    def lang(self) -> str:
        """Set by the loader from the audience, its defaults, theme.language or 'en'."""
        return self.spec.lang or "en"


@dataclass(frozen=True)
class Card:
    size: CardSize | None
    sides: int
    back: bool = False  # `sides: 2` written on the page: a capability card then starts its other sections on the back


@dataclass(frozen=True)
class Page:
    """A page as written, before any audience is selected."""

    src: str  # path under content/, posix
    path: str  # path relative to the project root, for messages
    meta: PageMeta
    meta_lines: dict[str, int]
    items: tuple[Item, ...]  # the body, each line classified by the block scanner
    card: Card | None
    # The title was taken from the page's first '# heading': MkDocs takes it from there again,
    # so the edition's front matter does not repeat it.
    heading_title: bool = False

    @property
    def passthrough(self) -> dict[str, Any]:
        """Every key that is not Fieldguide's own, for MkDocs, Material and plugins, untouched."""
        return dict(self.meta.model_extra or {})

    def line_of(self, key: str) -> int:
        return self.meta_lines.get(key, 1)


@dataclass(frozen=True)
class Project:
    root: str
    config: PortalConfig
    audiences: dict[str, Audience]
    pages: tuple[Page, ...]
    defaults_terms: frozenset[str] = frozenset()
