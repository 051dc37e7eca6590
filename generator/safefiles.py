"""Reading source files safely: only regular files inside the project, decoded as UTF-8, bounded in size.

Fieldguide reads what editors (and anyone who can push to the repository) put in the project.
A symbolic link to `/etc/passwd`, a named pipe that blocks forever, or a binary file must each be a
located error, never a copy of something from the build machine or a hang.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from generator.findings import Finding

# Far above any real page (the largest measured Markdown page of a big handbook is under 1 MB),
# low enough that reading, scanning and rendering stay within seconds.
MAX_FILE_BYTES = 16 * 1024 * 1024
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


class SourceProblem(Exception):
    """A file that cannot be read as a source; `line` is where the problem is (1 if not in the text)."""

    def __init__(self, message: str, line: int = 1):
        self.message = message
        self.line = line
        super().__init__(message)


def rel(root: Path, path: Path) -> str:
    """`path` relative to the project, as messages show it (absolute when it is outside)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def is_inside(root: Path, path: Path) -> bool:
    """Whether `path`, with every symbolic link on the way resolved, is inside the project."""
    try:
        # The root as a string: resolving it as a Path stats it again, once for each of a project's files.
        return path.resolve().is_relative_to(os.path.realpath(root))
    except (OSError, RuntimeError):  # a symlink loop
        return False


def check_file(root: Path, path: Path) -> None:
    """Raise SourceProblem unless `path` is a regular file inside the project (symlinks resolved)."""
    if not is_inside(root, path):
        raise SourceProblem(_outside_message(path))
    try:
        found = os.stat(path)  # stat, not open: opening a named pipe would block
    except OSError as exc:
        if os.path.islink(path):
            raise SourceProblem(
                "a symbolic link that leads nowhere (or in a loop); remove it or point it at a file"
            ) from None
        raise SourceProblem(f"cannot be read ({exc.strerror}); check the file's permissions") from None
    mode = found.st_mode
    if stat.S_ISDIR(mode):
        raise SourceProblem("a folder, not a file; rename the folder so that its name does not end like a file's")
    if not stat.S_ISREG(mode):
        raise SourceProblem(f"{_kind(mode)}, not a regular file; only regular files are read")
    if found.st_size > MAX_FILE_BYTES:
        raise SourceProblem(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; split it into smaller files")


def read_text(root: Path, path: Path) -> str:
    """The file's text; a UTF-8 byte-order mark is accepted. Raise SourceProblem for anything else."""
    check_file(root, path)
    try:
        # O_NONBLOCK: should the file have been swapped for a pipe since the check, do not wait on it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            data = _read_at_most(fd, MAX_FILE_BYTES + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise SourceProblem(f"cannot be read ({exc.strerror}); check the file's permissions") from None
    return decode(data)


def _read_at_most(fd: int, limit: int) -> bytes:
    """Up to `limit` bytes, in pieces of 1 MiB: a buffered read(limit) sets aside all of `limit` first,
    16 MB for every page, which took 15 µs of the 18 it took to read a page of a few kilobytes."""
    pieces: list[bytes] = []
    left = limit
    while left > 0:
        piece = os.read(fd, min(left, 1 << 20))
        if not piece:
            break
        pieces.append(piece)
        left -= len(piece)
    return b"".join(pieces)


def decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith(_UTF16_BOMS):
        raise SourceProblem("UTF-16 or UTF-32 text; save the file as UTF-8")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceProblem("a binary file, not text (it holds a NUL byte); only UTF-8 text is read", line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex()
        raise SourceProblem(f"not UTF-8 text (byte 0x{byte}); save the file as UTF-8", line) from None


def finding(root: Path, path: Path, problem: SourceProblem) -> Finding:
    return Finding(rel(root, path), problem.line, problem.message)


def tree_problems(root: Path, folders: list[Path], text_suffixes: tuple[str, ...] = ()) -> list[Finding]:
    """Symbolic links leaving the project and non-regular files anywhere under `folders`.

    Checked for the whole tree, read or not: fail closed, and one rule an editor can remember.
    Files ending in `text_suffixes` must also be UTF-8 text: templates and stylesheets are read by
    Jinja, MkDocs and WeasyPrint, whose decoding errors would name no file.
    """
    findings: list[Finding] = []
    seen: set[Path] = set()
    for folder in folders:
        if os.path.lexists(folder) and not is_inside(root, folder):
            findings.append(finding(root, folder, SourceProblem(_outside_message(folder))))
            continue
        if not folder.is_dir():
            continue
        for current, dirs, files in os.walk(folder):
            here = Path(current)
            if here.resolve() in seen:
                dirs[:] = []
                continue
            seen.add(here.resolve())
            for name in sorted(dirs) + sorted(files):
                path = here / name
                # Only a link can lead out: os.walk does not follow them, and `folder` is inside.
                if os.path.islink(path) and not is_inside(root, path):
                    findings.append(finding(root, path, SourceProblem(_outside_message(path))))
                    dirs[:] = [d for d in dirs if d != name]
                    continue
                try:
                    mode = os.stat(path).st_mode
                except OSError:
                    continue
                if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
                    problem = SourceProblem(f"{_kind(mode)}, not a regular file; only regular files are read")
                    findings.append(finding(root, path, problem))
                elif stat.S_ISREG(mode) and path.suffix.lower() in text_suffixes:
                    try:
                        read_text(root, path)
                    except SourceProblem as bad:
                        findings.append(finding(root, path, bad))
    return findings


def _outside_message(path: Path) -> str:
    try:
        path.resolve()
    except (OSError, RuntimeError):
        return "a symbolic link in a loop; remove it"
    return "a symbolic link that leads outside the project; copy the file into the project instead"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def walk(root: Path, folder: Path) -> list[tuple[Path, list[str], list[str]]]:
    """`os.walk` that follows symbolic links only while they stay inside the project, never in a loop."""
    found: list[tuple[Path, list[str], list[str]]] = []
    seen: set[Path] = set()
    for current, dirs, files in os.walk(folder, followlinks=True):
        here = Path(current)
        real = here.resolve()
        if real in seen or not is_inside(root, here):
            dirs[:] = []
            continue
        seen.add(real)
        dirs.sort()
        found.append((here, list(dirs), sorted(files)))
    return found
