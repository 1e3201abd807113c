"""The one source of "now": real time, or a moment fixed by `--now`, `CRM_NOW` or a test."""

from __future__ import annotations

import os
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .errors import ValidationError

_fixed: datetime | None = None


def now() -> datetime:
    """The current moment, timezone-aware, in UTC."""
    if _fixed is not None:
        return _fixed
    return datetime.now(UTC)


def utcnow() -> datetime:
    """The current moment as a naive UTC datetime, the form the database stores."""
    return now().replace(tzinfo=None)


def fix(moment: datetime | None) -> None:
    """Freeze the clock at `moment` (aware, or naive meaning UTC); None lets it run again."""
    global _fixed
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    _fixed = moment.astimezone(UTC) if moment is not None else None


def is_fixed() -> bool:
    """Whether the clock is frozen."""
    return _fixed is not None


def zone(name: str) -> ZoneInfo:
    """The time zone called `name`, or a ValidationError that says it is unknown."""
    try:
        if not name or name != name.strip():
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValidationError(
            "timezone", f"unknown time zone {name!r}: use an IANA name such as Europe/Berlin"
        ) from None


def is_zone(name: str) -> bool:
    """Whether `name` is a known IANA time zone."""
    try:
        zone(name)
    except ValidationError:
        return False
    return True


def detect_timezone() -> str:
    """This machine's IANA time zone name ($TZ, /etc/timezone, /etc/localtime), else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    etc_timezone = Path("/etc/timezone")
    if etc_timezone.is_file():
        candidates.append(etc_timezone.read_text(encoding="utf-8", errors="replace").strip())
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        if name and is_zone(name):
            return name
    return "UTC"


def local(moment: datetime, tz: tzinfo) -> datetime:
    """A stored moment (naive UTC or aware) seen in time zone `tz`."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz)


def to_storage(moment: datetime) -> datetime:
    """An aware moment converted to the naive UTC form the database stores."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def iso_utc(moment: datetime | None) -> str | None:
    """A stored moment as ISO 8601 in UTC with a Z, as JSON output wants it."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat() + "Z"


def all_zone_names() -> list[str]:
    """Every IANA zone name, sorted, for pickers."""
    return sorted(available_timezones())
