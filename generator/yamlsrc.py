"""YAML with line numbers: values plus the source line of every mapping key."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

KeyPath = tuple[str | int, ...]


class YamlSyntaxError(Exception):
    """Malformed YAML; `line` is 1-based within the parsed text."""

    def __init__(self, line: int, problem: str):
        self.line = line
        self.problem = problem
        super().__init__(f"{line}: {problem}")


@dataclass
class LocatedYaml:
    """A parsed document and where each key and item sits (1-based lines)."""

    value: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)
    first_line: int = 1

    def line_of(self, path: KeyPath) -> int:
        """The line of `path`, or of its nearest located parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


# libyaml's parser when PyYAML was built with it: same nodes and marks, several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Constructor(yaml.constructor.SafeConstructor):
    pass


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError:
        # PyYAML's own parser says what is wrong more clearly, at a better line; errors are rare.
        return yaml.compose(text, Loader=yaml.SafeLoader)


def parse_yaml(text: str, line_offset: int = 0) -> LocatedYaml:
    """Parse one YAML document safely; lines are shifted by `line_offset`."""
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        raise YamlSyntaxError(line, str(exc.problem or exc.context)) from None
    located = LocatedYaml(None, first_line=1 + line_offset)
    if node is None:
        return located
    try:
        located.value = _build(node, (), located, line_offset)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise YamlSyntaxError((mark.line + 1 if mark else 1) + line_offset, str(exc.problem)) from None
    return located


def _build(node: yaml.Node, path: KeyPath, out: LocatedYaml, offset: int) -> Any:
    out.lines.setdefault(path, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _Constructor().construct_object(key_node, deep=True)
            key = str(key) if not isinstance(key, str) else key
            out.lines[path + (key,)] = key_node.start_mark.line + 1 + offset
            result[key] = _build(value_node, path + (key,), out, offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), out, offset) for i, item in enumerate(node.value)]
    try:
        return _Constructor().construct_object(node, deep=True)
    except ValueError as exc:
        # An impossible date such as 2027-02-30 reads as a timestamp and fails to construct.
        raise YamlSyntaxError(
            node.start_mark.line + 1 + offset, f"'{node.value}' is not a valid value: {exc}"
        ) from None
