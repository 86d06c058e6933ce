"""The twenty sharp edges of shared/notes/fidelity.md, each with the exact bytes written.

Every case loads a record from bytes, makes edits through :meth:`Record.apply` and compares
:meth:`Record.current_bytes` with the bytes the file must hold afterwards. Bugs found in the
core were fixed; each test keeps its minimal input.
"""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml
from paths import SEED

from curator.core.edits import (
    EditError,
    InsertItem,
    MoveItem,
    RemoveItem,
    SetValue,
    strict_equal,
)
from curator.core.fences import split_document
from curator.core.record import Problem, Record, load_record, parse_record
from curator.core.yamlsafe import compose

PATH = Path("record.md")
BOM = "\ufeff"
UTC = dt.UTC
PLUS2 = dt.timezone(dt.timedelta(hours=2))

# A short record in the seed's layout: quoted texts, blank lines between groups.
SEEDISH = """\
---
category: news
title: "Myanmar Expanding Use of Facial Recognition: Report"
excerpt: "According to a Reuters investigation."
publishedDateTime: 2022-07-12T10:24:00Z
type: article
quality: 38
heat: 38
published: false

provider:
  name: The Diplomat
  domain: thediplomat.com

topics:
  - Computer Vision
  - AI

images:
  - url: "https://thediplomat.com/a.jpg"
    width: 600
    height: 400
    isCached: true

related:
  - title: "GT Voice: trade won’t be affected"
    webUrl: "https://www.globaltimes.cn/page/1.shtml"
    provider:
      name: Global Times
      domain: globaltimes.cn
    quality: 24
  - title: "Myanmar expands ‘safe cities’"
    quality: 19

secured: "Uo3lwvWEWJRvrw66I3yu==;A0BJ6MjrnmRwTnJB83R4vw=="
---

"""


def load(text: str) -> Record:
    record = parse_record(PATH, text.encode("utf-8"))
    assert isinstance(record, Record), record
    return record


def edited(text: str, *edits: Any) -> str:
    """The file's text after ``edits``; also checks it reads back as the data meant."""
    record = load(text)
    for edit in edits:
        record.apply(edit)
    new = record.current_bytes().decode("utf-8")
    assert strict_equal(compose(split_document(new).front).data or {}, record.data)
    return new


def assert_refused(text: str, edit: Any) -> None:
    """The edit raises EditError and the record's bytes stay the file's bytes."""
    record = load(text)
    with pytest.raises(EditError):
        record.apply(edit)
    assert record.current_bytes() == text.encode("utf-8")
    assert not record.modified


def problem(text: str) -> Problem:
    result = parse_record(PATH, text.encode("utf-8"))
    assert isinstance(result, Problem), result
    return result


def test_seedish_loads_as_written() -> None:
    record = load(SEEDISH)
    assert record.readonly is None
    assert record.current_bytes() == SEEDISH.encode("utf-8")
    assert record.data["related"][1] == {"title": "Myanmar expands ‘safe cities’", "quality": 19}


# -- 1. mark indices are code points ---------------------------------------------------


@pytest.mark.parametrize(
    ("before", "edit", "after"),
    [
        (
            'title: "Zürich 😀 中文"\nquality: 38\n',
            SetValue(("quality",), 42),
            'title: "Zürich 😀 中文"\nquality: 42\n',
        ),
        (
            "emoji: 😀😀😀\ntitle: 日本語のタイトル\nheat: 1\n",
            SetValue(("title",), "新しい 😀"),
            "emoji: 😀😀😀\ntitle: 新しい 😀\nheat: 1\n",
        ),
        (
            "a: é\ntopics: [😀, b]\n",
            InsertItem(("topics",), "ç"),
            "a: é\ntopics: [😀, b, ç]\n",
        ),
    ],
)
def test_edits_after_non_ascii_text_land_on_the_value(before: str, edit: Any, after: str) -> None:
    assert edited(f"---\n{before}---\n", edit) == f"---\n{after}---\n"


# -- 2. byte-order mark ----------------------------------------------------------------


def test_bom_is_kept_on_save(tmp_path: Path) -> None:
    text = BOM + "---\nquality: 38\n---\nBody\n"
    target = tmp_path / "r.md"
    target.write_bytes(text.encode("utf-8"))
    record = load(text)
    record.path = target
    record.apply(SetValue(("quality",), 42))
    record.apply(SetValue(("heat",), 7))
    assert record.save() is True
    assert target.read_bytes() == (BOM + "---\nquality: 42\nheat: 7\n---\nBody\n").encode("utf-8")


# -- 3. CRLF ---------------------------------------------------------------------------

CRLF = (
    "---\r\n"
    "excerpt: |\r\n"
    "  one\r\n"
    "  two\r\n"
    "quality: 38\r\n"
    "related:\r\n"
    '  - title: "A"\r\n'
    "    quality: 1\r\n"
    "\r\n"
    'secured: "x"\r\n'
    "---\r\n"
    "Body\r\n"
)


