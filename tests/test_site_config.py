"""The theme settings Fieldguide gives each edition."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.chooser import PRIMARY, palette
from generator.site.edition import LARGE_EDITION, fast_features


@pytest.mark.parametrize(
    "given, pages, expected, noted",
    [
        ([], 10, ["navigation.prune"], False),
        (["navigation.expand"], 10, ["navigation.expand"], False),
        (["navigation.sections"], LARGE_EDITION, ["navigation.sections", "navigation.prune"], False),
        (["navigation.sections", "navigation.prune"], LARGE_EDITION + 1, ["navigation.prune"], True),
    ],
)
def test_fast_features(given: list[str], pages: int, expected: list[str], noted: bool) -> None:
    notes: list[str] = []
    assert fast_features(list(given), pages, notes) == expected
    assert notes == (
        [
            f"navigation.sections is off for this edition of {pages} pages (more than {LARGE_EDITION}): with it, "
            "every page would carry the whole navigation and the build would grow with the square of the page count"
        ]
        if noted
        else []
    )


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a[:7]), _luminance(b[:7])), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("name", sorted(PRIMARY))
def test_chooser_colours_follow_the_palette_and_stay_readable(name: str) -> None:
    colours = palette({"palette": [{"scheme": "default", "primary": name}]})
    assert colours["primary"] == PRIMARY[name][0]
    # WCAG AA: the header's bold text and the role names are large text (3:1); aim for 4.5:1 anyway.
    assert contrast(colours["on_primary"], colours["primary"]) >= 3, name
    assert contrast(colours["accent"], "#ffffff") >= 4.5, name


def test_chooser_defaults_to_indigo() -> None:
    assert palette("material")["primary"] == "#4051b5"


def test_relative_tags_in_mkdocs_yml_read_as_mkdocs_reads_them(tmp_path: Path) -> None:
    """mkdocs.yml is read before MkDocs loads it: `!relative` answers as MkDocs' own unloaded config does."""
    import os

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    from generator.site.config import read_portal_config

    file = tmp_path / "mkdocs.yml"
    file.write_text(
        "site_name: Test\ndocs_dir: content\n"
        "extra:\n  config: !relative $config_dir/snippets\n  docs: !relative $docs_dir/images\n  page: !relative\n"
    )
    config, findings = read_portal_config(tmp_path)
    assert config is not None and findings == []
    with open(file, "rb") as fd:
        mkdocs_own = yaml_load(fd, get_yaml_loader(config=MkDocsConfig(config_file_path=str(file))))
    ours, theirs = config.raw["extra"], mkdocs_own["extra"]
    assert os.fspath(ours["config"]) == os.fspath(theirs["config"]) == str(tmp_path / "snippets")
    assert os.fspath(ours["docs"]) == os.fspath(theirs["docs"]) == os.path.join("docs", "images")
    for placeholder in (ours["page"], theirs["page"]):
        with pytest.raises(Exception, match="The current file is not set for the '!relative' tag"):
            os.fspath(placeholder)
