"""Lossless front-matter writing: edits become patches on the composer's text spans.

Only the text of the edited values changes; every other character of the front matter
stays where it was. After patching, the text is parsed again and compared with the data
the edit was meant to produce; any difference raises :class:`EditError` and nothing is
returned for writing. See ``shared/notes/fidelity.md`` for the sharp edges handled here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import yaml

from .edits import (
    Edit,
    EditError,
    InsertItem,
    KeyPath,
    MoveItem,
    RemoveItem,
    SetValue,
    apply_to_data,
    format_path,
    get_at,
    strict_equal,
)
from .layout import Layout, content_end, line_start
from .render import double_quoted, is_scalar, render_scalar
from .yamlsafe import Composed, YamlProblem, compose

Patch = tuple[int, int, str]

#: A standard tag before a value (``!!str``, ``!<tag:yaml.org,2002:int>``), then spaces.
_STANDARD_TAG = re.compile(r"(!!(\w+)|!<tag:yaml\.org,2002:(\w+)>)([ \t]+)")
#: What the values of each standard tag must be, for the tag to stay true.
_TAG_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (float, int),
    "bool": (bool,),
    "timestamp": (dt.date,),
    "null": (type(None),),
}
_BLOCK_HEADER = re.compile(r"([|>])([+-]?)([1-9]?)([+-]?)(.*)")


def apply_edit(front: str, edit: Edit, newline: str = "\n") -> str:
    """The front-matter text with ``edit`` made; the same text when it changes nothing."""
    return edit_front(front, edit, newline)[0]


def edit_front(
    front: str, edit: Edit, newline: str = "\n", composed: Composed | None = None
) -> tuple[str, Composed]:
    """:func:`apply_edit` that also returns the new text's composed form.

    ``composed``, when given, must be ``compose(front)``; passing it saves parsing the text
    again, so a chain of edits parses each new text once (in the check that it reads back).
    """
    if composed is None:
        composed = _compose(front)
    if composed.readonly:
        problem = composed.readonly[0]
        raise EditError(f"{problem.message}; curator does not edit this file", problem.line)
    data = {} if composed.data is None else composed.data
    if not isinstance(data, dict):
        raise EditError("front matter is not a mapping")
    expected = apply_to_data(data, edit)
    if strict_equal(expected, data):
        return front, composed
    planner = _Planner(front, composed.node, newline, data, composed.shared)
    new_front = _apply_patches(front, planner.plan(edit))
    return new_front, _verify(new_front, expected, edit)


def _compose(front: str) -> Composed:
    try:
        return compose(front)
    except YamlProblem as problem:
        raise EditError(problem.message, problem.line) from None


def _verify(new_front: str, expected: Any, edit: Edit) -> Composed:
    try:
        composed = compose(new_front)
    except YamlProblem as problem:
        raise EditError(
            f"editing '{format_path(edit.path)}' would break the front matter "
            f"({problem.message}); nothing was written"
        ) from None
    if not strict_equal({} if composed.data is None else composed.data, expected):
        raise EditError(
            f"editing '{format_path(edit.path)}' would not read back as intended; "
            "nothing was written"
        )
    return composed


def _apply_patches(text: str, patches: list[Patch]) -> str:
    for start, end, replacement in sorted(patches, key=lambda p: (p[0], p[1]), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


@dataclass
class _Located:
    """The node an edit aims at, its parents, and the key that leads to it."""

    node: yaml.Node | None
    parent: yaml.Node | None
    key: str | int
    in_flow: bool
    key_node: yaml.Node | None = None


class _Planner:
    """Turns one edit into patches on ``text``, whose composed root is ``root``."""

    def __init__(
        self,
        text: str,
        root: yaml.Node | None,
        newline: str,
        data: Any,
        shared: frozenset[int] = frozenset(),
    ) -> None:
        self.text = text
        self.shared = shared
        self.data = data
        self.root = root
        self.nl = newline
        self.layout = Layout(text, root)

    def plan(self, edit: Edit) -> list[Patch]:
        if isinstance(edit, SetValue):
            return self._set(edit.path, edit.value)
        seq = self._locate(edit.path).node
        if not isinstance(seq, yaml.SequenceNode):
            if isinstance(edit, InsertItem) and _is_empty(seq):
                return self._fill_empty(edit.path, [edit.item])
            raise EditError(f"'{format_path(edit.path)}' is not a list")
        if isinstance(edit, InsertItem):
            return self._insert(seq, edit)
        if isinstance(edit, RemoveItem):
            return self._remove(seq, edit.path, edit.index)
        return self._move(seq, edit)

    # -- finding nodes ---------------------------------------------------------------

    def _locate(self, path: KeyPath) -> _Located:
        if self.root is None:
            if len(path) != 1:
                raise EditError(f"no value at '{format_path(path)}'")
            return _Located(None, None, path[0], False)
        node: yaml.Node | None = self.root
        parent: yaml.Node | None = None
        key_node: yaml.Node | None = None
        in_flow = False
        for key in path:
            parent = node
            self._refuse_shared(parent, path)
            in_flow = in_flow or bool(getattr(parent, "flow_style", False))
            key_node, node = _child(parent, key)
        self._refuse_shared(node, path)
        return _Located(node, parent, path[-1] if path else "", in_flow, key_node)

    def _refuse_shared(self, node: yaml.Node | None, path: KeyPath) -> None:
        """Refuse an edit that touches a node an alias repeats or an anchor names: the
        other copies would change too, or the anchor's text would be lost."""
        if node is None or node is self.root:
            return
        start = node.start_mark.index
        anchored = self.text.startswith("&", start) or bool(
            (tag := _STANDARD_TAG.match(self.text, start)) and self.text.startswith("&", tag.end())
        )
        if id(node) in self.shared or anchored:
            raise EditError(
                f"'{format_path(path)}' is in a value with a YAML anchor or alias "
                "(&name / *name); curator leaves it alone",
                node.start_mark.line + 1,
            )

    # -- setting values --------------------------------------------------------------

    def _set(self, path: KeyPath, value: Any) -> list[Patch]:
        found = self._locate(path)
        node = found.node
        if node is None:
            return self._add_key(found.parent, path, value)
        if isinstance(node, yaml.ScalarNode) and is_scalar(value):
            return self._replace_scalar(node, value, found.in_flow)
        if isinstance(value, list) and all(is_scalar(v) for v in value):
            if isinstance(node, yaml.SequenceNode):
                return self._replace_scalar_list(node, path, value)
        if _is_empty(node) and isinstance(value, list | dict):
            return self._fill_empty(path, value)
        raise EditError(f"cannot replace '{format_path(path)}' as a whole; edit its parts")

    def _replace_scalar(self, node: yaml.ScalarNode, value: Any, in_flow: bool) -> list[Patch]:
        start, end = node.start_mark.index, node.end_mark.index
        original = self.text[start:end]
        if original[:1] == "!":
            return self._replace_tagged(node, value, in_flow)
        if node.style in ("|", ">"):
            return [self._replace_block_scalar(node, value)]
        rendered = render_scalar(value, style=node.style or None, like=original, flow=in_flow)
        if start == end:
            rendered = " " + rendered
        return [(start, end, rendered)]

    def _replace_tagged(self, node: yaml.ScalarNode, value: Any, in_flow: bool) -> list[Patch]:
        """A value after a standard tag (``!!str 123``): the tag stays, the value after it
        is written as the tag reads it."""
        start, end = node.start_mark.index, node.end_mark.index
        tag = _STANDARD_TAG.match(self.text, start)
        name = (tag.group(2) or tag.group(3)) if tag else None
        line = node.start_mark.line + 1
        if tag is None or name not in _TAG_TYPES or node.style in ("|", ">"):
            raise EditError("value has a YAML tag curator does not know; it leaves it alone", line)
        types = _TAG_TYPES[name]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise EditError(
                f"value is tagged {tag.group(1)}; a {type(value).__name__} cannot keep the tag",
                line,
            )
        rest = self.text[tag.end() : end]
        plain = isinstance(value, str) and not node.style
        if name == "str" and plain and _reads_as_tagged_str(str(value), in_flow):
            rendered = str(value)  # the tag makes 123 text: it needs no quotes
        else:
            style = node.style or None
            rendered = render_scalar(value, style=style, like=rest, flow=in_flow)
        return [(tag.end(), end, rendered)]

    def _replace_block_scalar(self, node: yaml.ScalarNode, value: Any) -> Patch:
        start = node.start_mark.index
        end = content_end(self.text, node)
        header_end = self.text.index("\n", start) + 1
        header = self.text[start:header_end].rstrip("\r\n")
        body = self._block_body(header, value, node)
        if body is None:
            fallback = double_quoted(value) if isinstance(value, str) else render_scalar(value)
            return (start, end, fallback + self.nl)
        new_header, lines = body
        return (start, end, new_header + self.nl + "".join(line + self.nl for line in lines))

    def _block_body(
        self, header: str, value: Any, node: yaml.ScalarNode
    ) -> tuple[str, list[str]] | None:
        match = _BLOCK_HEADER.fullmatch(header)
        if not isinstance(value, str) or match is None or not value.strip("\n"):
            return None
        if any(not ch.isprintable() for ch in value.replace("\n", "")):
            return None
        indicator, _, digit, _, rest = match.groups()
        if value.endswith("\n\n"):
            return None
        chomp = "" if value.endswith("\n") else "-"
        lines = value[:-1].split("\n") if chomp == "" else value.split("\n")
        if lines[0].startswith(" ") and not digit:
            return None
        if indicator == ">" and (len(lines) > 1 or lines[0].startswith(" ")):
            indicator = "|"
        pad = " " * self.layout.block_indent(node)
        return indicator + chomp + digit + rest, [pad + line if line else "" for line in lines]

    def _replace_scalar_list(
        self, seq: yaml.SequenceNode, path: KeyPath, values: list[Any]
    ) -> list[Patch]:
        items = list(seq.value)
        if not values:
            return self._empty_out(seq, path)
        if not items:
            return self._fill_empty(path, values)
        if not all(isinstance(item, yaml.ScalarNode) for item in items):
            raise EditError(f"'{format_path(path)}' is not a list of plain values")
        old = list(get_at(self.data, path))
        if len(old) == len(values):
            patches: list[Patch] = []
            for item, before, after in zip(items, old, values, strict=True):
                if not strict_equal(before, after):
                    patches += self._replace_scalar(item, after, bool(seq.flow_style))
            return patches
        if not seq.flow_style:
            return self._patch_block_list(seq, old, values)
        texts = self._reuse_or_render(seq, items, old, values)
        first, last = self._item_span(seq, 0)[0], self._item_span(seq, len(items) - 1)[1]
        return [(first, last, self.layout.flow_separator(seq).join(texts))]

    def _patch_block_list(
        self, seq: yaml.SequenceNode, old: list[Any], values: list[Any]
    ) -> list[Patch]:
        """Delete, insert and replace items of a block list in place; kept items and the
        comments above them stay as they are, a removed item takes its comments along."""
        spans = [self._item_span(seq, i) for i in range(len(old))]
        style = self.layout.item_style(seq)
        patches: list[Patch] = []
        for tag, i1, i2, j1, j2 in _matcher(old, values).get_opcodes():
            if tag == "equal":
                continue
            if tag == "replace" and i2 - i1 == j2 - j1:
                for i, value in zip(range(i1, i2), values[j1:j2], strict=True):
                    patches += self._replace_scalar(seq.value[i], value, False)
                continue
            for i in range(i1, i2):
                patches.append((spans[i - 1][1] if i > 0 else spans[0][0], spans[i][1], ""))
            at = spans[i1 - 1][1] if i1 > 0 else spans[0][0]
            text = "".join(self._new_item_text(seq, v, style) for v in values[j1:j2])
            if text:
                patches.append((at, at, text))
        return patches

    def _reuse_or_render(
        self, seq: yaml.SequenceNode, items: list[yaml.Node], old: list[Any], values: list[Any]
    ) -> list[str]:
        style = items[0].style if isinstance(items[0], yaml.ScalarNode) else None
        texts: list[str] = []
        for tag, i1, i2, j1, j2 in _matcher(old, values).get_opcodes():
            if tag == "equal":
                texts += [self._item_text(seq, i) for i in range(i1, i2)]
            else:
                texts += [self._new_item_text(seq, v, style) for v in values[j1:j2]]
        return texts

    def _item_text(self, seq: yaml.SequenceNode, index: int) -> str:
        start, end = self._item_span(seq, index)
        return self.text[start:end]

    def _new_item_text(self, seq: yaml.SequenceNode, value: Any, style: str | None) -> str:
        if seq.flow_style:
            return self.layout.render_flow(value, style)
        dash = self.layout.dash_column(seq)
        lines = self.layout.render_item(value, dash, style)
        return "".join(line + self.nl for line in lines)

    # -- adding keys -----------------------------------------------------------------

    def _add_key(self, parent: yaml.Node | None, path: KeyPath, value: Any) -> list[Patch]:
        key = path[-1]
        if not isinstance(key, str):
            raise EditError(f"no item at '{format_path(path)}'")
        if parent is None and self.root is None:
            lines = self.layout.render_pair(key, value, 0)
            return [(0, 0, "".join(line + self.nl for line in lines))]
        if not isinstance(parent, yaml.MappingNode):
            raise EditError(f"'{format_path(path[:-1])}' is not a mapping")
        if parent.flow_style:
            return [self._add_flow_key(parent, path, value)]
        return [self._add_block_key(parent, path, value)]

    def _add_flow_key(self, mapping: yaml.MappingNode, path: KeyPath, value: Any) -> Patch:
        """``key: value`` in a flow mapping, where the seed's key order puts it, separated
        like the mapping's first two pairs."""
        key = str(path[-1])
        if not is_scalar(value):
            raise EditError(f"cannot add a list or mapping to the flow mapping holding '{key}'")
        close = mapping.end_mark.index - 1
        pair = f"{self.layout.render_flow(key, None)}: {self.layout.render_flow(value, None)}"
        if not mapping.value:
            return (close, close, pair)
        pairs = mapping.value
        sep = ", "
        if len(pairs) > 1:
            sep = self.text[pairs[0][1].end_mark.index : pairs[1][0].start_mark.index]
        after, before = self.layout.neighbours(mapping, path)
        if after is not None:
            return (after.end_mark.index, after.end_mark.index, sep + pair)
        assert before is not None
        return (before.start_mark.index, before.start_mark.index, pair + sep)

    def _add_block_key(self, mapping: yaml.MappingNode, path: KeyPath, value: Any) -> Patch:
        key = str(path[-1])
        indent = self._key_indent(mapping.value[0][0])
        lines = self.layout.render_pair(key, value, indent)
        text = "".join(line + self.nl for line in lines)
        after, before = self.layout.neighbours(mapping, path)
        if after is not None:
            at = content_end(self.text, after)
            top_level = mapping is self.root
            if top_level and isinstance(value, list | dict) and value and self._blank_line_at(at):
                text = self.nl + text  # a new top-level group, spaced like the seed's groups
            return (at, at, text)
        assert before is not None
        at = before.start_mark.index
        if self.text[line_start(self.text, at) : at].strip() not in ("", "?"):
            # the first key of a list item shares the dash's line: take its place there
            return (at, at, text[indent:] + " " * indent)
        return (line_start(self.text, at), line_start(self.text, at), text)

    def _key_indent(self, key_node: yaml.Node) -> int:
        """The column a mapping's keys start at: its first key's, or the ``?`` before it
        when that key is written explicitly (``? title``)."""
        start = key_node.start_mark.index
        before = self.text[line_start(self.text, start) : start].rstrip()
        if before.endswith("?") and not before[:-1].strip():
            return len(before) - 1
        return key_node.start_mark.column

    def _blank_line_at(self, index: int) -> bool:
        rest = self.text[index:]
        return rest.startswith("\n") or rest.startswith("\r\n")

    # -- lists -----------------------------------------------------------------------

    def _item_span(self, seq: yaml.SequenceNode, index: int) -> tuple[int, int]:
        item = seq.value[index]
        if seq.flow_style:
            return item.start_mark.index, item.end_mark.index
        return line_start(self.text, self.layout.dash_index(item)), content_end(self.text, item)

    def _insert(self, seq: yaml.SequenceNode, edit: InsertItem) -> list[Patch]:
        count = len(seq.value)
        index = count if edit.index is None else edit.index
        if count == 0:
            return self._fill_empty(edit.path, [edit.item])
        style = self.layout.item_style(seq)
        text = self._new_item_text(seq, edit.item, style)
        if seq.flow_style:
            sep = self.layout.flow_separator(seq)
            if index < count:
                at = seq.value[index].start_mark.index
                return [(at, at, text + sep)]
            at = seq.value[-1].end_mark.index
            return [(at, at, sep + text)]
        if index < count:
            at = self._item_span(seq, index)[0]
        else:
            at = self._item_span(seq, count - 1)[1]
        return [(at, at, text)]

    def _remove(self, seq: yaml.SequenceNode, path: KeyPath, index: int) -> list[Patch]:
        count = len(seq.value)
        if count == 1:
            return self._empty_out(seq, path)
        if not seq.flow_style:
            start, end = self._item_span(seq, index)
            return [(start, end, "")]
        if index < count - 1:
            return [(seq.value[index].start_mark.index, seq.value[index + 1].start_mark.index, "")]
        return [(seq.value[index - 1].end_mark.index, seq.value[index].end_mark.index, "")]

    def _move(self, seq: yaml.SequenceNode, edit: MoveItem) -> list[Patch]:
        count = len(seq.value)
        order = list(range(count))
        order.insert(edit.target, order.pop(edit.source))
        texts = [self._item_text(seq, i) for i in range(count)]
        if not seq.flow_style and not texts[-1].endswith("\n"):
            texts[-1] += self.nl
        patches = []
        for position, source in enumerate(order):
            if position != source:
                start, end = self._item_span(seq, position)
                patches.append((start, end, texts[source]))
        return patches

    def _empty_out(self, node: yaml.Node, path: KeyPath) -> list[Patch]:
        if isinstance(node, yaml.SequenceNode) and node.flow_style:
            return [(node.start_mark.index, node.end_mark.index, "[]")]
        start = self._after_colon(path)
        key_line_rest = self.text[start : self._eol(start)]
        comment = key_line_rest if key_line_rest.strip().startswith("#") else ""
        return [(start, content_end(self.text, node), " []" + comment + self.nl)]

    def _fill_empty(self, path: KeyPath, values: list[Any] | dict[str, Any]) -> list[Patch]:
        found = self._locate(path)
        node = found.node
        if node is None or not isinstance(found.parent, yaml.MappingNode):
            raise EditError(f"'{format_path(path)}' is not a list in a mapping")
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            raise EditError(f"'{format_path(path)}' holds text, not a list")
        key_column = self.layout.key_column(found.parent)
        lines = self.layout.render_pair(str(found.key), values, key_column)[1:]
        start = self._after_colon(path)
        eol = self._eol(node.end_mark.index)
        rest = self.text[node.end_mark.index : eol]
        if rest.strip() and not rest.strip().startswith("#"):
            raise EditError(f"unexpected text after '{format_path(path)}'")
        comment = rest if rest.strip() else ""
        gap = self.text[start : node.start_mark.index] if comment else ""
        body = "".join(self.nl + line for line in lines)
        return [(start, eol, gap.rstrip(" \t") + _spaced(comment) + body)]

    def _eol(self, index: int) -> int:
        """Index of the line break ending the line that holds ``index``."""
        found = self.text.find("\n", index)
        if found < 0:
            return len(self.text)
        return found - 1 if found > 0 and self.text[found - 1] == "\r" else found

    def _after_colon(self, path: KeyPath) -> int:
        """Index just past the ``:`` that follows the key leading to ``path``."""
        key_node = self._locate(path).key_node
        if key_node is None:
            raise EditError(f"'{format_path(path)}' is not a value in a mapping")
        colon = self.text.find(":", key_node.end_mark.index)
        if colon < 0:
            raise EditError(f"cannot find the ':' after '{format_path(path)}'")
        return colon + 1


