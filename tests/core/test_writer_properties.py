"""Property tests of the lossless writer on generated seed-style records.

Records are generated as text in varied formatting (``records_strategies``); edits go
through :meth:`Record.apply`, and every result is checked against what the edit means
(:func:`apply_to_data`) and against the bytes it may touch.
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, event, given, note, settings
from hypothesis import strategies as st
from paths import SEED
from records_strategies import (
    BOM,
    LOADER,
    RECORD_TEXT,
    TOP_ORDER,
    UNKNOWN_KEYS,
    WORD,
    Generated,
    dates,
    images,
    load,
    providers,
    records,
    related_items,
    same,
)

from curator.core.edits import (
    EditError,
    InsertItem,
    MoveItem,
    RemoveItem,
    SetValue,
    apply_to_data,
    get_at,
    has_path,
    strict_equal,
)
from curator.core.fences import split_document
from curator.core.layout import RELATED_ORDER
from curator.core.record import Record, parse_record
from curator.core.writer import apply_edit
from curator.core.yamlsafe import compose

PATH = Path("record.md")
# CURATOR_PROPERTY_SCALE=10 runs ten times the examples (a longer bug hunt).
SCALE = float(os.environ.get("CURATOR_PROPERTY_SCALE", "1"))
SETTINGS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}


def examples(count: int) -> int:
    return max(1, round(count * SCALE))


# Values a curator may type: YAML's implicit types, indicators, quotes, spaces, newlines.
SPECIAL_TEXT = (
    "yes",
    "on",
    "No",
    "012",
    "0x1F",
    "1e3",
    "3.14",
    "2024-01-01",
    "2022-07-12T10:24:00Z",
    "10:00",
    "null",
    "~",
    "",
    " ",
    "a: b",
    "a:b",
    "end:",
    "#x",
    "x #y",
    "x#y",
    "- x",
    "-x",
    "[x]",
    "{k: v}",
    "a, b",
    "? q",
    "!tag",
    "&anchor",
    "*alias",
    "|",
    ">",
    "%percent",
    "@at",
    "`tick`",
    "'",
    '"',
    "it's",
    'say "hi"',
    "back\\slash",
    "  lead",
    "trail  ",
    "two\nlines",
    "ends\n",
    "\nstarts",
    "a\n\nb",
    "tab\there",
    "---",
    "...",
    "a\n---\nb",
    "=",
    "<<",
    "Zürich – naïve ‘quotes’",
    "中文 Жизнь",
    "emoji 😀🎉",
    "\u00a0nbsp",
    "line\u2028sep",
    "bom\ufeff",
    "nul\x00",
)


EDIT_TEXT = st.one_of(
    st.sampled_from(SPECIAL_TEXT),
    RECORD_TEXT,
    st.text(alphabet=" ab:#'\"-\n\t[]{},.é😀", max_size=12),
    st.text(max_size=8),
)
SCALAR = st.one_of(EDIT_TEXT, st.integers(-(10**6), 10**6), st.booleans(), st.none(), dates())


# -- helpers -----------------------------------------------------------------------------


def load_record(generated: Generated) -> Record:
    record = parse_record(PATH, generated.raw)
    assert isinstance(record, Record), record
    assert record.readonly is None
    return record


def front_of(raw: bytes) -> str:
    return split_document(raw.decode("utf-8")).front


def lines_of(text: str) -> list[str]:
    """Lines with their endings; only ``\\n`` ends a line (never str.splitlines)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    return [*lines, parts[-1]] if parts[-1] else lines


def assert_frame_kept(generated: Generated, new: bytes) -> None:
    """BOM, fences, body and line endings are the original's."""
    text = new.decode("utf-8")
    assert text.startswith(BOM) == generated.bom
    split = split_document(text)
    old = split_document(generated.text)
    assert (split.opening, split.closing, split.body) == (old.opening, old.closing, old.body)
    front = split.front
    assert front.endswith(generated.newline) or not front
    if generated.newline == "\n":
        assert "\r" not in front
    else:
        assert front.count("\n") == front.count("\r\n") == front.count("\r")


