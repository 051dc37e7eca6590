"""JSON Schemas for audience files, page front matter and capabilities.json, generated from the typed models.

Run `python -m generator.schemas` after changing generator/model.py; a test fails
while the committed files in schemas/ differ from what this module generates.
Editors point their YAML support at them, for example with a first line
`# yaml-language-server: $schema=../schemas/audience.schema.json`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from generator.capability import CapabilitiesFile
from generator.frontmatter import near_miss
from generator.model import FIELDGUIDE_KEYS, AudienceDefaults, AudienceSpec, PageMeta

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def audience_schema() -> dict[str, Any]:
    """`audiences/<id>.yml`."""
    return _titled(AudienceSpec.model_json_schema(), "Fieldguide audience file: audiences/<id>.yml")


def defaults_schema() -> dict[str, Any]:
    """`audiences/_defaults.yml`."""
    return _titled(AudienceDefaults.model_json_schema(), "Fieldguide audience defaults: audiences/_defaults.yml")


def page_schema() -> dict[str, Any]:
    """Page front matter: Fieldguide's keys, strictly; every other key passes through to MkDocs.

    `title` is optional in the file: the loader takes the first '# heading' when it is absent.
    """
    schema = PageMeta.model_json_schema()
    schema["required"] = [k for k in schema.get("required", []) if k != "title"]
    if not schema["required"]:
        del schema["required"]
    schema["additionalProperties"] = True
    # JSON Schema cannot measure edit distance: name the common slips the loader refuses.
    schema["propertyNames"] = {"not": {"enum": common_slips()}}
    return _titled(schema, "Fieldguide page front matter")


def common_slips() -> list[str]:
    """Slips of Fieldguide's keys that the loader refuses: case, plural, hyphen, a letter dropped or swapped."""
    slips: set[str] = set()
    for key in FIELDGUIDE_KEYS:
        slips |= {
            key.capitalize(),
            key.upper(),
            key + "s",
            key.rstrip("s"),
            key.replace("_", "-"),
            key.replace("_", ""),
        }
        slips |= {key[:i] + key[i + 1 :] for i in range(len(key))}
        slips |= {key[:i] + key[i + 1] + key[i] + key[i + 2 :] for i in range(len(key) - 1)}
    return sorted(s for s in slips if near_miss(s) is not None)


def capabilities_schema() -> dict[str, Any]:
    """`site/<id>/capabilities.json`: what each audience was told about its AI tools."""
    schema = CapabilitiesFile.model_json_schema(by_alias=True, mode="serialization")
    return _titled(schema, "Fieldguide capabilities of one audience: site/<id>/capabilities.json")


def report_schema() -> dict[str, Any]:
    """`fieldguide report --format json`."""
    from generator.report.model import Report

    return _titled(Report.model_json_schema(), "Fieldguide report of use: fieldguide report --format json")


def _titled(schema: dict[str, Any], title: str) -> dict[str, Any]:
    return {"$schema": DIALECT, **schema, "title": title}


def generated() -> dict[str, dict[str, Any]]:
    """File name -> schema, for everything this module writes."""
    return {
        "audience.schema.json": audience_schema(),
        "capabilities.schema.json": capabilities_schema(),
        "defaults.schema.json": defaults_schema(),
        "page.schema.json": page_schema(),
        "report.schema.json": report_schema(),
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write(folder: Path = SCHEMA_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in generated().items():
        target = folder / name
        target.write_text(render(schema), encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else SCHEMA_DIR
    for path in write(folder):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
