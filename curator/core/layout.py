"""How a front matter is laid out, and new values rendered to match it.

New keys and list items are written like their siblings: the indentation the file uses
for nested mappings and lists, the quote style the file uses for the same key (or the
seed record's when the file has none), key order from the seed record.
"""

from __future__ import annotations

from typing import Any

import yaml

from .edits import EditError, KeyPath
from .render import is_scalar, render_scalar

TOP_ORDER = (
    "category",
    "title",
    "excerpt",
    "publishedDateTime",
    "originalUrl",
    "webUrl",
    "type",
    "quality",
    "heat",
    "published",
    "provider",
    "topics",
    "images",
    "related",
    "secured",
)
RELATED_ORDER = (
    "title",
    "excerpt",
    "publishedDateTime",
    "webUrl",
    "type",
    "provider",
    "quality",
    "images",
)
PROVIDER_ORDER = ("name", "domain")
IMAGE_ORDER = ("url", "width", "height", "isCached")
SEED_QUOTED = frozenset({"title", "excerpt", "originalUrl", "webUrl", "url", "secured"})


def line_start(text: str, index: int) -> int:
    """Index of the first character of the line holding ``index``."""
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    """Index just past the newline ending the line that holds ``index``."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def content_end(text: str, node: yaml.Node) -> int:
    """Just past the last line of ``node``'s own content (its trailing comment included).

    A block collection's end mark runs on over blank lines and comments up to the next
    key; this stops at the line of its last value instead.
    """
    if isinstance(node, yaml.ScalarNode):
        end = node.end_mark.index
        if node.style in ("|", ">"):
            if "+" in block_header(text, node):  # keep chomping: trailing lines are content
                return end if text[end - 1 : end] == "\n" else line_end(text, end)
            end = len(text[:end].rstrip(" \t\r\n"))
        return line_end(text, max(end - 1, node.start_mark.index))
    if not isinstance(node, yaml.CollectionNode) or node.flow_style or not node.value:
        return line_end(text, node.end_mark.index - 1)
    last = node.value[-1]
    return content_end(text, last[1] if isinstance(node, yaml.MappingNode) else last)


def block_header(text: str, node: yaml.ScalarNode) -> str:
    """The indicators after ``|`` or ``>`` on a block scalar's first line (``"-"``, ``"2+"``)."""
    start = node.start_mark.index + 1
    end = text.find("\n", start)
    header = text[start : len(text) if end < 0 else end].split("#", 1)[0]
    return header.strip()


def order_for(path: KeyPath) -> tuple[str, ...] | None:
    """The seed's key order for the mapping that ``path`` (a key in it) belongs to."""
    parent = path[:-1]
    if not parent:
        return TOP_ORDER
    names = [part for part in parent if isinstance(part, str)]
    last = names[-1] if names else ""
    if last == "provider":
        return PROVIDER_ORDER
    if isinstance(parent[-1], int) and last == "related":
        return RELATED_ORDER
    if isinstance(parent[-1], int) and last == "images":
        return IMAGE_ORDER
    return None


