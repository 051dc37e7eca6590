"""The committed JSON Schemas match the models, and the example portal validates against them."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import REPO

from generator import schemas

SCHEMA_DIR = REPO / "schemas"


def _load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return loaded


def _as_json(value: Any) -> Any:
    """YAML reads dates as dates; JSON Schema sees the text the editor wrote."""
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _front_matter(file: Path) -> dict[str, Any]:
    text = file.read_text(encoding="utf-8")
    _, meta, _ = text.split("---\n", 2)
    return dict(_as_json(yaml.safe_load(meta)) or {})


@pytest.mark.parametrize("name", sorted(schemas.generated()))
def test_committed_schema_is_generated_from_the_models(name: str) -> None:
    committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert committed == schemas.render(schemas.generated()[name]), "run: python -m generator.schemas"


def test_example_audiences_validate() -> None:
    audience, defaults = _load("audience.schema.json"), _load("defaults.schema.json")
    files = sorted((REPO / "audiences").glob("*.yml"))
    assert files
    for file in files:
        data = _as_json(yaml.safe_load(file.read_text(encoding="utf-8")))
        jsonschema.validate(data, defaults if file.name == "_defaults.yml" else audience)


def test_example_front_matter_validates() -> None:
    schema = _load("page.schema.json")
    files = sorted(f for f in (REPO / "content").rglob("*.md") if "_snippets" not in f.parts)
    assert files
    for file in files:
        jsonschema.validate(_front_matter(file), schema)


@pytest.mark.parametrize(
    ("meta", "problem"),
    [
        ({"title": "A", "audience": ["ops"]}, "'audience' should not be valid under"),
        ({"title": "A", "reveiw_by": "2027-01-01"}, "'reveiw_by' should not be valid under"),
        ({"title": "A", "type": "guide"}, "'guide' is not one of"),
    ],
)
def test_page_schema_rejects_what_the_loader_rejects(meta: dict[str, Any], problem: str) -> None:
    with pytest.raises(jsonschema.ValidationError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        jsonschema.validate(meta, _load("page.schema.json"))


def test_page_schema_allows_passthrough_keys() -> None:
    meta = {"title": "A", "hide": ["toc"], "tags": ["x"], "except": ["ops"], "status": "new", "template": "t.html"}
    jsonschema.validate({**meta, "date": "2024-01-01", "authors": ["a"], "slug": "s"}, _load("page.schema.json"))
    jsonschema.validate({"summary": "The title comes from the page's first heading"}, _load("page.schema.json"))


def test_write_regenerates_into_a_folder(tmp_path: Path) -> None:
    written = schemas.write(tmp_path)
    assert sorted(p.name for p in written) == [
        "audience.schema.json",
        "capabilities.schema.json",
        "defaults.schema.json",
        "page.schema.json",
        "report.schema.json",
    ]