@pytest.mark.parametrize(
    ("edit", "old", "new"),
    [
        (SetValue(("quality",), 42), "quality: 38\r\n", "quality: 42\r\n"),
        (SetValue(("heat",), 5), "quality: 38\r\n", "quality: 38\r\nheat: 5\r\n"),
        (
            SetValue(("excerpt",), "x\ny\n"),
            "excerpt: |\r\n  one\r\n  two\r\n",
            "excerpt: |\r\n  x\r\n  y\r\n",
        ),
        (
            InsertItem(("related",), {"title": "B", "quality": 2}),
            "    quality: 1\r\n",
            '    quality: 1\r\n  - title: "B"\r\n    quality: 2\r\n',
        ),
        (RemoveItem(("related",), 0), 'related:\r\n  - title: "A"\r\n    quality: 1\r\n', ""),
    ],
)
def test_crlf_is_kept_for_changed_and_inserted_lines(edit: Any, old: str, new: str) -> None:
    expected = CRLF.replace(old, new) if new else CRLF.replace(old, "related: []\r\n")
    result = edited(CRLF, edit)
    assert result == expected
    assert result.count("\n") == result.count("\r\n")


# -- 4, 5. tags, anchors, aliases ------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "edit", "after"),
    [
        ("title: !!str 1\nquality: 1\n", SetValue(("title",), "2"), "title: !!str 2\nquality: 1\n"),
        ('quality: !!int "38"\n', SetValue(("quality",), 42), "quality: !!int 42\n"),
        ("topics: [!!str 1, b]\n", SetValue(("topics", 0), "x"), "topics: [!!str x, b]\n"),
        ("title: !!str 'a'\n", SetValue(("title",), "it's"), "title: !!str 'it''s'\n"),
        (
            "publishedDateTime: !!timestamp 2022-07-12T10:24:00Z\n",
            SetValue(("publishedDateTime",), dt.datetime(2023, 1, 2, 3, 4, tzinfo=dt.UTC)),
            "publishedDateTime: !!timestamp 2023-01-02T03:04:00Z\n",
        ),
        (
            "title: !<tag:yaml.org,2002:str> 7\n",
            SetValue(("title",), "8"),
            "title: !<tag:yaml.org,2002:str> 8\n",
        ),
    ],
)
def test_values_with_a_standard_tag_are_edited_and_keep_it(
    front: str, edit: Any, after: str
) -> None:
    assert edited(f"---\n{front}---\n", edit) == f"---\n{after}---\n"


@pytest.mark.parametrize(
    ("front", "edit"),
    [
        ("title: &t Anchored\nquality: 1\n", SetValue(("title",), "x")),
        ("provider: !!map {name: &n x}\n", SetValue(("provider", "name"), "y")),
        ("quality: !!int 5\n", SetValue(("quality",), "high")),  # the tag would lie
        ("title: !!binary aGk=\n", SetValue(("title",), "y")),  # not a tag curator writes
    ],
)
def test_anchored_values_and_tags_that_cannot_stay_are_refused(front: str, edit: Any) -> None:
    assert_refused(f"---\n{front}---\n", edit)


def test_values_beside_an_anchor_stay_editable() -> None:
    text = "---\ntitle: &t Anchored\nquality: 1\n---\n"
    assert edited(text, SetValue(("quality",), 2)) == text.replace("quality: 1", "quality: 2")


@pytest.mark.parametrize(
    ("front", "touching"),
    [
        ("a: &x 1\nb: *x\n", [("a",), ("b",)]),
        ("base: &b {name: n}\nprovider: *b\n", [("provider", "name"), ("base", "name")]),
        ("topics: &t [a]\nother: *t\n", [("topics", 0), ("other", 0)]),
    ],
)
def test_aliases_refuse_only_the_edits_that_touch_them(
    front: str, touching: list[tuple[Any, ...]]
) -> None:
    text = f"---\n{front}quality: 1\n---\n"
    record = load(text)
    assert record.readonly is None
    record.apply(SetValue(("quality",), 2))
    assert record.current_bytes() == f"---\n{front}quality: 2\n---\n".encode()  # that line only
    for path in touching:
        with pytest.raises(EditError, match="anchor or alias"):
            record.apply(SetValue(path, "changed"))
    assert record.current_bytes() == f"---\n{front}quality: 2\n---\n".encode()


def test_a_file_with_an_anchor_elsewhere_changes_exactly_the_edited_line(
    tmp_path: Path,
) -> None:
    raw = SEED.read_bytes().replace(b"provider:\n", b"provider: &ledger\n", 1)
    raw = raw.replace(b"\nsecured:", b"\npublisher: *ledger\nsecured:", 1)
    path = tmp_path / "anchored.md"
    path.write_bytes(raw)
    record = load_record(path)
    assert isinstance(record, Record) and record.readonly is None
    record.apply(SetValue(("heat",), 31))
    record.save()
    assert path.read_bytes() == raw.replace(b"\nheat: 27\n", b"\nheat: 31\n")


