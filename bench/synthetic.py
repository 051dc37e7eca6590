"""Synthetic portals: N pages x 4 audiences with blocks and terms, or N link-heavy guides x 8 audiences."""

from __future__ import annotations

import random
import struct
import zlib
from pathlib import Path

AUDIENCES = {
    "floor-operator": "includes: []\nterms:\n  assistant: the AI helper\n",
    "service-agent": "terms:\n  assistant: Assist\n",
    "team-lead": "includes: [floor-operator, service-agent]\nterms:\n  assistant: Assist\n",
    "manager": "terms:\n  assistant: the assistant\n",
}
TAGS = [
    "",
    "audiences: [floor-operator]",
    "audiences: [service-agent]",
    "audiences: [manager]",
    "except: [manager]",
    "audiences: [team-lead, manager]",
]
PARAGRAPH = (
    "Check what {{ assistant }} tells you before you act on it. It can be wrong, and it can sound sure "
    "when it is wrong. If a number looks odd, stop and ask someone who knows the line. "
)

CONFIG = """\
site_name: Synthetic Portal
site_url: https://bench.example/
docs_dir: content
theme:
  name: material
  features: [navigation.sections, navigation.prune]
markdown_extensions:
  - admonition
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.blocks.details
"""


def write_project(root: Path, pages: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    for top in ("audiences", "content"):
        (root / top).mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(CONFIG)
    for aid, extra in AUDIENCES.items():
        (root / "audiences" / f"{aid}.yml").write_text(f"name: {aid}\ndescription: The {aid} team.\n{extra}")
    for n in range(pages):
        folder = root / "content" / f"section-{n % 20:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        tag = rng.choice(TAGS)
        body = [f"# Topic {n}", "", PARAGRAPH * 3, ""]
        for b in range(3):
            who = rng.choice(list(AUDIENCES))
            body += [f"/// {rng.choice(['only', 'except'])} | {who}", f"Block {b}. " + PARAGRAPH, "///", ""]
        body += ["!!! note", "", "    " + PARAGRAPH, ""]
        (folder / f"page-{n:04d}.md").write_text(f"---\ntitle: Topic {n}\n{tag}\n---\n" + "\n".join(body))
    (root / "content" / "index.md").write_text("---\ntitle: Home\n---\nWelcome to {{ assistant }}.\n")
    return root


LIST = ["Use it for a first draft.", "Check every figure it gives.", "Never paste a customer's name.", "Ask your lead."]


def write_long_project(root: Path, pages: int, seed: int = 11) -> Path:
    """The issue's "4 x 500 pages of about 600 words": every audience gets nearly every page (one page in 25 is
    for managers alone, so that a change to one audience can be timed), each page about 600 words in
    sections, a list, a table, a note and two blocks for one audience, with terms."""
    rng = random.Random(seed)
    write_project(root, 0)  # the configuration, the audiences and the home page
    for n in range(pages):
        folder = root / "content" / f"section-{n % 20:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        tag = "audiences: [manager]\n" if n % 25 == 24 else ""
        body = [f"# Topic {n}", "", PARAGRAPH * 4, "", "## What it can do", "", PARAGRAPH * 2, ""]
        body += [f"- {item}" for item in LIST] + [""]
        for b in range(2):
            who = rng.choice(list(AUDIENCES))
            body += [f"/// {rng.choice(['only', 'except'])} | {who}", f"Block {b}. " + PARAGRAPH * 2, "///", ""]
        body += ["## When to check", "", PARAGRAPH * 4, ""]
        body += ["| What | Do |", "|---|---|", "| Names | Never paste them |", "| Figures | Check each one |", ""]
        body += ["!!! note", "", "    " + PARAGRAPH, ""]
        (folder / f"page-{n:04d}.md").write_text(f"---\ntitle: Topic {n}\n{tag}---\n" + "\n".join(body))
    return root


# The same theme as CONFIG (bench.py rewrites its features line for the plain projects), other extensions.
GUIDES_CONFIG = (
    CONFIG.replace("Synthetic Portal", "Guides Portal").replace("bench.example", "guides.example").split("  - ")[0]
    + """\
  - admonition
  - tables
  - attr_list
  - toc:
      permalink: true
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.tabbed:
      alternate_style: true
"""
)
STEP = "Open the form. Paste only public text. Read the answer twice before you send it on."


def write_guides_project(root: Path, pages: int, audiences: int = 8, seed: int = 3) -> Path:
    """Another shape: 8 audiences, pages in three folder levels, each with four steps holding a table, a
    screenshot, a code block and a link, tabs, and headings with permalinks; no terms. Most pages go to
    several audiences, some to one; a few blocks are for one audience."""
    rng = random.Random(seed)
    ids = [f"role-{i}" for i in range(audiences)]
    (root / "audiences").mkdir(parents=True, exist_ok=True)
    for aid in ids:
        (root / "audiences" / f"{aid}.yml").write_text(f"name: {aid}\ndescription: The {aid} people.\n")
    (root / "mkdocs.yml").write_text(GUIDES_CONFIG)
    content = root / "content"
    (content / "img").mkdir(parents=True, exist_ok=True)
    for n in range(20):
        _write_png(content / "img" / f"screen-{n}.png", rng)
    for n in range(pages):
        folder = content / f"area-{n % 12}" / f"part-{n % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        who = rng.sample(ids, rng.randrange(1, audiences + 1))
        tag = "" if len(who) == audiences else f"audiences: [{', '.join(who)}]\n"
        body = [f"# Guide {n}", "", "Use the tool for drafts. Check each figure. Ask your lead when unsure.", ""]
        for step in range(4):
            body += [f"## Step {step}", "", STEP, "", "| What | Do |", "|---|---|", "| Names | Never paste |"]
            body += ["| Figures | Check |", "", f"![Screen](../../img/screen-{rng.randrange(20)}.png)", ""]
            body += ["```python", "total = sum(values)", "print(total)", "```", ""]
            body += ["See [where to start](../../index.md#welcome).", ""]
            if rng.random() < 0.5:
                only = rng.choice(ids)
                body += [f"/// only | {only}", f"Only for {only}: ask the desk.", "///", ""]
        body += ['=== "Web"', "", "    Use the web page.", "", '=== "App"', "", "    Use the app.", ""]
        (folder / f"guide-{n:04d}.md").write_text(f"---\ntitle: Guide {n}\n{tag}---\n" + "\n".join(body))
    (content / "index.md").write_text("---\ntitle: Home\n---\n## Welcome\n\nStart here.\n")
    return root


def _write_png(path: Path, rng: random.Random) -> None:
    """A 64 x 64 PNG of noise: a real image file for MkDocs to copy and the output checks to read."""
    raw = b"".join(b"\x00" + bytes(rng.randrange(256) for _ in range(64 * 3)) for _ in range(64))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunks)
