"""``curator detach FILE INDEX|WEBURL``: ASCII indexes from 0, and no guessing.

An index is ASCII digits counted from 0, as in ``related.0.title``; a webUrl removes the
one item that has it. Anything else (``²``, ``١``, ``-1``, an index past the end, a
webUrl two items share) is refused in one line naming the file, which stays unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from curator.cli import main

RECORD = """\
---
title: Host
related:
  - title: First
    webUrl: https://example.org/a
  - title: Second
    webUrl: https://example.org/b
  - title: Third
    webUrl: https://example.org/a
  - title: Odd
    webUrl: "-1"
---
Body.
"""


@pytest.fixture
def host(tmp_path: Path) -> Path:
    path = tmp_path / "host.md"
    path.write_text(RECORD, encoding="utf-8")
    return path


def _without(*titles: str) -> str:
    """RECORD without the items of these titles (each item is two lines)."""
    lines = RECORD.splitlines(keepends=True)
    for title in titles:
        at = lines.index(f"  - title: {title}\n")
        del lines[at : at + 2]
    return "".join(lines)


@pytest.mark.parametrize(
    ("which", "said"),
    [
        ("²", "'²' is not an index (0 to 3, in ASCII digits) or a related item's webUrl"),
        ("١", "'١' is not an index (0 to 3, in ASCII digits) or a related item's webUrl"),
        ("+1", "'+1' is not an index (0 to 3, in ASCII digits) or a related item's webUrl"),
        ("", "'' is not an index (0 to 3, in ASCII digits) or a related item's webUrl"),
        ("4", "host.md has 4 related items, no item 4 (0 to 3, in ASCII digits)"),
        (
            "9" * 5000,
            "host.md has 4 related items, no item 999999999999… (0 to 3, in ASCII digits)",
        ),
        ("https://example.org/a", "2 related items have that webUrl: 0, 2; give the index"),
        ("https://example.org/c", "host.md has no related item with webUrl https://example.org/c"),
    ],
)
def test_what_is_not_one_item_is_refused_in_one_line(
    host: Path, capsys: pytest.CaptureFixture[str], which: str, said: str
) -> None:
    assert main(["detach", str(host), which]) == 1
    assert capsys.readouterr() == ("", f"{host}: {said}\n")
    assert host.read_text(encoding="utf-8") == RECORD


@pytest.mark.parametrize(
    ("which", "removed"),
    [
        ("0", "First"),
        ("2", "Third"),
        ("03", "Odd"),
        ("https://example.org/b", "Second"),
        ("-1", "Odd"),  # not an index, but exactly one item's webUrl
    ],
)
def test_one_item_is_removed_and_nothing_else_changes(host: Path, which: str, removed: str) -> None:
    assert main(["detach", str(host), which]) == 0
    assert host.read_text(encoding="utf-8") == _without(removed)


def test_minus_one_is_refused_when_no_item_has_it_as_its_weburl(
    host: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["detach", str(host), "3"]) == 0  # the item whose webUrl is "-1"
    capsys.readouterr()
    assert main(["detach", str(host), "-1"]) == 1
    assert capsys.readouterr().err == (
        f"{host}: '-1' is not an index (0 to 2, in ASCII digits) or a related item's webUrl\n"
    )
    assert host.read_text(encoding="utf-8") == _without("Odd")