# -- 6. block scalars ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "value", "after"),
    [
        ("excerpt: |\n  one\n  two\n", "x\ny\n", "excerpt: |\n  x\n  y\n"),
        ("excerpt: |-\n  one\n  two\n", "x\ny", "excerpt: |-\n  x\n  y\n"),
        ("excerpt: >\n  one\n  two\n", "new text\n", "excerpt: >\n  new text\n"),
        ("excerpt: >-\n  one\n  two\n", "new text", "excerpt: >-\n  new text\n"),
        ("excerpt: |\n    four\n    deep\n", "x\n", "excerpt: |\n    x\n"),
        ("excerpt: |  # note\n  one\n", "x\n", "excerpt: |  # note\n  x\n"),
        ("excerpt: |\n  one\n\n  three\n", "a\n\nb\n", "excerpt: |\n  a\n\n  b\n"),
        (
            "excerpt: |\n  one\n",
            "x # not a comment\n---\n",
            "excerpt: |\n  x # not a comment\n  ---\n",
        ),
        # The value decides the chomping indicator; the file's indentation stays.
        ("excerpt: |\n  one\n", "no newline", "excerpt: |-\n  no newline\n"),
        ("excerpt: |-\n    one\n", "newline\n", "excerpt: |\n    newline\n"),
    ],
)
def test_block_scalars_keep_header_and_indentation(before: str, value: str, after: str) -> None:
    text = f"---\n{before}\nquality: 1\n---\n"
    assert edited(text, SetValue(("excerpt",), value)) == f"---\n{after}\nquality: 1\n---\n"


def test_block_scalar_in_a_related_item_keeps_its_indentation() -> None:
    text = (
        "---\nrelated:\n  - title: a\n    excerpt: >\n      one\n      two\n    quality: 1\n---\n"
    )
    expected = text.replace("      one\n      two\n", "      replaced\n")
    assert edited(text, SetValue(("related", 0, "excerpt"), "replaced\n")) == expected


def test_block_scalar_with_indentation_indicator_is_edited() -> None:
    text = "---\nexcerpt: |2\n   indented\nquality: 1\n---\n"
    expected = "---\nexcerpt: |2\n   still indented\nquality: 1\n---\n"
    assert edited(text, SetValue(("excerpt",), " still indented\n")) == expected


def test_key_added_after_a_keep_block_scalar() -> None:
    text = "---\ntitle: x\nexcerpt: |+\n  a\n\nquality: 1\n---\n"
    expected = "---\ntitle: x\nexcerpt: |+\n  a\n\npublishedDateTime: 2020-01-01\nquality: 1\n---\n"
    assert edited(text, SetValue(("publishedDateTime",), dt.date(2020, 1, 1))) == expected


# -- 7. multi-line plain and quoted scalars --------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("title: first line\n  second line\n", "title: new\n"),
        ('title: "first line\n  second line"\n', 'title: "new"\n'),
        ("title: 'first line\n  second line'\n", "title: 'new'\n"),
        ("title:\n  on the next line\n", "title:\n  new\n"),
    ],
)
def test_multi_line_scalars_are_replaced(before: str, after: str) -> None:
    text = f"---\n{before}quality: 1\n---\n"
    assert edited(text, SetValue(("title",), "new")) == f"---\n{after}quality: 1\n---\n"


# -- 8. empty values -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("category:\n", "category: news\n"),
        ("category:   # later\n", "category: news   # later\n"),
        ("category: ~\n", "category: news\n"),
        ("category: null\n", "category: news\n"),
    ],
)
def test_empty_value_gets_a_space_and_the_value(before: str, after: str) -> None:
    text = f"---\n{before}quality: 1\n---\n"
    assert edited(text, SetValue(("category",), "news")) == f"---\n{after}quality: 1\n---\n"


# -- 9. trailing comments and the end of block collections -----------------------------


@pytest.mark.parametrize(
    ("before", "path", "value", "after"),
    [
        ("quality: 38  # score\n", ("quality",), 42, "quality: 42  # score\n"),
        ('title: "Old"  # shown\n', ("title",), "New", 'title: "New"  # shown\n'),
        ("published: false # draft\n", ("published",), True, "published: true # draft\n"),
        ("topics:\n  - a  # first\n", ("topics", 0), "b", "topics:\n  - b  # first\n"),
        ("p: {name: n}  # flow\n", ("p", "name"), "m", "p: {name: m}  # flow\n"),
    ],
)
def test_trailing_comments_stay_after_an_edited_value(
    before: str, path: tuple[Any, ...], value: Any, after: str
) -> None:
    assert edited(f"---\n{before}---\n", SetValue(path, value)) == f"---\n{after}---\n"