def _child(parent: yaml.Node | None, key: str | int) -> tuple[yaml.Node | None, yaml.Node | None]:
    """The key node and value node for ``key`` in ``parent`` (None, None if missing)."""
    if isinstance(parent, yaml.MappingNode):
        for key_node, value_node in parent.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(key):
                return key_node, value_node
        return None, None
    if isinstance(parent, yaml.SequenceNode) and isinstance(key, int):
        if 0 <= key < len(parent.value):
            return None, parent.value[key]
    raise EditError(f"no value at '{key}'")


def _matcher(old: list[Any], new: list[Any]) -> SequenceMatcher[str]:
    """Matches list items by type and value (so ``1`` and ``True`` differ)."""
    keys_old = [repr((type(v), v)) for v in old]
    keys_new = [repr((type(v), v)) for v in new]
    return SequenceMatcher(a=keys_old, b=keys_new, autojunk=False)


def _spaced(comment: str) -> str:
    """A trailing comment kept after a key whose value moved to the next lines."""
    return comment if not comment or comment[0] in " \t" else " " + comment


def _reads_as_tagged_str(text: str, in_flow: bool) -> bool:
    """Whether ``!!str TEXT``, written plain, reads back as ``text`` itself."""
    if not text or text != text.strip() or "\n" in text:
        return False
    probe = f"[!!str {text}]" if in_flow else f"k: !!str {text}"
    try:
        loaded = yaml.safe_load(probe)
    except yaml.YAMLError:
        return False
    return (loaded == [text]) if in_flow else (loaded == {"k": text})


def _is_empty(node: yaml.Node | None) -> bool:
    if isinstance(node, yaml.ScalarNode):
        return node.tag == "tag:yaml.org,2002:null"
    if isinstance(node, yaml.SequenceNode | yaml.MappingNode):
        return not node.value
    return False
