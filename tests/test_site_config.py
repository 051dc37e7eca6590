"""The theme settings Fieldguide gives each edition."""

from __future__ import annotations

import pytest

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
