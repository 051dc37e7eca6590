"""Load `audiences/*.yml` into typed, validated Audience objects."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator import safefiles
from generator.findings import Finding, suggest
from generator.model import Audience, AudienceDefaults, AudienceSpec
from generator.validation import validate
from generator.yamlsrc import LocatedYaml, YamlSyntaxError, parse_yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Names the output already uses at the top of site/, plus the condition keyword.
RESERVED_IDS = frozenset({"all", "assets", "index", "print", "search", "404", "sitemap"})
MERGED_KEYS = ("reading", "terms", "avoid", "print")


def load_audiences(root: Path) -> tuple[dict[str, Audience], frozenset[str], list[Finding]]:
    """Every audience, the default term keys, and every problem found."""
    folder = root / "audiences"
    findings: list[Finding] = []
    if not folder.is_dir():
        return {}, frozenset(), [Finding("audiences", 1, "no audiences/ folder; add one YAML file per audience")]
    defaults_raw = _read_defaults(root, folder, findings)
    specs: dict[str, tuple[AudienceSpec, LocatedYaml, str]] = {}
    files = sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")])
    findings += _both_extensions(root, files)
    for file in files:
        if file.name.startswith("_") or (file.suffix == ".yaml" and file.with_suffix(".yml") in files):
            continue
        rel = file.relative_to(root).as_posix()
        doc = _parse(file, rel, findings)
        if doc is None:
            continue
        if not ID_PATTERN.match(file.stem) or file.stem in RESERVED_IDS:
            findings.append(Finding(rel, 1, _bad_id_message(file.stem)))
            continue
        if not isinstance(doc.value, dict):
            findings.append(Finding(rel, 1, "an audience file must be a mapping with at least name: ..."))
            continue
        merged = _merge(defaults_raw, doc.value)
        # Broken defaults were reported in _defaults.yml and left out of `merged`.
        spec, problems = validate(AudienceSpec, merged, doc, rel)
        findings += problems
        if spec is not None:
            specs[file.stem] = (spec, doc, rel)
    findings += _check_includes(specs)
    audiences = {aid: Audience(aid, spec, _matches(aid, specs), rel) for aid, (spec, _, rel) in specs.items()}
    if not audiences and not findings:
        findings.append(Finding("audiences", 1, "no audiences defined; add audiences/<id>.yml"))
    defaults_terms = frozenset((defaults_raw.get("terms") or {}).keys()) if defaults_raw else frozenset()
    return audiences, defaults_terms, findings


def _read_defaults(root: Path, folder: Path, findings: list[Finding]) -> dict[str, Any]:
    file = folder / "_defaults.yml"
    if not file.exists():
        return {}
    rel = file.relative_to(root).as_posix()
    doc = _parse(file, rel, findings)
    if doc is None or doc.value is None:
        return {}
    if not isinstance(doc.value, dict):
        findings.append(Finding(rel, 1, "_defaults.yml must be a mapping of lang, reading, terms, avoid, print"))
        return {}
    _, problems = validate(AudienceDefaults, doc.value, doc, rel)
    findings += problems
    return doc.value if not problems else {}


def _parse(file: Path, rel: str, findings: list[Finding]) -> LocatedYaml | None:
    root = file.parent.parent
    try:
        return parse_yaml(safefiles.read_text(root, file))
    except YamlSyntaxError as exc:
        findings.append(Finding(rel, exc.line, f"malformed YAML: {exc.problem}"))
    except safefiles.SourceProblem as problem:
        findings.append(safefiles.finding(root, file, problem))
    return None


def _both_extensions(root: Path, files: list[Path]) -> list[Finding]:
    """`x.yml` beside `x.yaml`: one would silently win; the editor must say which is meant."""
    findings = []
    for file in files:
        if file.suffix == ".yaml" and file.with_suffix(".yml") in files:
            other = file.with_suffix(".yml").relative_to(root).as_posix()
            message = f"{other} describes the same audience; keep one of the two files"
            findings.append(Finding(file.relative_to(root).as_posix(), 1, message))
    return findings


def _merge(defaults: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """Own values override the defaults one key at a time."""
    merged = {k: v for k, v in defaults.items() if k not in MERGED_KEYS}
    merged.update(own)
    for key in MERGED_KEYS:
        base, mine = defaults.get(key), own.get(key)
        if isinstance(base, dict) and isinstance(mine, dict):
            merged[key] = {**base, **mine}
        elif mine is None and base is not None:
            merged[key] = base
    return merged


def _bad_id_message(stem: str) -> str:
    if stem in RESERVED_IDS:
        return f"'{stem}' cannot be an audience id: Fieldguide uses that name itself; rename the file"
    hint = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "team"
    return f"audience id '{stem}' must be lowercase letters, digits and hyphens; rename the file to '{hint}.yml'"


def _check_includes(specs: dict[str, tuple[AudienceSpec, LocatedYaml, str]]) -> list[Finding]:
    findings: list[Finding] = []
    for spec, doc, rel in specs.values():
        for i, inc in enumerate(spec.includes):
            if inc not in specs:
                line = doc.line_of(("includes", i))
                findings.append(Finding(rel, line, f"unknown audience '{inc}'; {suggest(inc, specs, '')}"))
    reported: set[frozenset[str]] = set()
    for aid in specs:
        cycle = _find_cycle(aid, specs, [])
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            spec, doc, rel = specs[cycle[0]]
            line = doc.line_of(("includes",))
            chain = " -> ".join([*cycle, cycle[0]])
            findings.append(Finding(rel, line, f"includes form a cycle: {chain}; remove one of these includes"))
    return findings


def _find_cycle(aid: str, specs: dict[str, Any], path: list[str]) -> list[str] | None:
    if aid in path:
        return path[path.index(aid) :]
    if aid not in specs:
        return None
    for inc in specs[aid][0].includes:
        found = _find_cycle(inc, specs, [*path, aid])
        if found:
            return found
    return None


def _matches(aid: str, specs: dict[str, tuple[AudienceSpec, LocatedYaml, str]]) -> frozenset[str]:
    """The audience's own id plus every id it includes, directly or not."""
    seen: set[str] = set()
    todo = [aid]
    while todo:
        current = todo.pop()
        if current in seen or current not in specs:
            continue
        seen.add(current)
        todo.extend(specs[current][0].includes)
    return frozenset(seen)
