"""What one process shares across every PDF it prints: fonts, parsed stylesheets, templates."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration

from generator.findings import Finding
from generator.pdf.fetcher import ProjectFetcher
from generator.pdf.ua_stylesheet import html_class, needs_full_stylesheet
from generator.theme import DEFAULT_THEME, theme_file

# PDF/UA-1 tags the structure and adds title and language; unlike PDF/X-4 it adds no random document id.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}

_ENGINES: dict[str, PrintEngine] = {}


def engine_for(root: str | Path) -> PrintEngine:
    """The process's engine for a project: stylesheets are parsed once, however many audiences or checks ask."""
    key = str(Path(root).resolve())
    if key not in _ENGINES:
        _ENGINES[key] = PrintEngine(Path(key))
    return _ENGINES[key]


class PrintEngine:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.fonts = FontConfiguration()
        self._css: dict[str, CSS] = {}
        self.full_stylesheet = False  # a stylesheet parsed here needs all of WeasyPrint's (ua_stylesheet.py)
        # Stylesheets may embed fonts or images: they go through the same fence as pages.
        self.css_fetcher = ProjectFetcher([root])
        self._templates = jinja2.Environment(
            loader=jinja2.FunctionLoader(self._template_source),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        _quiet_refusals()

    def _template_source(self, name: str) -> tuple[str, str, Callable[[], bool]]:
        # With its file name, a template error names the project's own file and line.
        path = theme_file(self.root, f"print/{name}")
        return path.read_text(encoding="utf-8"), str(path), lambda: True

    def template(self, name: str) -> jinja2.Template:
        return self._templates.get_template(name)

    def stylesheets(self, *names: str) -> list[CSS]:
        sheets = []
        for name in names:
            if name not in self._css:
                path = theme_file(self.root, f"print/{name}")
                self._css[name] = CSS(
                    filename=str(path), url_fetcher=self.css_fetcher, font_config=self.fonts, base_url=path.as_uri()
                )
                self.full_stylesheet |= needs_full_stylesheet(path.read_bytes().decode("utf-8", "replace"))
            sheets.append(self._css[name])
        return sheets

    def render(self, html: str, base_url: str, fetcher: ProjectFetcher, stylesheets: list[CSS]) -> Document:
        """Laid out with WeasyPrint's own stylesheet, trimmed where that changes nothing (ua_stylesheet.py)."""
        chosen = html_class(self.full_stylesheet or needs_full_stylesheet(html))
        try:
            return self._lay_out(chosen, html, base_url, fetcher, stylesheets)
        except Exception:
            if chosen is HTML:
                raise
            # A note or footnote placed where needs_full_stylesheet could not see it (a CSS escape, an
            # imported stylesheet): without its rules WeasyPrint stops, so the document is laid out with them.
            return self._lay_out(HTML, html, base_url, fetcher, stylesheets)

    def _lay_out(
        self, document_class: type[HTML], html: str, base_url: str, fetcher: ProjectFetcher, stylesheets: list[CSS]
    ) -> Document:
        document: Document = document_class(string=html, base_url=base_url, url_fetcher=fetcher).render(
            font_config=self.fonts, stylesheets=stylesheets, **PDF_OPTIONS
        )
        return document

    def stylesheet_findings(self) -> list[Finding]:
        """Addresses a project's own print CSS tried to embed from the web or from outside."""
        found = []
        for url, why in self.css_fetcher.refused.items():
            where = "the web" if why == "web" else "outside the project"
            found.append(
                Finding(_theme_path(self.root), 1, f"{url} is {where}; print only embeds files from the project")
            )
        return found


def _theme_path(root: Path) -> str:
    own = root / "theme" / "print"
    return "theme/print/" if own.is_dir() else str(DEFAULT_THEME.relative_to(DEFAULT_THEME.parent))


class _RefusalFilter(logging.Filter):
    """The fetcher reports refusals as findings; WeasyPrint's own log line about them would only repeat it."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        return "is on the web" not in text and "is outside the project" not in text


def _quiet_refusals() -> None:
    logger = logging.getLogger("weasyprint")
    if not any(isinstance(f, _RefusalFilter) for f in logger.filters):
        logger.addFilter(_RefusalFilter())
