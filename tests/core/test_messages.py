"""Problems in a curator's words, each from a real file through the real parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from curator.core.messages import explain
from curator.core.record import Problem, parse_record

CASES = [
    (
        b"---\ntitle: T\nx: !!python/object/apply:os.system ['true']\n---\n",
        "A value is tagged to run Python code (!!python/object/apply:os.system); curator "
        "never runs code from a file and does not open it",
        "could not determine a constructor for the tag",
    ),
    (
        b"---\ntitle: T\nx: !secret 1\n---\n",
        "A value has the tag !secret, which curator does not know: remove the tag to open the file",
        "could not determine a constructor for the tag '!secret'",
    ),
    (
        b"---\ntitle: T\nx: " + b"[" * 2000 + b"]" * 2000 + b"\n---\n",
        "Lists or maps are nested too deeply here; curator does not open the file",
        "front matter is nested too deeply",
    ),
    (
        b"---\ntitle: T\nx: [1, 2\nheat: 3\n---\n",
        "A sequence opened here with '[' or '{' is never closed, or misses a comma",
        "while parsing a flow sequence",
    ),
    (
        b"---\ntitle: a: b\n---\n",
        "A ':' where a value was expected: indent the line like its neighbours, or put a "
        "value that contains ': ' in quotes",
        "mapping values are not allowed",
    ),
    (b"", "The file is empty: there is no record in it", ""),
    (
        b"# Notes\n",
        "No front matter: the file does not start with a '---' line, so it holds no record",
        "",
    ),
]


@pytest.mark.parametrize(("raw", "headline", "detail"), CASES)
def test_parser_problems_read_as_sentences_with_the_parser_text_below(
    tmp_path: Path, raw: bytes, headline: str, detail: str
) -> None:
    problem = parse_record(tmp_path / "r.md", raw)
    assert isinstance(problem, Problem)
    explained = explain(problem.message)
    assert explained.headline == headline
    assert explained.detail.startswith(detail)
    assert (explained.detail == "") is (detail == "")  # curator's own words need no detail


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    raw = b'---\ntitle: T\nexcerpt: "starts here\nquality: 3\nheat: 4\n---\nbody\n'
    problem = parse_record(tmp_path / "r.md", raw)
    assert isinstance(problem, Problem)
    assert (problem.line, problem.column) == (3, 10)  # the opening quote, not the end
    assert explain(problem.message).headline == (
        "A quoted value that starts here is never closed: add the closing quote"
    )


def test_an_unknown_message_is_kept_as_it_is() -> None:
    assert explain("cannot read: Permission denied") == ("Cannot read: Permission denied", "")


def test_libyaml_nesting_limit_reads_as_a_sentence() -> None:
    raw = "while increasing flow level, exceeded maximum nesting depth"  # libyaml >= 0.2.5
    assert explain(raw) == (
        "Lists or maps are nested too deeply here; curator does not open the file",
        raw,
    )
