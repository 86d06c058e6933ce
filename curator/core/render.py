"""Render single YAML values as text that reads back as exactly the same value.

The writer asks for a value in a style (plain, single- or double-quoted) and gets the
closest spelling that is safe: a string stays plain only when YAML would read it back as
that string (so ``yes``, ``012``, ``2024-01-01`` or ``a: b`` get quoted).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import yaml

STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
_PLAIN_FIRST_FORBIDDEN = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_FORBIDDEN = set(",[]{}")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\v": "\\v",
    "\f": "\\f",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
    "\ufeff": "\\uFEFF",
}


def is_scalar(value: Any) -> bool:
    """True for the values one YAML scalar can hold."""
    return value is None or isinstance(value, str | int | float | bool | dt.date)


def plain_safe(text: str, *, flow: bool = False) -> bool:
    """Whether ``text`` can be written unquoted and read back as the same string."""
    if not text or text != text.strip() or text[0] in _PLAIN_FIRST_FORBIDDEN:
        return False
    if any(ch in text for ch in "\n\r\t") or ": " in text or " #" in text or text.endswith(":"):
        return False
    if any(not ch.isprintable() or ch == "\ufeff" for ch in text):
        return False
    if flow and any(ch in _FLOW_FORBIDDEN for ch in text):
        return False
    return bool(_RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == STR_TAG)


def double_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar on one line, non-ASCII kept as is."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif not ch.isprintable() and ch != " ":
            code = ord(ch)
            if code < 0x100:
                out.append(f"\\x{code:02X}")
            elif code <= 0xFFFF:
                out.append(f"\\u{code:04X}")
            else:
                out.append(f"\\U{code:08X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def single_quoted(text: str) -> str | None:
    """``text`` single-quoted, or None when single quotes cannot carry it on one line."""
    if any(not ch.isprintable() and ch != " " for ch in text) or "\ufeff" in text:
        return None
    return "'" + text.replace("'", "''") + "'"


def render_string(text: str, style: str | None, *, flow: bool = False) -> str:
    """A string in the wanted style (``'"'``, ``"'"`` or plain), falling back safely."""
    if style == "'":
        quoted = single_quoted(text)
        if quoted is not None:
            return quoted
    if style in (None, "", "plain") and plain_safe(text, flow=flow):
        return text
    return double_quoted(text)


def render_datetime(value: dt.date, like: str | None) -> str:
    """A date or datetime spelled the way ``like`` (the original text) spelled one."""
    if not isinstance(value, dt.datetime):
        return value.isoformat()
    sep = " " if like and re.match(r"\d{4}-\d\d-\d\d[ \t]", like) else "T"
    text = value.isoformat(sep=sep)
    offset = value.utcoffset()
    if offset is not None and offset == dt.timedelta(0) and (like is None or like.endswith("Z")):
        text = text[: -len("+00:00")] + "Z"
    return text


def render_scalar(
    value: Any, *, style: str | None = None, like: str | None = None, flow: bool = False
) -> str:
    """Any scalar value as YAML text; ``like`` is the text it replaces, for its spelling."""
    if isinstance(value, str):
        if style in ('"', "'"):
            return render_string(value, style, flow=flow)
        return render_string(value, None, flow=flow)
    if value is None:
        return "null" if like is None or like.strip() != "~" else "~"
    if isinstance(value, bool):
        word = "true" if value else "false"
        if like and like.strip()[:1].isupper():
            return word.upper() if like.strip().isupper() else word.capitalize()
        return word
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _render_float(value)
    if isinstance(value, dt.date):
        return render_datetime(value, like)
    raise TypeError(f"cannot write a {type(value).__name__} as a YAML scalar")


def _render_float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "e" in text and "." not in text.split("e")[0]:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text