class Layout:
    """Facts about one front matter's text, and rendering that follows them."""

    def __init__(self, text: str, root: yaml.Node | None) -> None:
        self.text = text
        self.styles: dict[str, str | None] = {}
        self.seq_indent = 2
        self.map_indent = 2
        if root is not None:
            self._learn(root)

    # -- learning the file's habits -------------------------------------------------

    def _learn(self, root: yaml.Node) -> None:
        seq_found = map_found = False
        stack: list[yaml.Node] = [root]
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
                continue
            if not isinstance(node, yaml.MappingNode):
                continue
            for key, value in node.value:
                stack.append(value)
                name = str(key.value)
                if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":str"):
                    self.styles.setdefault(name, value.style or None)
                if isinstance(value, yaml.SequenceNode) and value.value:
                    first = value.value[0]
                    if isinstance(first, yaml.ScalarNode):
                        self.styles.setdefault(name + "[]", first.style or None)
                    if not seq_found and not value.flow_style:
                        self.seq_indent = max(0, value.start_mark.column - key.start_mark.column)
                        seq_found = True
                if isinstance(value, yaml.MappingNode) and value.value and not map_found:
                    if not value.flow_style and value.start_mark.line > key.start_mark.line:
                        self.map_indent = max(1, value.start_mark.column - key.start_mark.column)
                        map_found = True

    def style_for(self, key: str) -> str | None:
        """Quote style for a string under ``key``: the file's, else the seed's."""
        if key in self.styles:
            return self.styles[key]
        return '"' if key in SEED_QUOTED else None

    # -- positions ------------------------------------------------------------------

    def dash_index(self, item: yaml.Node) -> int:
        """Index of the ``-`` that opens a block sequence item."""
        index = item.start_mark.index - 1
        while index >= 0 and self.text[index] in " \t\r\n":
            index -= 1
        if index < 0 or self.text[index] != "-":
            raise EditError(
                "list item layout is not one curator can edit", item.start_mark.line + 1
            )
        return index

    def dash_column(self, seq: yaml.SequenceNode) -> int:
        """Column of the dashes of a block sequence."""
        dash = self.dash_index(seq.value[0])
        return dash - line_start(self.text, dash)

    def key_column(self, mapping: yaml.MappingNode) -> int:
        """Column of the keys of a block mapping."""
        return int(mapping.value[0][0].start_mark.column) if mapping.value else 0

    def block_indent(self, node: yaml.ScalarNode) -> int:
        """Indentation of a block scalar's body lines."""
        digits = [ch for ch in block_header(self.text, node) if ch.isdigit()]
        start = line_start(self.text, node.start_mark.index)
        key_line = self.text[start : node.start_mark.index]
        if digits:
            return len(key_line) - len(key_line.lstrip(" ")) + int(digits[0])
        header_end = self.text.index("\n", node.start_mark.index) + 1
        for line in self.text[header_end : node.end_mark.index].splitlines():
            if line.strip():
                return len(line) - len(line.lstrip(" "))
        return len(key_line) - len(key_line.lstrip(" ")) + 2

    def item_style(self, seq: yaml.SequenceNode) -> str | None:
        """Quote style of a sequence's first scalar item."""
        first = seq.value[0] if seq.value else None
        return first.style or None if isinstance(first, yaml.ScalarNode) else None

    def flow_separator(self, seq: yaml.SequenceNode) -> str:
        """The text between the first two items of a flow sequence (``", "`` if unknown)."""
        if len(seq.value) < 2:
            return ", "
        return self.text[seq.value[0].end_mark.index : seq.value[1].start_mark.index]

    def neighbours(
        self, mapping: yaml.MappingNode, path: KeyPath
    ) -> tuple[yaml.Node | None, yaml.Node | None]:
        """Where a new key goes: after the value node returned first, or before the key
        node returned second (seed order; at the end when the key is not in it)."""
        key = str(path[-1])
        order = order_for(path)
        pairs = mapping.value
        if order is None or key not in order:
            return pairs[-1][1], None
        rank = order.index(key)
        after = None
        for key_node, value_node in pairs:
            name = str(key_node.value)
            if name in order and order.index(name) < rank:
                after = value_node
        if after is not None:
            return after, None
        for key_node, _value in pairs:
            name = str(key_node.value)
            if name in order and order.index(name) > rank:
                return None, key_node
        return pairs[-1][1], None

    # -- rendering new content ------------------------------------------------------

    def render_pair(self, key: str, value: Any, indent: int) -> list[str]:
        """Lines for ``key: value`` at ``indent``, nested values in the file's layout."""
        pad = " " * indent
        name = self.render_flow(key, None)
        if is_scalar(value):
            return [f"{pad}{name}: {render_scalar(value, style=self.style_for(key))}"]
        if not value:
            return [f"{pad}{name}: {'[]' if isinstance(value, list) else '{}'}"]
        if isinstance(value, dict):
            lines = [f"{pad}{name}:"]
            for child_key, child in value.items():
                lines += self.render_pair(str(child_key), child, indent + self.map_indent)
            return lines
        if isinstance(value, list):
            lines = [f"{pad}{name}:"]
            style = self.styles.get(key + "[]")
            for item in value:
                lines += self.render_item(item, indent + self.seq_indent, style)
            return lines
        raise EditError(f"cannot write a {type(value).__name__} under '{key}'")

    def render_item(self, value: Any, dash: int, style: str | None) -> list[str]:
        """Lines for one block sequence item whose dash stands at column ``dash``."""
        pad = " " * dash
        if is_scalar(value):
            return [f"{pad}- {render_scalar(value, style=style)}"]
        if isinstance(value, dict) and value:
            lines: list[str] = []
            for key, child in value.items():
                lines += self.render_pair(str(key), child, dash + 2)
            lines[0] = pad + "- " + lines[0][dash + 2 :]
            return lines
        if isinstance(value, list) and not value:
            return [f"{pad}- []"]
        raise EditError("cannot write a list directly inside a list")

    def render_flow(self, value: Any, style: str | None) -> str:
        """A value as flow YAML on one line (for ``[a, b]`` and ``{k: v}``)."""
        if is_scalar(value):
            return render_scalar(value, style=style, flow=True)
        if isinstance(value, list):
            return "[" + ", ".join(self.render_flow(v, style) for v in value) + "]"
        if isinstance(value, dict):
            pairs = (
                f"{self.render_flow(k, None)}: {self.render_flow(v, None)}"
                for k, v in value.items()
            )
            return "{" + ", ".join(pairs) + "}"
        raise EditError(f"cannot write a {type(value).__name__}")
