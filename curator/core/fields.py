"""Reading record fields tolerantly: values straight from YAML may be missing or of the
wrong type, and views must show something sensible instead of failing."""

from __future__ import annotations

import datetime as dt
from typing import Any


def as_datetime(value: Any) -> dt.datetime | None:
    """A front-matter date as an aware datetime (naive and date-only values are UTC)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if isinstance(value, str):
        try:
            return as_datetime(dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
        except ValueError:
            return None
    return None


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