def test_item_appended_before_comments_that_close_a_list() -> None:
    text = '---\nrelated:\n  - title: "A"\n  # end of related\n\nsecured: "x"\n---\n'
    expected = text.replace('"A"\n', '"A"\n  - title: "B"\n')
    assert edited(text, InsertItem(("related",), {"title": "B"})) == expected


# -- 10. flow collections --------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "edit", "after"),
    [
        ("[a, b]", SetValue(("topics",), ["a", "c"]), "[a, c]"),
        ("[a, b]", InsertItem(("topics",), "c"), "[a, b, c]"),
        ("[a, b]", InsertItem(("topics",), "c", 0), "[c, a, b]"),
        ("[a,b]", InsertItem(("topics",), "c"), "[a,b,c]"),
        ("[ a , b ]", InsertItem(("topics",), "c"), "[ a , b , c ]"),
        ('["a", "b"]', InsertItem(("topics",), "c"), '["a", "b", "c"]'),
        ("[a, b]", InsertItem(("topics",), "x, y"), '[a, b, "x, y"]'),
        ("[a, b]", RemoveItem(("topics",), 0), "[b]"),
        ("[a, b]", RemoveItem(("topics",), 1), "[a]"),
        ("[a, b]", MoveItem(("topics",), 0, 1), "[b, a]"),
        ("[a, b]", SetValue(("topics",), []), "[]"),
        ("[a, b]", SetValue(("topics",), ["a", "b", "c"]), "[a, b, c]"),
        ("[a, b]  # t", InsertItem(("topics",), "c"), "[a, b, c]  # t"),
    ],
)
def test_flow_lists_are_edited_in_place(before: str, edit: Any, after: str) -> None:
    text = f"---\ntopics: {before}\nquality: 1\n---\n"
    assert edited(text, edit) == f"---\ntopics: {after}\nquality: 1\n---\n"


def test_flow_mapping_gets_a_new_key_in_place() -> None:
    text = "---\nprovider: {name: Global Times}\nquality: 1\n---\n"
    expected = "---\nprovider: {name: Global Times, domain: globaltimes.cn}\nquality: 1\n---\n"
    assert edited(text, SetValue(("provider", "domain"), "globaltimes.cn")) == expected


# -- 11. comments are not nodes --------------------------------------------------------

COMMENTED = "---\ntopics:\n  - a\n  # about b\n  - b\n  # about c\n  - c\nquality: 1\n---\n"


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, "---\ntopics:\n  # about b\n  - b\n  # about c\n  - c\nquality: 1\n---\n"),
        (1, "---\ntopics:\n  - a\n  # about b\n  # about c\n  - c\nquality: 1\n---\n"),
        (2, "---\ntopics:\n  - a\n  # about b\n  - b\n  # about c\nquality: 1\n---\n"),
    ],
)
def test_comments_between_items_are_kept_when_removing(index: int, expected: str) -> None:
    assert edited(COMMENTED, RemoveItem(("topics",), index)) == expected


def test_comments_between_related_items_are_kept_when_removing() -> None:
    text = SEEDISH.replace(
        '  - title: "Myanmar expands', '  # the second one\n  - title: "Myanmar expands'
    )
    start = text.index('  - title: "GT Voice')
    end = text.index("  # the second one")
    assert edited(text, RemoveItem(("related",), 0)) == text[:start] + text[end:]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # a removed item takes the comment above it along; the others stay where they were
        (["a", "c"], "---\ntopics:\n  - a\n  # about c\n  - c\nquality: 1\n---\n"),
        (
            ["a", "b", "c", "d"],
            "---\ntopics:\n  - a\n  # about b\n  - b\n  # about c\n  - c\n  - d\nquality: 1\n---\n",
        ),
    ],
)
def test_comments_above_kept_items_stay_when_a_list_is_set(value: list[str], expected: str) -> None:
    assert edited(COMMENTED, SetValue(("topics",), value)) == expected


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("C# and x # y", '"C# and x # y"'),
        ("x #y", '"x #y"'),
        ("x#y", "x#y"),
        ("#x", '"#x"'),
    ],
)
def test_a_new_plain_value_cannot_start_a_comment(value: str, written: str) -> None:
    text = "---\ncategory: news\n---\n"
    assert edited(text, SetValue(("category",), value)) == f"---\ncategory: {written}\n---\n"


# -- 12. rendering ---------------------------------------------------------------------


def test_long_and_non_ascii_values_are_written_on_one_line_as_they_are() -> None:
    long = "Zürich ‘safe cities’ 😀 " + "word " * 60 + "end"
    text = '---\ntitle: "Old"\ncategory: news\n---\n'
    result = edited(text, SetValue(("title",), long), SetValue(("category",), "naïve"))
    assert result == f'---\ntitle: "{long}"\ncategory: naïve\n---\n'
    assert "..." not in result and "\\u" not in result


