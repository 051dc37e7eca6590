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
    except RecursionError:
        raise YamlSyntaxError(1 + line_offset, "nested too deeply to read; flatten it") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        raise YamlSyntaxError(line, str(exc.problem or exc.context)) from None
    located = LocatedYaml(None, first_line=1 + line_offset)
    if node is None:
        return located
    located.value = _Builder(located, line_offset).build(node, (), ())
    return located


# Aliases let a few lines stand for billions of values ("billion laughs"); real files hold a few hundred.
MAX_VALUES = 100_000
MAX_DEPTH = 100
_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class _Builder:
    """Turns composed nodes into values, with every key's line, within fixed bounds."""

    def __init__(self, out: LocatedYaml, offset: int):
        self.out = out
        self.offset = offset
        self.count = 0

    def line(self, node: yaml.Node) -> int:
        return int(node.start_mark.line) + 1 + self.offset

    def build(self, node: yaml.Node, path: KeyPath, parents: tuple[int, ...]) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise YamlSyntaxError(
                self.line(node), f"more than {MAX_VALUES} values once aliases are expanded; write the values out"
            )
        if id(node) in parents:
            raise YamlSyntaxError(self.line(node), "an alias refers to a value that contains it; remove the loop")
        if len(parents) > MAX_DEPTH:
            raise YamlSyntaxError(self.line(node), f"nested more than {MAX_DEPTH} levels deep; flatten it")
        self.out.lines.setdefault(path, self.line(node))
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            raise YamlSyntaxError(self.line(node), f"unknown tag '{tag}'; remove the tag")
        inner = (*parents, id(node))
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            first: dict[Any, int] = {}
            for key_node, value_node in node.value:
                key = self.scalar(key_node)
                key = str(key) if not isinstance(key, str) else key
                if key in first:
                    raise YamlSyntaxError(
                        self.line(key_node),
                        f"duplicate key '{key}': it is also set at line {first[key]}; keep one of the two",
                    )
                first[key] = self.line(key_node)
                self.out.lines[path + (key,)] = self.line(key_node)
                result[key] = self.build(value_node, path + (key,), inner)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), inner) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise YamlSyntaxError(self.line(node), "a key must be plain text, not a list or a mapping")
        try:
            return _Constructor().construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise YamlSyntaxError(self.line(node), str(exc.problem)) from None
        except Exception as exc:  # noqa: BLE001 - any constructor failure is a problem in the file
            # PyYAML raises plain Python errors (ValueError, AttributeError...) for `!!int many`,
            # `!!timestamp x` or 2027-02-30.
            tag = str(node.tag).rsplit(":", 1)[-1]
            if tag == "timestamp":
                detail = f" ({exc})" if isinstance(exc, ValueError) else ""
                problem = f"'{node.value}' is not a real date{detail}; write a date as YYYY-MM-DD"
            else:
                problem = f"'{node.value}' is not a valid {tag}; fix the value, or remove the tag '!!{tag}'"
            raise YamlSyntaxError(self.line(node), problem) from None


def duplicate_keys(text: str) -> list[tuple[int, str]]:
    """(line, message) for every duplicate mapping key, for YAML that others construct (mkdocs.yml).

    Only composes: tags such as `!ENV` or `!!python/name:` are left for MkDocs' own loader.
    """
    try:
        node = _compose(text)
    except (yaml.YAMLError, RecursionError):
        return []  # the real loader reports it
    found: list[tuple[int, str]] = []
    todo = [node] if node is not None else []
    seen: set[int] = set()
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            first: dict[str, int] = {}
            for key_node, value_node in current.value:
                line = int(key_node.start_mark.line) + 1
                if isinstance(key_node, yaml.ScalarNode) and key_node.value in first and key_node.value != "<<":
                    found.append(
                        (
                            line,
                            f"duplicate key '{key_node.value}': it is also set at line "
                            f"{first[key_node.value]}; keep one of the two",
                        )
                    )
                elif isinstance(key_node, yaml.ScalarNode):
                    first[key_node.value] = line
                todo.append(value_node)
        elif isinstance(current, yaml.SequenceNode):
            todo.extend(current.value)
    return sorted(found)
