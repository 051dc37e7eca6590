"""Which audience, page and answer a request path stands for, through site_url and each audience's pages."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote, urlsplit

from generator.report.logs import Request

SUCCESS = frozenset({200, 203, 206, 304})


class Metric(StrEnum):
    VIEW = "views"
    CARD = "card_scans"
    YES = "yes"
    NO = "no"


@dataclass(frozen=True)
class Hit:
    audience: str
    page: str  # the page's address within its audience's site, as MkDocs writes it ('' is the home page)
    metric: Metric


@dataclass(frozen=True)
class PortalMap:
    """The published portal's address space: site_url's path, audiences and their current pages."""

    prefix: str  # site_url's path, ending in '/'
    pages: dict[str, dict[str, str]]  # audience -> page address -> title
    directory_urls: bool = True

    @classmethod
    def from_site_url(
        cls, site_url: str | None, pages: dict[str, dict[str, str]], directory_urls: bool = True
    ) -> PortalMap:
        path = urlsplit(site_url or "/").path or "/"
        return cls(path if path.endswith("/") else path + "/", pages, directory_urls)

    def classify(self, request: Request) -> Hit | str:
        """The hit this request counts as, or the reason it does not count."""
        if request.method != "GET":
            return "not a GET"
        if request.status not in SUCCESS:
            return "not successful"
        path = unquote(request.path)
        if not path.startswith(self.prefix):
            return "another site"
        audience, _, rest = path[len(self.prefix) :].partition("/")
        if audience not in self.pages:
            return "not an audience's site"
        metric = Metric.CARD if request.from_card else Metric.VIEW
        for answer, answer_metric in (("yes", Metric.YES), ("no", Metric.NO)):
            marker = f"feedback/{answer}/"
            if rest.startswith(marker):
                rest, metric = rest[len(marker) :], answer_metric
                break
        page = self._page_address(rest)
        return Hit(audience, page, metric) if page is not None else "an asset"

    def _page_address(self, rest: str) -> str | None:
        """The page address MkDocs would give, or None for an asset (stylesheet, image, PDF, search index)."""
        if ".." in rest.split("/"):
            return None
        name = posixpath.basename(rest)
        if "." in name and not name.endswith(".html"):
            return None
        if self.directory_urls and name == "index.html":
            rest = rest[: -len(name)]
        elif not self.directory_urls and (not name or not name.endswith(".html")):
            rest = posixpath.join(rest, "index.html") if not name else rest
            if not rest.endswith(".html"):
                return None
        if rest.startswith(("assets/", "search/", "print/")) or rest in ("404.html", "sitemap.xml"):
            return None
        return rest

    def is_current(self, audience: str, page: str) -> bool:
        return page in self.pages.get(audience, {})

    def title(self, audience: str, page: str) -> str | None:
        return self.pages.get(audience, {}).get(page)
