"""The window's query table: typing a filter word key by key."""

from __future__ import annotations

from curator.core.query import parse_query
from curator.core.summary import summarize
from curator.core.table import QueryTable

TITLES = [
    "Wind farms off the coast",  # 0
    "Windy city marathon",  # 1
    "Rewind the tape",  # 2: 'wind' inside a word, not at its start
    "Window seats for all",  # 3
    "The wine list",  # 4
    "Over-winding clocks",  # 5: after a hyphen, a word start
    "A swine flu scare",  # 6
    *(f"Harbour report {n}" for n in range(7, 30)),  # 7-29: match nothing typed here
]


def _table(titles: list[str]) -> QueryTable:
    table = QueryTable()
    for row, title in enumerate(titles):
        table.db.execute("INSERT INTO files (id, path) VALUES (?, ?)", (row, f"r{row}.md"))
        table.count += 1
        table.update(row, summarize({"title": title}), [], False)
    return table


def _typed(table: QueryTable, text: str) -> list[int]:
    return [int(row) for row in table.order(parse_query(text), None)]


def test_typing_a_word_key_by_key_finds_what_each_word_finds_alone() -> None:
    table = _table(TITLES)
    statements: list[str] = []
    table.db.set_trace_callback(statements.append)
    assert _typed(table, "w") == [0, 1, 3, 4, 5]
    assert _typed(table, "wi") == [0, 1, 3, 4, 5]
    assert _typed(table, "win") == [0, 1, 3, 4, 5]
    statements.clear()
    assert _typed(table, "wind") == [0, 1, 3, 5]
    # 'wind' looked among the rows 'win' found, not at every row
    assert any("id IN temp.matched_" in s for s in statements)
    assert _typed(table, "windy") == [1]
    assert _typed(table, "wind") == [0, 1, 3, 5]  # a key taken back: every row again
    assert _typed(table, "window") == [3]
    assert _typed(table, "swine") == [6]
    fresh = _table(TITLES)
    for word in ("w", "wi", "win", "wind", "windy", "window", "swine"):
        assert _typed(fresh, word) == _typed(_table(TITLES), word)


def test_an_edit_between_two_keys_counts_for_the_second() -> None:
    table = _table(TITLES)
    assert _typed(table, "win") == [0, 1, 3, 4, 5]
    table.update(7, summarize({"title": "Windmills return"}), [], False)
    table.update(0, summarize({"title": "Calm seas"}), [], False)
    assert _typed(table, "wind") == [1, 3, 5, 7]


def test_a_second_word_or_a_field_is_not_taken_for_more_of_the_first() -> None:
    table = _table(TITLES)
    assert _typed(table, "win") == [0, 1, 3, 4, 5]
    assert _typed(table, "win city") == [1]
    assert _typed(table, "wind") == [0, 1, 3, 5]
    assert _typed(table, "title:wind") == [0, 1, 2, 3, 5]  # a field: anywhere in it
    assert _typed(table, "-wind") == [2, 4, 6, *range(7, 30)]