def scalar_nodes(front: str) -> list[tuple[tuple[Any, ...], yaml.Node]]:
    """Every scalar value of the front matter with its path."""
    found: list[tuple[tuple[Any, ...], yaml.Node]] = []

    def walk(node: yaml.Node, path: tuple[Any, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index))
        else:
            found.append((path, node))

    walk(yaml.compose(front, Loader=LOADER), ())
    return found


def node_at(front: str, path: tuple[Any, ...]) -> yaml.Node:
    node = yaml.compose(front, Loader=LOADER)
    for key in path:
        if isinstance(node, yaml.MappingNode):
            node = next(v for k, v in node.value if k.value == key)
        else:
            node = node.value[key]
    return node


def last_line(node: yaml.Node) -> int:
    """0-based line of the last character of a value written on its own lines."""
    if isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
        last = node.value[-1]
        return last_line(last[1] if isinstance(node, yaml.MappingNode) else last)
    return int(node.end_mark.line)


def dash_line_and_column(lines: list[str], item: yaml.Node) -> tuple[int, int]:
    line = item.start_mark.line
    text = lines[line]
    column = len(text) - len(text.lstrip(" "))
    assert text[column] == "-", text
    return line, column


def key_line(front: str, path: tuple[Any, ...]) -> str:
    """The text of the line on which the value at ``path`` starts."""
    return lines_of(front)[node_at(front, path).start_mark.line]