@pytest.mark.parametrize("value", ["\U000f0000", "tag\U000e0001", "\U00018cd6"])
def test_non_bmp_non_printable_characters_are_written(value: str) -> None:
    text = '---\ntitle: "Old"\n---\n'
    result = edited(text, SetValue(("title",), value))
    assert compose(split_document(result).front).data == {"title": value}


# -- 13. implicit types ----------------------------------------------------------------

LOOKALIKES = [
    "yes",
    "on",
    "No",
    "012",
    "0x1F",
    "3.14",
    "2024-01-01",
    "2022-07-12T10:24:00Z",
    "10:00",
    "null",
    "~",
    "true",
    "a: b",
    "#x",
    "- x",
    "[x]",
    "{x: y}",
    "",
    " padded ",
    "=",
    "<<",
]


@pytest.mark.parametrize("value", LOOKALIKES)
def test_strings_that_look_like_other_types_are_quoted(value: str) -> None:
    text = "---\ncategory: news\nquality: 1\n---\n"
    result = edited(text, SetValue(("category",), value))
    quoted = '"' + value + '"'
    assert result == f"---\ncategory: {quoted}\nquality: 1\n---\n"
    assert compose(split_document(result).front).data["category"] == value


@pytest.mark.parametrize("value", LOOKALIKES)
def test_single_quoted_values_stay_single_quoted(value: str) -> None:
    text = "---\ncategory: 'news'\n---\n"
    result = edited(text, SetValue(("category",), value))
    assert result == f"---\ncategory: '{value}'\n---\n"


@pytest.mark.parametrize(
    ("value", "written"),
    [(5, "5"), (True, "true"), (None, "null"), (2.5, "2.5"), (dt.date(2024, 1, 2), "2024-01-02")],
)
def test_non_strings_are_written_plain(value: Any, written: str) -> None:
    text = '---\ncategory: "news"\n---\n'
    assert edited(text, SetValue(("category",), value)) == f"---\ncategory: {written}\n---\n"


@pytest.mark.parametrize(
    ("before", "value", "after"),
    [("True", False, "False"), ("TRUE", False, "FALSE"), ("~", None, "~")],
)
def test_spelling_of_booleans_and_null_is_kept(before: str, value: Any, after: str) -> None:
    text = f"---\nflag: {before}\nother: 1\n---\n"
    result = edited(text, SetValue(("other",), 2), SetValue(("flag",), value))
    assert result == f"---\nflag: {after}\nother: 2\n---\n"


# -- 14, 15, 16. files curator will not write ------------------------------------------


@pytest.mark.parametrize(
    ("front", "line", "words"),
    [
        ("title: a\nquality: 1\ntitle: b\n", 4, "duplicate key"),
        ("provider:\n  name: a\n  name: b\n", 4, "duplicate key"),
        ("provider:\n\tname: x\n", 3, "tab"),
        ("title: {{ title }}\n", 2, ""),
        ("title: [unclosed\nquality: 1\n", 0, ""),
    ],
)
def test_broken_or_ambiguous_front_matter_is_a_problem(front: str, line: int, words: str) -> None:
    found = problem(f"---\n{front}---\n")
    assert words in found.message
    if line:
        assert found.line == line


@pytest.mark.parametrize(
    "front",
    [
        "base: &b {name: n}\nprovider:\n  <<: *b\n  domain: d\n",
        "provider:\n  <<: {name: n}\n  domain: d\n",
    ],
)
def test_merge_keys_make_the_record_read_only(front: str) -> None:
    text = f"---\n{front}quality: 1\n---\n"
    record = load(text)
    assert record.readonly and "merge" in record.readonly
    with pytest.raises(EditError):
        record.apply(SetValue(("quality",), 2))
    assert record.current_bytes() == text.encode("utf-8")


# -- 17. fence variants ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "---   \nquality: 38\n---\nBody\n",
        "---\nquality: 38\n...\nBody\n",
        "---\nquality: 38\n---  \nBody\n",
        "---\nquality: 38\n---",
        "---\nquality: 38\n---\n\n---\nnot front matter: 1\n---\n",
        BOM + "---\nquality: 38\n---\n",
        "---\r\nquality: 38\r\n...\r\n\r\nBody\r\n",
        BOM + "---  \r\nquality: 38\r\n--- \r\n---\r\n",
    ],
)
def test_fences_and_body_are_kept_verbatim(text: str) -> None:
    assert edited(text, SetValue(("quality",), 42)) == text.replace("38", "42")


# -- 18. values that did not change are not rewritten ----------------------------------


