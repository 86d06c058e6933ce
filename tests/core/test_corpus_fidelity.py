"""Fidelity on the real-world corpus: no-op sets, one-line edits, untouched bodies.

Every file of ``shared/corpus/realworld`` that parses, plus the seed, is copied to a
temporary folder and edited through the command line's code path. The corpus is not part
of this repository: without ``../shared`` (or ``CURATOR_SHARED``) these tests skip.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from paths import CORPUS, CORPUS_MISSING, SEED

from curator.core.edits import SetValue, strict_equal
from curator.core.record import Record, load_record
from curator.core.yamlsafe import compose

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=CORPUS_MISSING)

VALUES = {
    "int": 4242,
    "bool": True,
    "text": "Curated: a # b, 'single' and \"double\" — café ✓",
}


def _corpus_files() -> list[Path]:
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".md", ".markdown"))
    return [*files, SEED]


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("corpus")
    out = []
    for index, source in enumerate(_corpus_files()):
        target = root / f"{index:04d}_{source.stem}.md"
        shutil.copyfile(source, target)
        out.append(target)
    return out


def _records(paths: list[Path]) -> list[Record]:
    return [r for r in map(load_record, paths) if isinstance(r, Record) and not r.readonly]


def _single_line_scalar_key(record: Record) -> str | None:
    node = compose(record.split.front).node
    if node is None:
        return None
    for key, value in node.value:
        is_line = value.start_mark.line == value.end_mark.line and value.style not in ("|", ">")
        if value.id == "scalar" and is_line and value.start_mark.index != value.end_mark.index:
            return str(key.value)
    return None


def test_corpus_is_there(copies: list[Path]) -> None:
    assert len(copies) >= 1500
    assert len(_records(copies)) >= 1500


def test_noop_set_keeps_bytes_and_mtime(copies: list[Path]) -> None:
    checked = 0
    for record in _records(copies):
        before = record.path.read_bytes()
        mtime = record.path.stat().st_mtime_ns
        for key, value in list(record.data.items())[:3]:
            record.apply(SetValue((key,), value))
        assert record.save() is False, record.path
        assert record.path.read_bytes() == before, record.path
        assert record.path.stat().st_mtime_ns == mtime
        checked += 1
    assert checked >= 1500


@pytest.mark.parametrize("kind", sorted(VALUES))
def test_one_scalar_edit_changes_one_line(copies: list[Path], kind: str) -> None:
    value = VALUES[kind]
    edited = 0
    for record in _records(copies):
        key = _single_line_scalar_key(record)
        if key is None:
            continue
        before = record.path.read_bytes()
        record.apply(SetValue((key,), value))
        record.save()
        after = record.path.read_bytes()
        old_lines = before.decode("utf-8").splitlines(keepends=True)
        new_lines = after.decode("utf-8").splitlines(keepends=True)
        changed = [d for d in difflib.ndiff(old_lines, new_lines) if d[:1] in "+-"]
        assert len(changed) == 2, (record.path, changed)
        reread = load_record(record.path)
        assert isinstance(reread, Record)
        assert strict_equal(reread.data[key], value), record.path
        assert reread.split.body == record.split.body
        body = record.split.body.encode("utf-8")
        assert after.endswith(body)
        edited += 1
        # put the file back for the next kind of value
        record.path.write_bytes(before)
    assert edited >= 1500
