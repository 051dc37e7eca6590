"""An offline URL fetcher: WeasyPrint may read files of the project and the build, and nothing else."""

from __future__ import annotations

import hashlib
import mimetypes
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from generator.findings import Finding
from generator.links import line_of
from generator.manifest import file_digest
from generator.select import EditionPage
from generator.theme import DEFAULT_THEME


class Refused(ValueError):
    """WeasyPrint logs this and leaves the resource out; the finding is what the editor sees."""


class ProjectFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint is untyped
    """Serves `file:` URLs under the allowed folders and `data:` URLs; refuses everything else."""

    def __init__(self, roots: Iterable[str | Path]) -> None:
        super().__init__(timeout=1, allowed_protocols=("file", "data"))
        # Real paths, so a symlink cannot lead out of the project.
        self.roots = [Path(os.path.realpath(r)) for r in [*roots, DEFAULT_THEME]]
        self.refused: dict[str, str] = {}  # url -> "web" | "outside", in the order met
        self.fetched: dict[str, str] = {}  # file: url -> SHA-256 of what was served, for reusing PDFs

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            # No I/O at all: urllib decodes it in memory.
            return super().fetch(url, headers)
        if scheme != "file":
            self.refused.setdefault(url, "web")
            raise Refused(f"{url} is on the web")
        path = self._allowed(url)
        if path is None:
            self.refused.setdefault(url, "outside")
            raise Refused(f"{url} is outside the project")
        body = path.read_bytes()
        self.fetched[url] = hashlib.sha256(body).hexdigest()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": kind})

    def digest(self, url: str) -> str | None:
        """What fetching the file: `url` would serve now, as SHA-256; None if it would not be served."""
        path = self._allowed(url) if urlsplit(url).scheme.lower() == "file" else None
        try:
            return file_digest(path).hex() if path is not None else None
        except OSError:
            return None

    def _allowed(self, url: str) -> Path | None:
        path = Path(os.path.realpath(url2pathname(unquote(urlsplit(url).path))))
        return path if any(path.is_relative_to(root) for root in self.roots) else None

    def findings(
        self,
        embeds: dict[str, tuple[EditionPage, str]],
        pages: Sequence[EditionPage],
        base_url: str,
        fallback: tuple[str, int],
        audience: str,
    ) -> list[Finding]:
        """One error per refused address, at the line that wrote it when we can find it.

        `embeds` knows what Markdown images became; raw HTML is looked up in the pages' text.
        """
        found: list[Finding] = []
        for url, why in self.refused.items():
            page, address = embeds.get(url) or _written(url, pages, base_url)
            where = _line_of(page, address) if page is not None else fallback
            message = (
                f"{address} is on the web; print only embeds files from the project. Copy it into content/"
                if why == "web"
                else f"{address} is outside the project; print only embeds files from the project"
            )
            found.append(Finding(where[0], where[1], message, audience))
        return found


def _written(url: str, pages: Sequence[EditionPage], base_url: str) -> tuple[EditionPage | None, str]:
    """The page that wrote `url`, and how it wrote it: as is, or relative to the content folder."""
    spellings = [url]
    if url.startswith(base_url):
        spellings.append(unquote(url[len(base_url) :]))
    for spelling in spellings:
        for page in pages:
            if any(spelling in line.text for line in page.lines):
                return page, spelling
    return None, url


def _line_of(page: EditionPage, address: str) -> tuple[str, int]:
    line = line_of(page, address)
    return line.path, line.lineno