@pytest.mark.parametrize(
    "line",
    [
        'title: "caf\\u00e9"',
        "title: 'it''s'",
        'title: "tab\\there"',
        "title:    spaced",
        "title: x\\y",
        "published: yes",
        "quality: 0x26",
        "quality: +38",
        "heat: 1_000",
    ],
)
def test_other_values_and_no_op_sets_keep_their_spelling(line: str) -> None:
    text = f"---\n{line}\nother: 1\n---\n"
    record = load(text)
    key = line.split(":")[0]
    record.apply(SetValue((key,), record.data[key]))
    assert record.current_bytes() == text.encode("utf-8")
    record.apply(SetValue(("other",), 2))
    assert record.current_bytes() == text.replace("other: 1", "other: 2").encode("utf-8")


# -- 19. dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "value", "after"),
    [
        (
            "2022-07-12T10:24:00Z",
            dt.datetime(2023, 1, 2, 3, 4, 5, tzinfo=UTC),
            "2023-01-02T03:04:05Z",
        ),
        (
            "2022-07-12T10:24:00+02:00",
            dt.datetime(2023, 1, 2, 3, 4, 5, tzinfo=PLUS2),
            "2023-01-02T03:04:05+02:00",
        ),
        (
            "2022-07-12T10:24:00+00:00",
            dt.datetime(2023, 1, 2, 3, 4, 5, tzinfo=UTC),
            "2023-01-02T03:04:05+00:00",
        ),
        (
            "2022-07-12 10:24:00Z",
            dt.datetime(2023, 1, 2, 3, 4, 5, tzinfo=UTC),
            "2023-01-02 03:04:05Z",
        ),
        ("2022-07-12", dt.date(2023, 1, 2), "2023-01-02"),
        ("2022-07-12T10:24:00", dt.datetime(2023, 1, 2, 3, 4, 5), "2023-01-02T03:04:05"),
    ],
)
def test_dates_keep_their_spelling(before: str, value: dt.date, after: str) -> None:
    text = f"---\npublishedDateTime: {before}\n---\n"
    result = edited(text, SetValue(("publishedDateTime",), value))
    assert result == f"---\npublishedDateTime: {after}\n---\n"


def test_same_instant_in_another_offset_is_written() -> None:
    text = "---\npublishedDateTime: 2022-07-12T10:24:00Z\n---\n"
    value = dt.datetime(2022, 7, 12, 12, 24, tzinfo=PLUS2)
    assert edited(text, SetValue(("publishedDateTime",), value)) == (
        "---\npublishedDateTime: 2022-07-12T12:24:00+02:00\n---\n"
    )


# -- 20. new items and keys look like their siblings -----------------------------------


def test_related_item_inserted_like_its_siblings() -> None:
    item = {
        "title": "New: item",
        "publishedDateTime": dt.datetime(2022, 7, 13, 8, 0, tzinfo=UTC),
        "provider": {"name": "Reuters", "domain": "reuters.com"},
        "quality": 30,
        "images": [{"url": "https://r.com/i.jpg", "width": 10}],
    }
    new_lines = (
        '  - title: "New: item"\n'
        "    publishedDateTime: 2022-07-13T08:00:00Z\n"
        "    provider:\n"
        "      name: Reuters\n"
        "      domain: reuters.com\n"
        "    quality: 30\n"
        "    images:\n"
        '      - url: "https://r.com/i.jpg"\n'
        "        width: 10\n"
    )
    at = SEEDISH.index('  - title: "Myanmar expands')
    assert (
        edited(SEEDISH, InsertItem(("related",), item, 1))
        == SEEDISH[:at] + new_lines + SEEDISH[at:]
    )


def test_item_inserted_with_four_space_nesting_and_flush_dashes() -> None:
    text = "---\nrelated:\n- title: a\n  provider:\n      name: n\nsecured: x\n---\n"
    item = {"title": "b", "provider": {"name": "m"}}
    expected = text.replace("secured", "- title: b\n  provider:\n      name: m\nsecured")
    assert edited(text, InsertItem(("related",), item)) == expected


@pytest.mark.parametrize(
    ("path", "value", "old", "new"),
    [
        (("heat",), 5, "quality: 38\nheat: 38\n", "quality: 38\nheat: 5\n"),
        (
            ("originalUrl",),
            "https://x.org/a",
            "type: article\n",
            'originalUrl: "https://x.org/a"\ntype: article\n',
        ),
        (
            ("provider", "logo"),
            "l.png",
            "  domain: thediplomat.com\n",
            "  domain: thediplomat.com\n  logo: l.png\n",
        ),
        (
            ("related", 1, "type"),
            "article",
            "    quality: 19\n",
            "    type: article\n    quality: 19\n",
        ),
        (
            ("related", 0, "images"),
            [{"url": "u", "width": 1}],
            "    quality: 24\n",
            '    quality: 24\n    images:\n      - url: "u"\n        width: 1\n',
        ),
        (("zNew",), "v", 'secured: "Uo3', "zNew: v\n"),
    ],
)
def test_new_keys_follow_the_seed_order_and_quoting(
    path: tuple[Any, ...], value: Any, old: str, new: str
) -> None:
    if path == ("zNew",):
        # An unknown key goes last.
        expected = SEEDISH.replace(
            '==;A0BJ6MjrnmRwTnJB83R4vw=="\n', '==;A0BJ6MjrnmRwTnJB83R4vw=="\nzNew: v\n'
        )
    elif path == ("heat",):
        text = SEEDISH.replace("heat: 38\n", "")
        assert edited(text, SetValue(path, value)) == SEEDISH.replace(old, new)
        return
    else:
        expected = SEEDISH.replace(old, new, 1)
    assert edited(SEEDISH, SetValue(path, value)) == expected


