"""The role chooser at `site/index.html`: plain HTML that needs no JavaScript."""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.model import Project
from generator.theme import theme_file

# Material's primary colours (palette.css): the colour and its dark variant.
PRIMARY = {
    "red": ("#ef5552", "#e53734"),
    "pink": ("#e92063", "#c3185d"),
    "purple": ("#ab47bd", "#8c24a8"),
    "deep-purple": ("#7e56c2", "#673ab6"),
    "indigo": ("#4051b5", "#303fa1"),
    "blue": ("#2094f3", "#1975d2"),
    "light-blue": ("#02a6f2", "#0287cf"),
    "cyan": ("#00bdd6", "#0097a8"),
    "teal": ("#009485", "#007a6c"),
    "green": ("#4cae4f", "#398e3d"),
    "light-green": ("#8bc34b", "#689f38"),
    "lime": ("#cbdc38", "#b0b52c"),
    "yellow": ("#ffec3d", "#fbc02d"),
    "amber": ("#ffc105", "#ffa000"),
    "orange": ("#ffa724", "#fa8900"),
    "deep-orange": ("#ff6e42", "#f4511d"),
    "brown": ("#795649", "#5d4037"),
    "grey": ("#757575", "#616161"),
    "blue-grey": ("#546d78", "#455a65"),
    "black": ("#000000", "#000000"),
    "white": ("#ffffff", "#ffffff"),
}
# On these, white text falls below WCAG AA's 4.5:1: the header text and role names go black instead.
# theme_default/overrides/main.html gives the sites' header the same rule.


def luminance(colour: str) -> float:
    """WCAG relative luminance of an opaque colour (#rrggbb)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two opaque colours."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


LIGHT = frozenset(name for name, (colour, _) in PRIMARY.items() if contrast(colour, "#ffffff") < 4.5)


def palette(theme: object) -> dict[str, str]:
    """The chooser's colours, from the project's Material palette, so it matches the sites."""
    scheme = theme.get("palette") if isinstance(theme, dict) else None
    if isinstance(scheme, list):
        scheme = scheme[0] if scheme else None
    name = str(scheme.get("primary", "indigo")) if isinstance(scheme, dict) else "indigo"
    name = name.lower().replace(" ", "-")
    primary, dark = PRIMARY.get(name, PRIMARY["indigo"])
    light = name in LIGHT
    accent = dark if not light and contrast(dark, "#ffffff") >= 4.5 else "#1f1f1f"
    return {"primary": primary, "on_primary": "#000000" if light else "#ffffff", "accent": accent}


def render_chooser(project: Project, built: str) -> str:
    template_path = theme_file(Path(project.root), "chooser.html")
    # Loaded by file name, so that a template error names the file and line.
    loader = jinja2.FileSystemLoader(template_path.parent)
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.get_template(template_path.name)
    return template.render(
        site_name=project.config.site_name,
        lang=project.config.language or "en",
        audiences=list(project.audiences.values()),
        built=built,
        colours=palette(project.config.raw.get("theme")),
    )
