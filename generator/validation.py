"""Turn pydantic validation errors into located, editor-facing findings."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.findings import Finding, suggest
from generator.yamlsrc import LocatedYaml

M = TypeVar("M", bound=BaseModel)


def validate(
    model: type[M], raw: dict[str, Any], doc: LocatedYaml, path: str, what: str = "key"
) -> tuple[M | None, list[Finding]]:
    """Validate `raw` as `model`; every problem becomes a Finding at its source line."""
    try:
        return model.model_validate(raw), []
    except ValidationError as exc:
        # A union reports once per branch: keep one message per place, the most specific one.
        by_loc: dict[tuple[Any, ...], Any] = {}
        for err in exc.errors():
            by_loc.setdefault(_strip_union(tuple(err["loc"])), err)
        specific = [loc for loc in by_loc if not any(o[: len(loc)] == loc and o != loc for o in by_loc)]
        return None, [_finding(model, loc, by_loc[loc], doc, path, what) for loc in specific]


def _finding(model: type[BaseModel], loc: tuple[Any, ...], err: Any, doc: LocatedYaml, path: str, what: str) -> Finding:
    dotted = ".".join(str(p) for p in loc)
    line = doc.line_of(loc)
    if err["type"] == "extra_forbidden":
        known = _field_names(model, loc[:-1])
        return Finding(path, line, f"unknown {what} '{dotted}'; {suggest(str(loc[-1]), known, ' keys')}")
    if err["type"] == "missing":
        return Finding(path, line, f"missing required {what} '{dotted}'")
    return Finding(path, line, f"{dotted}: {_plain(err['msg'])}")


_UNION_TAGS = {"bool", "list", "str", "int", "float", "CardSpec", "literal['all']"}


def _strip_union(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p in _UNION_TAGS)))


def _plain(msg: str) -> str:
    return msg[0].lower() + msg[1:] if msg else msg


def _field_names(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in loc:
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field is None:
            return []
        current = field.annotation
    if not hasattr(current, "model_fields"):
        return []
    return [f.alias or name for name, f in current.model_fields.items()]