def scalar_paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in scalar_paths(v, (*path, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in scalar_paths(v, (*path, i))]
    return [path]


def list_paths(data: dict[str, Any], front: str | None = None) -> list[tuple[Any, ...]]:
    """The non-empty lists a structural edit may aim at: related, images, the images of a
    related item, topics (only when written as a block list if ``front`` is given)."""
    paths: list[tuple[Any, ...]] = []
    topics = data.get("topics")
    if isinstance(topics, list) and topics:
        if front is None or not node_at(front, ("topics",)).flow_style:
            paths.append(("topics",))
    for key in ("related", "images"):
        if isinstance(data.get(key), list) and data[key]:
            paths.append((key,))
    for index, item in enumerate(data.get("related") or []):
        if isinstance(item.get("images"), list) and item["images"]:
            paths.append(("related", index, "images"))
    return paths


def item_for(path: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    if path == ("topics",):
        return EDIT_TEXT
    return related_items() if path == ("related",) else images()


@settings(max_examples=examples(200), **SETTINGS)
@given(records())
def test_generated_text_loads_as_intended(generated: Generated) -> None:
    split = split_document(generated.text)
    assert split.front == generated.front
    assert (split.bom, split.closing, split.body) == (
        generated.bom,
        generated.closing,
        generated.body,
    )
    assert same(load(generated.front), generated.data), generated.front
    record = load_record(generated)
    assert strict_equal(record.data, generated.data)
    assert record.current_bytes() == generated.raw
    assert not record.modified


# -- 1. random edit sequences ------------------------------------------------------------


@st.composite
def an_edit(draw: Any, data: dict[str, Any], root: dict[str, Any]) -> tuple[str, Any]:
    """One edit a curator might make to a record holding ``data`` (loaded as ``root``)."""
    related = data.get("related") if isinstance(data.get("related"), list) else []
    kinds = ["int", "published", "text", "date", "topics", "insert_related", "add_key", "back"]
    if isinstance(data.get("provider"), dict):
        kinds += ["provider_name", "provider_domain"]
    if isinstance(data.get("images"), list) and data["images"]:
        kinds.append("width")
    topics = data.get("topics") if isinstance(data.get("topics"), list) else None
    if topics is not None:
        kinds.append("insert_topic")
    if topics:
        kinds += ["topic", "remove_topic", "move_topic"]
    if related:
        kinds += ["remove_related", "move_related", "insert_image", "related_field"]
    kind = draw(st.sampled_from(kinds))
    if kind == "int":
        key = draw(st.sampled_from(["quality", "heat"]))
        return kind, SetValue((key,), draw(st.integers(0, 100)))
    if kind == "published":
        current = data.get("published")
        value = not current if isinstance(current, bool) else draw(st.booleans())
        return kind, SetValue(("published",), value)
    if kind == "text":
        unknown = [k for k in UNKNOWN_KEYS if k in data and not isinstance(data[k], dict)]
        key = draw(st.sampled_from(["title", "excerpt", "category", *unknown]))
        is_list = isinstance(data.get(key), list)
        value = draw(st.lists(EDIT_TEXT, max_size=3) if is_list else EDIT_TEXT)
        return kind, SetValue((key,), value)
    if kind == "date":
        return kind, SetValue(("publishedDateTime",), draw(dates()))
    if kind == "provider_name":
        return kind, SetValue(("provider", "name"), draw(EDIT_TEXT))
    if kind == "provider_domain":
        return kind, SetValue(("provider", "domain"), draw(EDIT_TEXT))
    if kind == "width":
        index = draw(st.integers(0, len(data["images"]) - 1))
        return kind, SetValue(("images", index, "width"), draw(st.integers(0, 5000)))
    if kind == "topics":
        topics = data.get("topics")
        if isinstance(topics, list) and topics and draw(st.booleans()):
            # Often a list like the current one: one item changed, added or dropped.
            changed = list(topics)
            index = draw(st.integers(0, len(changed) - 1))
            how = draw(st.sampled_from(["change", "add", "drop"]))
            if how == "change":
                changed[index] = draw(EDIT_TEXT)
            elif how == "add":
                changed.insert(index, draw(EDIT_TEXT))
            else:
                del changed[index]
            return kind, SetValue(("topics",), changed)
        return kind, SetValue(("topics",), draw(st.lists(EDIT_TEXT, max_size=5)))
    if kind == "topic":
        index = draw(st.integers(0, len(data["topics"]) - 1))
        return kind, SetValue(("topics", index), draw(EDIT_TEXT))
    if kind == "insert_topic":
        assert topics is not None
        at = draw(st.none() | st.integers(0, len(topics)))
        return kind, InsertItem(("topics",), draw(EDIT_TEXT), at)
    if kind == "remove_topic":
        assert topics
        return kind, RemoveItem(("topics",), draw(st.integers(0, len(topics) - 1)))
    if kind == "move_topic":
        assert topics
        source, target = (draw(st.integers(0, len(topics) - 1)) for _ in "st")
        return kind, MoveItem(("topics",), source, target)
    if kind == "insert_related":
        index = draw(st.integers(0, len(related)))
        return kind, InsertItem(("related",), draw(related_items()), index)
    if kind == "remove_related":
        return kind, RemoveItem(("related",), draw(st.integers(0, len(related) - 1)))
    if kind == "move_related":
        source, target = (draw(st.integers(0, len(related) - 1)) for _ in "st")
        return kind, MoveItem(("related",), source, target)
    if kind == "insert_image":
        index = draw(st.integers(0, len(related) - 1))
        count = len(related[index].get("images") or [])
        at = draw(st.none() | st.integers(0, count))
        return kind, InsertItem(("related", index, "images"), draw(images()), at)
    if kind == "related_field":
        index = draw(st.integers(0, len(related) - 1))
        key, value = draw(
            st.sampled_from(RELATED_ORDER).flatmap(lambda k: st.tuples(st.just(k), _value_for(k)))
        )
        return kind, SetValue(("related", index, key), value)
    if kind == "add_key":
        missing = [k for k in (*TOP_ORDER, "note", "zNew") if k not in data]
        key = draw(st.sampled_from(missing)) if missing else "note"
        return kind, SetValue((key,), draw(_value_for(key)))
    # "back": set a value to what the file held, after other edits may have changed it.
    paths = [p for p in scalar_paths(root) if has_path(data, p)]
    if isinstance(root.get("topics"), list):
        paths.append(("topics",))
    path = draw(st.sampled_from(paths))
    return kind, SetValue(path, get_at(root, path))


def _value_for(key: str) -> st.SearchStrategy[Any]:
    if key in ("quality", "heat", "width", "height"):
        return st.integers(0, 100)
    if key == "published":
        return st.booleans()
    if key == "publishedDateTime":
        return dates()
    if key == "provider":
        return providers()
    if key in ("images",):
        return st.lists(images(), min_size=1, max_size=2)
    if key == "related":
        return st.lists(related_items(), max_size=2)
    if key == "topics":
        return st.lists(WORD, max_size=3)
    return SCALAR


def may_refuse(edit: Any, data: dict[str, Any]) -> bool:
    """Whether the writer may refuse a meaningful edit: only replacing a whole mapping or
    a list of mappings (curators edit their parts instead)."""
    if not isinstance(edit, SetValue) or not has_path(data, edit.path):
        return False
    current = get_at(data, edit.path)
    return isinstance(current, dict) or (
        isinstance(current, list) and any(isinstance(v, dict | list) for v in current)
    )


@settings(max_examples=examples(250), **SETTINGS)
@given(records(), st.data())
def test_edit_sequences_read_back_as_intended(generated: Generated, data: st.DataObject) -> None:
    record = load_record(generated)
    root = record.data
    for _ in range(data.draw(st.integers(1, 6), label="count")):
        kind, edit = data.draw(an_edit(record.data, root), label="edit")
        before_bytes, before_edits, before_data = (
            record.current_bytes(),
            record.edits,
            record.data,
        )
        try:
            expected = apply_to_data(before_data, edit)
        except EditError:
            expected = None
        try:
            record.apply(edit)
        except EditError as error:
            reason = "meaningless edit" if expected is None else "writer refused"
            event(f"EditError ({reason}) on {kind}")
            note(f"EditError: {error}")
            assert record.current_bytes() == before_bytes
            assert record.edits == before_edits
            assert record.data is before_data
            assert expected is None or may_refuse(edit, before_data), f"{edit} refused: {error}"
            continue
        event(f"written: {kind}")
        assert expected is not None, f"the writer made an edit that means nothing: {edit}"
        new = record.current_bytes()
        assert_frame_kept(generated, new)
        reread = compose(front_of(new)).data or {}
        assert strict_equal(reread, expected), (edit, front_of(new))
        assert strict_equal(record.data, expected), (edit, record.data, expected)


# -- 2. a scalar set changes one line, and only the value's bytes in it ----------------


@st.composite
def single_line_set(draw: Any) -> tuple[Generated, tuple[Any, ...], yaml.Node, Any]:
    generated = draw(records())
    candidates = [
        (path, node)
        for path, node in scalar_nodes(generated.front)
        if node.style not in ("|", ">") and node.start_mark.line == node.end_mark.line
    ]
    path, node = draw(st.sampled_from(candidates))
    value = draw(dates() if path[-1] == "publishedDateTime" else SCALAR)
    return generated, path, node, value


@settings(max_examples=examples(250), **SETTINGS)
@given(single_line_set())
def test_scalar_set_changes_only_its_line(case: tuple[Generated, Any, yaml.Node, Any]) -> None:
    generated, path, node, value = case
    record = load_record(generated)
    assume(not strict_equal(get_at(record.data, path), value))
    record.apply(SetValue(path, value))
    new = record.current_bytes()
    assert_frame_kept(generated, new)
    old_lines = lines_of(generated.front)
    new_lines = lines_of(front_of(new))
    changes = [
        op
        for op in difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False).get_opcodes()
        if op[0] != "equal"
    ]
    line = node.start_mark.line
    assert changes == [("replace", line, line + 1, line, line + 1)], changes
    old, changed = old_lines[line], new_lines[line]
    start, end = node.start_mark.column, node.end_mark.column
    assert changed.startswith(old[:start] if start < end else old[:start].rstrip(" "))
    assert changed.endswith(old[end:]), (old, changed)
    assert strict_equal(get_at(compose(front_of(new)).data, path), value)


# -- 3. set-back restores the original bytes ---------------------------------------------


@st.composite
def scalar_change(draw: Any) -> tuple[Generated, tuple[Any, ...], Any]:
    generated = draw(records())
    path = draw(st.sampled_from(scalar_paths(generated.data)))
    value = draw(dates() if path[-1] == "publishedDateTime" else SCALAR)
    return generated, path, value


@settings(max_examples=examples(150), **SETTINGS)
@given(scalar_change())
def test_setting_a_value_back_restores_the_bytes(case: tuple[Generated, Any, Any]) -> None:
    generated, path, value = case
    record = load_record(generated)
    original = get_at(record.data, path)
    record.apply(SetValue(path, value))
    record.apply(SetValue(path, original))
    assert record.current_bytes() == generated.raw
    assert record.modified is False
    assert record.edits == ()


@st.composite
def structural_round_trip(draw: Any) -> tuple[Generated, list[Any]]:
    generated = draw(records())
    paths = list_paths(generated.data)
    targets = [*paths, ("related",)] if "related" in generated.data else paths
    assume(targets)
    kind = draw(st.sampled_from(["insert", "move"] if paths else ["insert"]))
    if kind == "insert":
        path = draw(st.sampled_from(targets))
        count = len(get_at(generated.data, path))
        index = draw(st.integers(0, count))
        item = draw(item_for(path))
        edits: list[Any] = [InsertItem(path, item, index), RemoveItem(path, index)]
    else:
        path = draw(st.sampled_from(paths))
        count = len(get_at(generated.data, path))
        source, target = (draw(st.integers(0, count - 1)) for _ in "st")
        edits = [MoveItem(path, source, target), MoveItem(path, target, source)]
    if "quality" in generated.data and draw(st.booleans()):
        # A set and a set-back between them do not collapse: the edits hold a structural one.
        quality = generated.data["quality"]
        edits[1:1] = [SetValue(("quality",), quality + 1), SetValue(("quality",), quality)]
    return generated, edits


@settings(max_examples=examples(150), **SETTINGS)
@given(structural_round_trip())
def test_structural_edit_and_its_inverse_restore_the_bytes(case: tuple[Generated, Any]) -> None:
    generated, edits = case
    record = load_record(generated)
    for edit in edits:
        record.apply(edit)
    assert record.current_bytes() == generated.raw, front_of(record.current_bytes())
    assert record.modified is False


# -- 4. a no-op set leaves the bytes alone -------------------------------------------------


@settings(max_examples=examples(100), **SETTINGS)
@given(records(), st.data())
def test_setting_the_same_value_changes_nothing(generated: Generated, data: st.DataObject) -> None:
    record = load_record(generated)
    paths = scalar_paths(record.data)
    if "topics" in record.data:
        paths.append(("topics",))
    path = data.draw(st.sampled_from(paths))
    edit = SetValue(path, get_at(record.data, path))
    assert apply_edit(generated.front, edit, generated.newline) == generated.front
    record.apply(edit)
    assert record.current_bytes() == generated.raw
    assert not record.modified
    # Also when a structural edit comes first, so the set is not simply dropped.
    assume(isinstance(record.data.get("related"), list))
    record.apply(InsertItem(("related",), {"title": "x"}))
    after_insert = record.current_bytes()
    record.apply(edit)
    assert record.current_bytes() == after_insert


# -- 5. structural edits add or remove whole lines ---------------------------------------


@st.composite
def structural_edit(draw: Any) -> tuple[Generated, Any]:
    generated = draw(records())
    paths = list_paths(generated.data, generated.front)
    assume(paths)
    path = draw(st.sampled_from(paths))
    count = len(get_at(generated.data, path))
    kind = draw(st.sampled_from(["insert", "remove", "move"]))
    if kind == "insert":
        index = draw(st.none() | st.integers(0, count))
        return generated, InsertItem(path, draw(item_for(path)), index)
    assume(count >= 2)
    if kind == "remove":
        return generated, RemoveItem(path, draw(st.integers(0, count - 1)))
    source, target = (draw(st.integers(0, count - 1)) for _ in "st")
    edit = MoveItem(path, source, target)
    assume(not strict_equal(apply_to_data(generated.data, edit), generated.data))
    return generated, edit


@settings(max_examples=examples(200), **SETTINGS)
@given(structural_edit())
def test_structural_edits_touch_whole_item_lines(case: tuple[Generated, Any]) -> None:
    generated, edit = case
    event(type(edit).__name__)
    record = load_record(generated)
    record.apply(edit)
    new = record.current_bytes()
    assert_frame_kept(generated, new)
    old = lines_of(generated.front)
    lines = lines_of(front_of(new))
    seq = node_at(generated.front, edit.path)
    items = seq.value
    _, dash = dash_line_and_column(old, items[0])
    blocks = [(item.start_mark.line, last_line(item) + 1) for item in items]
    if isinstance(edit, InsertItem):
        added = len(lines) - len(old)
        assert added > 0
        prefix = next(
            (i for i, (a, b) in enumerate(zip(old, lines, strict=False)) if a != b), len(old)
        )
        matches = [
            k
            for k in range(prefix + 1)
            if lines[:k] + lines[k + added :] == old
            and lines[k].startswith(" " * dash + "- ")
            and all(
                len(line) - len(line.lstrip(" ")) > dash and line.strip()
                for line in lines[k + 1 : k + added]
            )
        ]
        assert matches, (old, lines)
        inserted = "".join(lines[matches[0] : matches[0] + added])
        assert same(yaml.load(inserted, Loader=LOADER), [edit.item]), inserted
    elif isinstance(edit, RemoveItem):
        start, end = blocks[edit.index]
        assert lines == old[:start] + old[end:]
    else:
        order = list(range(len(items)))
        order.insert(edit.target, order.pop(edit.source))
        first, last = blocks[0][0], blocks[-1][1]
        assert lines[:first] == old[:first]
        assert lines[len(lines) - (len(old) - last) :] == old[last:]
        assert Counter(lines) == Counter(old)
        region = "".join(lines[first : len(lines) - (len(old) - last)])
        texts = ["".join(old[a:b]) for a, b in blocks]
        cursor = 0
        for source in order:
            found = region.find(texts[source], cursor)
            assert found >= 0, (texts[source], region)
            cursor = found + len(texts[source])


# -- the promise on the seed itself --------------------------------------------------------


@settings(max_examples=examples(60), **SETTINGS)
@given(st.data())
def test_seed_edits_read_back(data: st.DataObject) -> None:
    raw = SEED.read_bytes()
    record = parse_record(PATH, raw)
    assert isinstance(record, Record)
    root = record.data
    for _ in range(data.draw(st.integers(1, 4))):
        _kind, edit = data.draw(an_edit(record.data, root))
        try:
            expected = apply_to_data(record.data, edit)
        except EditError:
            continue
        try:
            record.apply(edit)
        except EditError:
            assert may_refuse(edit, record.data), edit
            continue
        assert strict_equal(compose(front_of(record.current_bytes())).data, expected)
    text = record.current_bytes().decode("utf-8")
    assert text.endswith("---\n\n")
    assert "secured: " in text and text.count("\n---\n") == 1
