"""Cutting a file into front matter and body (:mod:`curator.core.fences`)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.fences import _YAML_CLOSE, FenceError, split_document

PIECES = st.sampled_from(["-", ".", "\n", "\r", " ", "\t", "a", "---", "...", "\n---", "\n..."])


@settings(max_examples=2000, deadline=None)
@given(st.lists(PIECES, max_size=16).map("".join))
def test_the_closing_fence_is_the_first_line_the_fence_pattern_matches(tail: str) -> None:
    text = "---\n" + tail
    expected = _YAML_CLOSE.search(text, 4)
    if expected is None:
        with pytest.raises(FenceError):
            split_document(text)
        return
    split = split_document(text)
    assert split.join() == text
    assert (split.front, split.closing) == (
        text[4 : expected.start()],
        text[expected.start() : expected.end()],
    )


@pytest.mark.parametrize(
    ("text", "front", "closing", "body"),
    [
        ("---\n---\nbody", "", "---\n", "body"),
        ("---\na: 1\n... \r\nbody", "a: 1\n", "... \r\n", "body"),
        ("---\na: 1\n---x\n---\n", "a: 1\n---x\n", "---\n", ""),
        ("---\na: 1\n  ---\n...", "a: 1\n  ---\n", "...", ""),
        ("---\na: 1\n---\rb\n---\n", "a: 1\n---\rb\n", "---\n", ""),
    ],
)
def test_closing_fences_literal(text: str, front: str, closing: str, body: str) -> None:
    split = split_document(text)
    assert (split.front, split.closing, split.body) == (front, closing, body)
