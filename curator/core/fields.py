"""Reading record fields tolerantly: values straight from YAML may be missing or of the
wrong type, and views must show something sensible instead of failing."""

from __future__ import annotations

import datetime as dt
from typing import Any


def read_date(value: Any) -> tuple[dt.datetime | None, str | None]:
    """The one date reader: the moment a front-matter date means (naive and date-only
    values are UTC) and why the value is odd, or None when it is a plain timestamp."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.replace(tzinfo=dt.UTC), "no time zone — read as UTC"
        return value, None
    if isinstance(value, dt.date):
        return dt.datetime(
            value.year, value.month, value.day, tzinfo=dt.UTC
        ), "a date without a time"
    if value is None:
        return None, None
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None, f"{describe(value)} — not a date"
        return read_date(moment)[0], f"the text {describe(value)}, not a timestamp"
    return None, f"{describe(value)} — not a date"


def as_datetime(value: Any) -> dt.datetime | None:
    """A front-matter date as an aware datetime (naive and date-only values are UTC)."""
    return read_date(value)[0]


def shorten(text: str, head: int = 24, tail: int = 8) -> str:
    """``text`` cut to its first ``head`` and last ``tail`` characters."""
    return text if len(text) <= head + tail + 1 else f"{text[:head]}…{text[-tail:]}"


def describe(value: Any) -> str:
    """A value as a flag shows it: text quoted, YAML spelling for the rest."""
    if isinstance(value, str):
        return f"“{shorten(value, 30, 0)}”"
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a mapping"
    try:
        return str(value)
    except ValueError:  # an integer too long for str()
        return f"a {type(value).__name__} too long to show"


def local_date(value: Any) -> str:
    """A date as a short readable local date (``12 Jul 2022``); odd values as text."""
    when = as_datetime(value)
    if when is None:
        return "" if value is None else str(value)
    date_only = isinstance(value, str) and len(value.strip()) <= 10
    if date_only or not isinstance(value, dt.datetime | str):
        return f"{when.day} {when:%b %Y}"  # a date without a time: no zone to convert
    local = when.astimezone()
    return f"{local.day} {local:%b %Y}"


def provider_name(item: dict[str, Any]) -> str:
    """The provider's name (or domain) of an article mapping."""
    provider = item.get("provider")
    if isinstance(provider, dict):
        return str(provider.get("name") or provider.get("domain") or "")
    return "" if provider is None else str(provider)


def number(value: Any) -> int | float | None:
    """``value`` when it is a number (a bool is not one)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return None


def quality_of(item: dict[str, Any]) -> int | float | None:
    """The article's quality when it is a number."""
    return number(item.get("quality"))


def is_score(value: Any) -> bool:
    """Whether ``value`` is a whole number from 0 to 100, as quality and heat should be."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100


def first_image_url(item: dict[str, Any]) -> str:
    """The url of the article's first image, or an empty string."""
    images = item.get("images")
    if isinstance(images, list) and images and isinstance(images[0], dict):
        url = images[0].get("url")
        return url.strip() if isinstance(url, str) else ""
    return ""