def test_key_added_to_the_last_related_item_gets_no_blank_line() -> None:
    value = [{"url": "u", "width": 1}]
    new = '    quality: 19\n    images:\n      - url: "u"\n        width: 1\n'
    expected = SEEDISH.replace("    quality: 19\n", new)
    assert edited(SEEDISH, SetValue(("related", 1, "images"), value)) == expected


def test_key_added_before_the_first_key_of_a_list_item() -> None:
    text = "---\nrelated:\n  - type: article\n    quality: 3\n---\n"
    expected = '---\nrelated:\n  - title: "x"\n    type: article\n    quality: 3\n---\n'
    assert edited(text, SetValue(("related", 0, "title"), "x")) == expected


# -- the list and key cases named in the brief -------------------------------------------


def test_first_item_turns_an_empty_flow_list_into_a_block_list() -> None:
    text = '---\nimages: []\nrelated: []\n\nsecured: "x"\n---\n'
    expected = '---\nimages: []\nrelated:\n  - title: "A"\n    quality: 1\n\nsecured: "x"\n---\n'
    assert edited(text, InsertItem(("related",), {"title": "A", "quality": 1})) == expected


def test_removing_the_last_item_leaves_an_empty_flow_list() -> None:
    text = '---\nrelated:\n  - title: "A"\n    quality: 1\n\nsecured: "x"\n---\n'
    assert edited(text, RemoveItem(("related",), 0)) == '---\nrelated: []\n\nsecured: "x"\n---\n'
    both = edited(SEEDISH, RemoveItem(("related",), 1), RemoveItem(("related",), 0))
    start = SEEDISH.index("related:\n")
    end = SEEDISH.index('\nsecured: "')
    assert both == SEEDISH[:start] + "related: []\n" + SEEDISH[end:]


@pytest.mark.parametrize(
    ("before", "edit", "after"),
    [
        (
            "related: []  # none yet\n",
            InsertItem(("related",), {"title": "A"}),
            'related:  # none yet\n  - title: "A"\n',
        ),
        (
            "related:  # the list\n  - title: a\n",
            RemoveItem(("related",), 0),
            "related: []  # the list\n",
        ),
    ],
)
def test_comment_on_the_list_key_line_stays_there(before: str, edit: Any, after: str) -> None:
    assert edited(f"---\n{before}quality: 1\n---\n", edit) == f"---\n{after}quality: 1\n---\n"


@pytest.mark.parametrize(
    "line", ["related: []  # none yet", "related:  []", "related: []   ", "related: [ ]"]
)
def test_insert_then_remove_on_an_empty_list_restores_the_line(line: str) -> None:
    text = f"---\n{line}\nquality: 1\n---\n"
    record = load(text)
    record.apply(InsertItem(("related",), {"title": "A"}))
    record.apply(RemoveItem(("related",), 0))
    assert record.current_bytes() == text.encode("utf-8")


def test_new_related_key_lands_before_secured_after_a_blank_line() -> None:
    start = SEEDISH.index("related:\n")
    end = SEEDISH.index('secured: "')
    without = SEEDISH[:start] + SEEDISH[end:]
    expected = without.replace('secured: "', 'related:\n  - title: "A"\n\nsecured: "')
    assert edited(without, SetValue(("related",), [{"title": "A"}])) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\n---\n", '---\ntitle: "x"\n---\n'),
        ("---\n---\nBody\n", '---\ntitle: "x"\n---\nBody\n'),
        ("---\r\n---\r\n", '---\r\ntitle: "x"\r\n---\r\n'),
        ("---\n...\n", '---\ntitle: "x"\n...\n'),
        (BOM + "---\n---\n", BOM + '---\ntitle: "x"\n---\n'),
    ],
)
def test_key_added_to_an_empty_front_matter(text: str, expected: str) -> None:
    assert edited(text, SetValue(("title",), "x")) == expected


