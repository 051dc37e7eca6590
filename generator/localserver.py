"""What `serve` and `view` share: binding a port with a plain message, and finding the page to answer with."""

from __future__ import annotations

import errno
import posixpath
import re
from pathlib import Path

from generator.findings import UsageProblem


class PortInUse(UsageProblem):
    """The port is taken: a one-line message and exit 2, never a traceback."""


def port_problem(exc: OSError, host: str, port: int) -> UsageProblem:
    if exc.errno == errno.EADDRINUSE:
        return PortInUse(f"port {port} is already in use; choose another with --port, for example --port {port + 1}")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return PortInUse(f"port {port} needs special rights; choose one above 1023, for example --port 8000")
    return PortInUse(f"cannot listen on {host}:{port}: {exc.strerror}; choose another port with --port")


def local_file(root: Path, url_path: str) -> tuple[Path | None, str | None]:
    """The file a URL path names under `root`, and the address to redirect to when a folder lacks its slash.

    Paths are normalised first, so `..` never leaves `root`.
    """
    rel = posixpath.normpath("/" + url_path).lstrip("/")
    if rel == ".":
        rel = ""
    target = root / rel
    if url_path.endswith("/") or rel == "":
        target = target / "index.html"
    elif target.is_dir():
        return None, url_path + "/"
    return (target if target.is_file() else None), None


def not_found_page(root: Path, url_path: str) -> bytes | None:
    """The 404 page of the audience site that the address falls in, as MkDocs wrote it, or None.

    Material's 404 page links with absolute paths when `site_url` is set and relative ones when it is not;
    a `<base>` makes the relative ones work from any depth.
    """
    first = posixpath.normpath("/" + url_path).lstrip("/").split("/", 1)[0]
    if not first or first in (".", ".."):
        return None
    page = root / first / "404.html"
    if not page.is_file():
        return None
    html = page.read_bytes()
    base = f'<base href="/{first}/">'.encode()
    return re.sub(rb"<head([^>]*)>", lambda m: m.group(0) + base, html, count=1)


def content_type(path: Path) -> str:
    import mimetypes

    if path.suffix in (".js", ".mjs"):
        return "application/javascript"
    guess, encoding = mimetypes.guess_type(path.name)
    if encoding == "gzip":
        return "application/gzip"
    if guess and (guess.startswith("text/") or guess in ("application/javascript", "image/svg+xml")):
        return guess + "; charset=utf-8"
    return guess or "application/octet-stream"
