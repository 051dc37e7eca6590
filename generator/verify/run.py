"""Both output checks for one audience, run in its worker once its site and PDFs are written.

Each output file is read once and given to both checks.
"""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Mapping
from pathlib import Path

from generator.findings import Finding
from generator.manifest import Listed, listed_entries
from generator.model import Project
from generator.select import Edition
from generator.textcache import TextCache, text_key
from generator.verify.hosts import HostCheck, check_config
from generator.verify.isolation import IsolationCheck
from generator.verify.outputs import TEXT_SUFFIXES, units

_HTML = frozenset({".html", ".htm", ".svg"})
VERIFIED = TextCache("verified")  # files judged clean: key -> 1 (generator/textcache.py)


def verify_output(
    project: Project,
    edition: Edition,
    site_dir: str,
    out_name: str,
    digests: dict[str, bytes] | None = None,
    grafts: Mapping[str, str] | None = None,
    listed: Listed | None = None,
) -> list[Finding]:
    """Every finding on what was written to `site_dir`; the caller publishes nothing if there is one.

    Fails closed: an output that cannot be read (or a bug here) is an error, never a pass.
    `digests` is given the SHA-256 of each file read, by relative path (for manifest.tree_digest).
    `grafts`: folders elsewhere checked as if they were in the site under these names (tree_entries).
    `listed` is given every entry the checks walked, as manifest.listed_entries lists them (for tree_digest).
    """
    listed = [] if listed is None else listed
    digests = {} if digests is None else digests
    try:
        return _verify(project, edition, Path(site_dir), out_name, digests, grafts or {}, listed)
    except Exception as exc:  # noqa: BLE001 - any failure to check means nothing may be published
        message = (
            f"could not check this audience's output ({type(exc).__name__}: {exc}); nothing was published: "
            "if pdftotext is missing, install poppler-utils (scripts/setup); otherwise report this as a Fieldguide bug"
        )
        return [Finding(project.config.config_file, 1, message, edition.audience.id)]


def _verify(
    project: Project,
    edition: Edition,
    site: Path,
    out_name: str,
    digests: dict[str, bytes],
    grafts: Mapping[str, str],
    listed: Listed,
) -> list[Finding]:
    hosts = HostCheck(project, edition, out_name)
    isolation = IsolationCheck(project, edition, out_name)
    # A file is judged by its bytes and the rules it is judged by; one judged clean under the same
    # rules before (in an earlier build: most pages do not change) is not read again.
    rules = text_key(repr(hosts.host), *sorted({f"{int(n.in_code)}{n.normal}" for n in isolation.needles}))
    judged = []
    # Plain strings and os.scandir: a site has thousands of files, and Path objects cost 0.2 s to walk them.
    entries = listed_entries(site, grafts=grafts)
    listed += entries
    for name, path, mode in entries:
        suffix = _suffix(name)
        if (suffix not in TEXT_SUFFIXES and suffix != ".css") or not stat.S_ISREG(mode):
            continue
        with open(path, "rb") as file:
            data = file.read()
        digests[name] = hashlib.sha256(data).digest()
        key = text_key(rules, name, digests[name].hex())
        if VERIFIED.get(key) == 1:
            continue
        judged.append(key)
        if suffix in _HTML:
            lines = units(_text(data))
            hosts.html(name, lines)
            if isolation.wanted:
                isolation.html(name, lines)
        elif suffix == ".css":
            hosts.css(name, _text(data))
        elif isolation.wanted:
            isolation.other(name, Path(path))
    findings = check_config(project) + hosts.findings + isolation.findings()
    if not findings:  # only a clean output is remembered; a finding is worked out afresh every time
        for key in judged:
            VERIFIED.put(key, 1)
        VERIFIED.save()
    return findings


def _suffix(name: str) -> str:
    """As Path.suffix gives it, in lower case: not for '.hidden' or 'name.'."""
    base = name.rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[dot:].lower() if 0 < dot < len(base) - 1 else ""


def _text(data: bytes) -> str:
    """As Path.read_text reads it: invalid UTF-8 replaced, line ends made \\n."""
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
