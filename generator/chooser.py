"""The role chooser at `site/index.html`: plain HTML that needs no JavaScript."""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.model import Project
from generator.theme import theme_file


def render_chooser(project: Project, built: str) -> str:
    template_path = theme_file(Path(project.root), "chooser.html")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(template_path.read_text(encoding="utf-8"))
    return template.render(
        site_name=project.config.site_name,
        lang=project.config.language or "en",
        audiences=list(project.audiences.values()),
        built=built,
    )
