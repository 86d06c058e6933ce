"""Changes in words: values set, list items added, removed, moved and edited."""

from __future__ import annotations

import datetime as dt

from curator.core.changes import describe_changes

A = {"title": "Grid strain", "webUrl": "https://a.example/1"}
B = {"title": "Rhine low water", "webUrl": "https://b.example/2"}
C = {"title": "Keep cool", "webUrl": "https://c.example/3"}


def test_scalars_and_keys() -> None:
    old = {"quality": 69, "published": False, "category": "news", "heat": 3}
    new = {"quality": 70, "published": True, "category": "news", "type": "article"}
    assert describe_changes(old, new) == [
        "quality: 69 → 70",
        "published: false → true",
        "removed heat",
        "added type: article",
    ]


def test_a_reordered_item_is_a_move_not_a_removal_and_an_addition() -> None:
    assert describe_changes({"related": [A, B, C]}, {"related": [C, A, B]}) == [
        "moved related item 3 to 1: Keep cool",
    ]


def test_added_removed_and_edited_items() -> None:
    edited = {**B, "title": "Rhine low water (updated)"}
    assert describe_changes({"related": [A, B]}, {"related": [edited, C]}) == [
        "changed related item 1: Rhine low water (updated)",
        "added related item 2: Keep cool",
        "removed related item 1: Grid strain",
    ]


def test_topics_and_dates() -> None:
    when = dt.datetime(2022, 7, 12, 10, 24, tzinfo=dt.UTC)
    old = {"topics": ["AI", "Climate"], "publishedDateTime": when}
    new = {"topics": ["Climate", "AI", "Energy"], "publishedDateTime": when}
    assert describe_changes(old, new) == [
        "moved topic 2 to 1: Climate",
        "added topic 3: Energy",
    ]
    assert describe_changes(new, new) == []