# -- loading safety ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/object/apply:subprocess.call",
    ],
)
def test_python_tags_are_a_problem_and_never_run(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "marker"
    args = f'["touch {marker}"]' if "subprocess" not in tag else f'[["touch", "{marker}"]]'
    found = problem(f"---\ntitle: x\nevil: {tag} {args}\n---\n")
    assert found.line == 3
    assert not marker.exists()


def test_python_name_tag_is_a_problem(tmp_path: Path) -> None:
    assert problem("---\nevil: !!python/name:os.system ''\n---\n")


def test_alias_bomb_is_a_problem_quickly_and_small() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    text = "---\n" + "\n".join(lines) + "\n---\n"
    tracemalloc.start()
    started = time.perf_counter()
    try:
        found = problem(text)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "alias" in found.message
    assert elapsed < 30  # a hang guard: expanding all 10**10 references would take hours
    assert peak < 20_000_000


@pytest.mark.parametrize("front", ["x: &a [*a]\n", "&a [*a]\n", "x: &m {k: *m}\n"])
def test_recursive_alias_is_a_problem(front: str) -> None:
    found = problem(f"---\n{front}---\n")
    assert "recursive" in found.message


# -- edits held by a record ------------------------------------------------------------


@pytest.mark.parametrize(
    "edits",
    [
        (SetValue(("topics",), ["x", "b"]), SetValue(("topics", 0), "a")),
        (SetValue(("topics", 0), "x"), SetValue(("topics",), ["a", "b"])),
    ],
    ids=["parent-then-child", "child-then-parent"],
)
def test_set_back_with_a_parent_or_child_edit(edits: tuple[Any, ...]) -> None:
    text = "---\ntopics:\n  - a\n  - b\n---\n"
    record = load(text)
    for edit in edits:
        record.apply(edit)
    assert record.data == {"topics": ["a", "b"]}
    assert record.current_bytes() == text.encode("utf-8")


@pytest.mark.parametrize(
    ("text", "edits", "expected"),
    [
        (
            "---\ntopics:\n  - a\n---\n",
            (
                SetValue(("topics",), ["a", "b"]),
                SetValue(("topics", 1), "c"),
                SetValue(("topics",), ["x"]),
            ),
            "---\ntopics:\n  - x\n---\n",
        ),
        (
            "---\ntitle: t\n---\n",
            (
                SetValue(("topics",), ["a"]),
                SetValue(("topics", 0), "b"),
                SetValue(("topics",), ["c"]),
            ),
            "---\ntitle: t\ntopics:\n  - c\n---\n",
        ),
    ],
    ids=["existing-list", "added-list"],
)
def test_set_again_after_a_child_edit(text: str, edits: tuple[Any, ...], expected: str) -> None:
    record = load(text)
    for edit in edits:
        record.apply(edit)
    assert record.current_bytes() == expected.encode("utf-8")


def test_save_writes_current_bytes_once(tmp_path: Path) -> None:
    target = tmp_path / "seed.md"
    target.write_bytes(SEEDISH.encode("utf-8"))
    record = load(SEEDISH)
    record.path = target
    assert record.save() is False
    record.apply(SetValue(("quality",), 42))
    assert record.modified
    assert record.save() is True
    assert target.read_bytes() == SEEDISH.replace("quality: 38", "quality: 42").encode("utf-8")
    assert not record.modified
    assert record.save() is False


def test_yaml_load_agrees_with_compose_on_seedish() -> None:
    assert strict_equal(
        yaml.load(split_document(SEEDISH).front, Loader=yaml.CSafeLoader),
        compose(split_document(SEEDISH).front).data,
    )


# -- the last edges of the torture run -----------------------------------------------


@pytest.mark.parametrize(
    ("before", "edit", "after"),
    [
        (
            "{title: T, quality: 5}\n",
            SetValue(("excerpt",), "E"),
            "{title: T, excerpt: E, quality: 5}\n",
        ),
        (
            "{quality: 5,  title: T}\n",
            SetValue(("category",), "news"),
            "{category: news,  quality: 5,  title: T}\n",
        ),
        (
            "{title: T,\n  quality: 5}\n",
            SetValue(("heat",), 3),
            "{title: T,\n  quality: 5,\n  heat: 3}\n",
        ),
    ],
)
def test_a_key_added_to_a_top_level_flow_mapping_goes_where_the_seed_puts_it(
    before: str, edit: Any, after: str
) -> None:
    assert edited(f"---\n{before}---\n", edit) == f"---\n{after}---\n"


@pytest.mark.parametrize(
    ("before", "edit", "after"),
    [
        (
            "? title\n: T\nquality: 5\n",
            SetValue(("excerpt",), "E"),
            '? title\n: T\nexcerpt: "E"\nquality: 5\n',
        ),
        ("? title\n: T\n", SetValue(("category",), "news"), "category: news\n? title\n: T\n"),
        (
            "provider:\n  ? name\n  : A\n",
            SetValue(("provider", "domain"), "a.example"),
            "provider:\n  ? name\n  : A\n  domain: a.example\n",
        ),
    ],
)
def test_a_key_is_added_beside_an_explicit_first_key(before: str, edit: Any, after: str) -> None:
    assert edited(f"---\n{before}---\n", edit) == f"---\n{after}---\n"
