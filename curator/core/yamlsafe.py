"""Safe YAML loading that keeps the composer's nodes and refuses what cannot be edited.

Only ``CSafeLoader`` (or the pure ``SafeLoader`` where libyaml is missing) is ever used, so
a ``!!python/...`` tag is an error, never code. The node tree is checked before values are
built: a front matter that is too big, has duplicate keys, an alias bomb or a cycle is
refused with the line it happens on. Size is bounded by the text's length; aliases are
bounded by how many values they add (an alias bomb adds billions from a few lines).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FRONT_CHARS = 1_000_000
MAX_ALIAS_VALUES = 100_000  # values that aliases add beyond the text's own nodes
MERGE_TAG = "tag:yaml.org,2002:merge"


class YamlProblem(ValueError):
    """Front matter that cannot be read or edited safely; ``line``/``column`` are 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def shifted(self, lines: int) -> YamlProblem:
        """The same problem with its line moved by ``lines`` (front text to file lines)."""
        return YamlProblem(self.message, self.line + lines, self.column)


@dataclass
class Composed:
    """A parsed front matter: the root node, its values, and what makes it read-only."""

    node: yaml.Node | None
    data: Any
    readonly: list[YamlProblem] = field(default_factory=list)


def compose(text: str) -> Composed:
    """Compose and construct ``text``; raise :class:`YamlProblem` for unsafe or broken input.

    Lines in problems are 1-based within ``text``.
    """
    if len(text) > MAX_FRONT_CHARS:
        raise YamlProblem(f"front matter is larger than {MAX_FRONT_CHARS:,} characters")
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Composed(None, None)
        readonly = _inspect(node)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        raise _problem_from(error, text) from None
    except yaml.YAMLError as error:
        raise YamlProblem(str(error).splitlines()[0]) from None
    except RecursionError:
        raise YamlProblem("front matter is nested too deeply") from None
    finally:
        loader.dispose()
    return Composed(node, data, readonly)


def _problem_from(error: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    if error.context_mark is not None and _opens_at_context(error.context):
        mark = error.context_mark  # an unclosed quote or bracket: where it opens, not EOF
    parts = [error.context, error.problem]
    message = ", ".join(p for p in parts if p) or "cannot parse the front matter"
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        message = "tab character where YAML needs spaces (indent with spaces only)"
    if mark is None:
        return YamlProblem(message)
    return YamlProblem(message, mark.line + 1, mark.column + 1)


def _opens_at_context(context: str | None) -> bool:
    return context is not None and ("quoted scalar" in context or "flow" in context)


def _inspect(root: yaml.Node) -> list[YamlProblem]:
    """Walk the node graph once: find shared (aliased) nodes, cycles, duplicates, merges.

    Raises for duplicates, cycles and alias bombs; returns the reasons the file is
    read-only (aliases, merge keys, complex keys).
    """
    seen: set[int] = set()
    shared: set[int] = set()
    readonly: list[YamlProblem] = []
    sizes: dict[int, int] = {}
    active: set[int] = set()
    added = 0  # values that aliases repeat: a plain list of any length adds none

    def visit(node: yaml.Node) -> int:
        nonlocal added
        key = id(node)
        if key in active:
            raise _at(node, "front matter contains a recursive alias")
        if key in seen:
            shared.add(key)
            added += sizes[key]
            return sizes[key]
        seen.add(key)
        active.add(key)
        size = 1
        for child in _children(node):
            if isinstance(child, yaml.ScalarNode):  # inline: most nodes are scalars
                if id(child) in seen:
                    shared.add(id(child))
                    added += 1
                seen.add(id(child))
                size += 1
            else:
                size += visit(child)
        active.discard(key)
        if isinstance(node, yaml.MappingNode):
            _check_mapping(node, readonly)
        sizes[key] = size
        if added > MAX_ALIAS_VALUES:  # raised at the innermost value whose aliases overflow
            raise _at(
                node,
                f"YAML aliases (*name) in this value repeat more than {MAX_ALIAS_VALUES:,}"
                " values (an alias bomb); curator does not load it",
            )
        return size

    visit(root)
    if shared:
        readonly.append(YamlProblem("front matter uses YAML aliases (&anchor / *alias)"))
    return readonly


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_mapping(node: yaml.MappingNode, readonly: list[YamlProblem]) -> None:
    keys: set[tuple[str, str]] = set()
    for key_node, _value in node.value:
        if key_node.tag == MERGE_TAG:
            readonly.append(_at(key_node, "front matter uses a merge key (<<)"))
            continue
        if not isinstance(key_node, yaml.ScalarNode):
            readonly.append(_at(key_node, "front matter has a key that is not a plain value"))
            continue
        identity = (key_node.tag, key_node.value)
        if identity in keys:
            raise _at(key_node, f"duplicate key '{key_node.value}'")
        keys.add(identity)


def _at(node: yaml.Node, message: str) -> YamlProblem:
    mark = node.start_mark
    return YamlProblem(message, mark.line + 1, mark.column + 1)


def load_flow_scalar(text: str) -> Any:
    """Read a command-line value as YAML would read it in a flow context.

    ``42`` is an int, ``true`` a bool, ``"a: b"`` a string; text that YAML reads as a
    mapping or cannot parse (``Plain words: with colon``) stays the string it is.
    """
    try:
        value = yaml.load(text, Loader=Loader)
    except yaml.YAMLError:
        return text
    if isinstance(value, dict) or (value is None and text.strip() not in ("", "~", "null")):
        return text
    return value
