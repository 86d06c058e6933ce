"""Safe YAML loading that keeps the composer's nodes and refuses what cannot be edited.

Only ``CSafeLoader`` (or the pure ``SafeLoader`` where libyaml is missing) is ever used, so
a ``!!python/...`` tag is an error, never code. The node tree is checked before values are
built: a front matter that is too big, has duplicate keys, an alias bomb or a cycle is
refused with the line it happens on, and so is a value that will not construct (a
``2022-02-30`` date, ``!!int abc``, an integer longer than Python reads). Size is bounded
by the text's length; aliases are bounded by how many values they add (an alias bomb adds
billions from a few lines).

Lines and columns are counted on the text's ``\n`` alone: YAML also breaks lines at
U+0085, U+2028 and U+2029, which no editor shows as a new line.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FRONT_CHARS = 1_000_000
MAX_ALIAS_VALUES = 100_000  # values that aliases add beyond the text's own nodes
#: Lists and mappings nested deeper than this are refused, in listing and editing alike
#: (not left to Python's recursion limit, which depends on the caller's stack).
MAX_DEPTH = 100
#: Past this many ``[`` and ``{``, front matter is composed by the pure-Python loader,
#: which refuses depth past MAX_DEPTH as it goes: the C composer recurses once per level
#: on the C stack, and some 25,000 levels of ``[`` crash the process (a segfault, not an
#: error). At 2,000 levels it needs well under 1 MB of stack.
MAX_C_OPENERS = 2000
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
    #: ids of the nodes an alias repeats: edits that touch them are refused (the rest of
    #: the file stays editable; see :mod:`~curator.core.writer`).
    shared: frozenset[int] = frozenset()


def compose(text: str) -> Composed:
    """Compose and construct ``text``; raise :class:`YamlProblem` for unsafe or broken input.

    Lines in problems are 1-based within ``text``.
    """
    if len(text) > MAX_FRONT_CHARS:
        raise YamlProblem(f"front matter is larger than {MAX_FRONT_CHARS:,} characters")
    loader = loader_for(text)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Composed(None, None)
        readonly, shared = _inspect(node, text)
        try:
            data = loader.construct_document(node)
        except (yaml.YAMLError, RecursionError):
            raise
        except Exception as error:  # what a constructor raises is open-ended
            raise _unconstructible(node, text, error) from None
    except yaml.MarkedYAMLError as error:
        raise _problem_from(error, text) from None
    except yaml.reader.ReaderError as error:
        raise _reader_problem(error, text) from None
    except yaml.YAMLError as error:
        raise YamlProblem(str(error).splitlines()[0]) from None
    except RecursionError:
        raise YamlProblem("front matter is nested too deeply") from None
    finally:
        loader.dispose()
    return Composed(node, data, readonly, frozenset(shared))


def deeply_bracketed(text: str) -> bool:
    """Whether ``text`` has so many ``[`` and ``{`` that the C composer could overflow."""
    return text.count("[") + text.count("{") > MAX_C_OPENERS


class _DepthLoader(yaml.SafeLoader):
    """The pure-Python safe loader, refusing nesting past MAX_DEPTH while composing, at the
    node where :func:`_inspect` would (the same count: the root is level 1)."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                problem = f"front matter is nested too deeply (more than {MAX_DEPTH} levels)"
                raise yaml.composer.ComposerError(None, None, problem, mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def loader_for(text: str) -> type[yaml.SafeLoader]:
    """The loader class safe for ``text``: the C one, unless it is deeply bracketed."""
    return _DepthLoader if deeply_bracketed(text) else Loader


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
    return _located(message, text, mark.index)


def _located(message: str, text: str, index: int) -> YamlProblem:
    """A problem at character ``index`` of ``text``, its line counted on ``\\n`` alone."""
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    return YamlProblem(message, line, index - (text.rfind("\n", 0, index) + 1) + 1)


def _reader_problem(error: yaml.reader.ReaderError, text: str) -> YamlProblem:
    """A character YAML refuses (a control character): where it is, and which."""
    index = error.position
    if Loader is not yaml.SafeLoader:  # libyaml counts bytes of the UTF-8 text
        index = len(text.encode("utf-8")[:index].decode("utf-8", "ignore"))
    code = error.character if isinstance(error.character, int) else ord(error.character)
    what = "control character" if "control" in error.reason else "character"
    return _located(f"{what} U+{code:04X} is not allowed in YAML front matter", text, index)


#: What each scalar tag is called in a message.
_KINDS = {"int": "integer", "float": "number", "bool": "true/false value", "timestamp": "date"}


def _unconstructible(root: yaml.Node, text: str, error: Exception) -> YamlProblem:
    """The first value (in document order) that does not construct, with its key path."""
    probe = Loader("")  # the failed loader holds half-built state
    try:
        for path, node in _scalars(root):
            try:
                probe.construct_object(node)
            except Exception as found:  # open-ended, as above
                return _at(node, _bad_value(path, node, found), text)
    finally:
        probe.dispose()
    return YamlProblem(f"a value cannot be read ({type(error).__name__}: {error})")


def _scalars(root: yaml.Node) -> Iterator[tuple[str, yaml.ScalarNode]]:
    """Every scalar node (keys too) with the dotted path of the value it is part of."""
    seen: set[int] = set()
    stack: list[tuple[str, yaml.Node]] = [("", root)]
    while stack:
        path, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            yield path, node
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(
                (_join(path, i), item) for i, item in reversed(list(enumerate(node.value)))
            )
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                stack.extend(((_join(path, name), value), (path, key)))


def _join(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


def _bad_value(path: str, node: yaml.ScalarNode, error: Exception) -> str:
    """``publishedDateTime: 2022-02-30 is not a valid date (day is out of range for month)``."""
    tag = node.tag.rsplit(":", 1)[-1]
    kind = _KINDS.get(tag, f"{node.tag} value")
    shown = node.value if len(node.value) <= 40 else node.value[:37] + "…"
    reason = str(error)
    if "integer string conversion" in reason:
        digits = sum(ch.isdigit() for ch in node.value)
        reason = f"{digits:,} digits; Python reads at most {sys.get_int_max_str_digits():,}"
    elif not isinstance(error, ValueError | OverflowError):
        reason = "YAML cannot read it as one"
    return f"{path + ': ' if path else ''}{shown} is not a valid {kind} ({reason})"


def _opens_at_context(context: str | None) -> bool:
    return context is not None and ("quoted scalar" in context or "flow" in context)


def _inspect(root: yaml.Node, text: str) -> tuple[list[YamlProblem], set[int]]:
    """Walk the node graph once: find shared (aliased) nodes, cycles, duplicates, merges.

    Raises for duplicates, cycles and alias bombs; returns the reasons the file is
    read-only (merge keys, complex keys) and the ids of the shared nodes.
    """
    seen: set[int] = set()
    shared: set[int] = set()
    readonly: list[YamlProblem] = []
    sizes: dict[int, int] = {}
    active: set[int] = set()
    added = 0  # values that aliases repeat: a plain list of any length adds none

    def visit(node: yaml.Node, depth: int) -> int:
        nonlocal added
        if depth > MAX_DEPTH:
            message = f"front matter is nested too deeply (more than {MAX_DEPTH} levels)"
            raise _at(node, message, text)
        key = id(node)
        if key in active:
            raise _at(node, "front matter contains a recursive alias", text)
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
                size += visit(child, depth + 1)
        active.discard(key)
        if isinstance(node, yaml.MappingNode):
            _check_mapping(node, readonly, text)
        sizes[key] = size
        if added > MAX_ALIAS_VALUES:  # raised at the innermost value whose aliases overflow
            raise _at(
                node,
                f"YAML aliases (*name) in this value repeat more than {MAX_ALIAS_VALUES:,}"
                " values (an alias bomb); curator does not load it",
                text,
            )
        return size

    visit(root, 1)
    return readonly, shared


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_mapping(node: yaml.MappingNode, readonly: list[YamlProblem], text: str) -> None:
    keys: set[tuple[str, str]] = set()
    for key_node, _value in node.value:
        if key_node.tag == MERGE_TAG:
            readonly.append(_at(key_node, "front matter uses a merge key (<<)", text))
            continue
        if not isinstance(key_node, yaml.ScalarNode):
            readonly.append(_at(key_node, "front matter has a key that is not a plain value", text))
            continue
        identity = (key_node.tag, key_node.value)
        if identity in keys:
            raise _at(key_node, f"duplicate key '{key_node.value}'", text)
        keys.add(identity)


def _at(node: yaml.Node, message: str, text: str) -> YamlProblem:
    return _located(message, text, node.start_mark.index)


def load_flow_scalar(text: str) -> Any:
    """Read a command-line value as YAML would read it in a flow context.

    ``42`` is an int, ``true`` a bool, ``"a: b"`` a string; text that YAML reads as a
    mapping or cannot parse (``Plain words: with colon``) stays the string it is. Text
    YAML reads as a value it cannot build (``2022-02-30``, ``!!int abc``) raises
    :class:`YamlProblem`: writing it would make the file unreadable.
    """
    try:
        value = yaml.load(text, Loader=loader_for(text))
    except yaml.YAMLError:
        return text
    except Exception as error:  # what a constructor raises is open-ended
        compose(text)  # raises the problem, named as in a file
        raise YamlProblem(f"{text} cannot be read ({error})") from None
    if isinstance(value, dict) or (value is None and text.strip() not in ("", "~", "null")):
        return text
    return value
