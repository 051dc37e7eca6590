"""A synthetic portal: N pages x 4 audiences with mixed tagging, blocks and terms."""

from __future__ import annotations

import random
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
    (root / "audiences").mkdir(parents=True, exist_ok=True)
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
