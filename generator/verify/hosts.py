"""No outside hosts, verified on the output: every load in every HTML and CSS file of one audience."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from generator.findings import Finding
from generator.model import Project
from generator.select import Edition
from generator.verify.outputs import material_dir
from generator.verify.references import Reference, css_addresses, html_references
from generator.verify.trace import Origin, trace

# Schemes that load nothing from anywhere: the data is in the address itself.
_LOCAL_SCHEMES = frozenset({"data", "about", "blob"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_IGNORED = re.compile(r"[\t\n\r]")


def outside(address: str, site_host: str | None) -> str | None:
    """The host (or 'file:') that loading `address` would reach outside the site; None if none.

    Read as a browser reads it: surrounding spaces, tabs and newlines dropped, any case, backslashes
    as slashes, so `//host`, `\\\\host`, `HTTPS:` and ` https:` all count.
    """
    url = _IGNORED.sub("", address).strip(" \f\x00").replace("\\", "/")
    lowered = url.lower()
    scheme = _SCHEME.match(lowered)
    if scheme:
        name = scheme[1]
        if name in _LOCAL_SCHEMES:
            return None
        if name == "file":
            return "file:"
        if name not in ("http", "https"):
            return f"{name}:"
    elif not lowered.startswith("//"):
        return None  # relative to the site itself
    try:
        host = urlsplit(lowered if scheme else "http:" + lowered).hostname or ""
    except ValueError:
        return lowered
    return None if site_host and host == site_host else host or lowered


def site_host(project: Project) -> str | None:
    url = project.config.site_url
    try:
        return urlsplit(url).hostname if url else None
    except ValueError:
        return None


class HostCheck:
    """Fed every HTML and CSS file of one audience's output; collects a finding per outside load."""

    def __init__(self, project: Project, edition: Edition, out_name: str) -> None:
        self.project = project
        self.edition = edition
        self.host = site_host(project)
        self.prefix = f"{out_name}/{edition.audience.id}"
        self.cache: dict[str, list[Reference]] = {}
        self.seen: set[str] = set()
        self.findings: list[Finding] = []

    def html(self, name: str, lines: list[str]) -> None:
        self._check(name, html_references(lines, self.cache, self.seen))

    def css(self, name: str, text: str) -> None:
        if not _is_material_own(name, text):
            self._check(name, [Reference(a, "stylesheet") for a in css_addresses(text)])

    def _check(self, name: str, refs: list[Reference]) -> None:
        for ref in refs:
            reached = outside(ref.address, self.host)
            if reached:
                origin = trace(self.project, self.edition, name, ref)
                self.findings.append(_finding(origin, ref, reached, self.edition, f"{self.prefix}/{name}"))


def _is_material_own(name: str, text: str) -> bool:
    """Material's own stylesheets, unchanged: checked by the test suite instead (they are 140 KB each)."""
    if not name.startswith("assets/stylesheets/"):
        return False
    own = material_dir() / name
    try:
        return own.is_file() and own.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def _finding(origin: Origin, ref: Reference, reached: str, edition: Edition, where: str) -> Finding:
    what = "from the build machine's disk" if reached == "file:" else f"from another host ({reached})"
    fix = "copy the file into the project and refer to it by a relative address" if origin.fix is None else origin.fix
    if origin.shared:
        message = f"{origin.config_key or ref.what} loads {ref.address} {what}; {fix}"
        return Finding(origin.path, origin.line, message)
    message = f"{ref.what} in {where} loads {ref.address} {what}; {fix}"
    return Finding(origin.path, origin.line, message, edition.audience.id)


def check_config(project: Project) -> list[Finding]:
    """Settings that make Material load a third party's script from JavaScript, out of sight of the HTML."""
    extra = project.config.raw.get("extra")
    analytics = extra.get("analytics") if isinstance(extra, dict) else None
    if not analytics:
        return []
    provider = analytics.get("provider", "a") if isinstance(analytics, dict) else "a"
    message = (
        f"extra.analytics loads {provider} analytics from another host and reports every visit to it; "
        "remove extra.analytics: use the web server's own logs (fieldguide report) instead"
    )
    return [Finding(project.config.config_file, project.config.line_of("analytics:"), message)]
