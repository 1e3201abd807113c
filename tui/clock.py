"""The one source of "now": real time, or a moment fixed by `--now`, `CRM_NOW` or a test."""

from __future__ import annotations

import functools
import os
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .errors import ValidationError
from .terminal_text import quoted

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


NOT_ZONES = frozenset({"localtime", "Factory", "posixrules", "leapseconds", "leap-seconds.list", "tzdata.zi"})
"""Files of the zone database that are not time zones: this machine's setting, a placeholder, rule templates."""


def _not_a_zone(name: str) -> bool:
    return name in NOT_ZONES or name.startswith(("posix/", "right/")) or name.endswith((".tab", ".zi", ".list"))


def zone(name: str) -> ZoneInfo:
    """The time zone called `name`, or a ValidationError that says it is unknown."""
    try:
        if not name or name != name.strip() or _not_a_zone(name):
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValidationError(
            "timezone", f"unknown time zone {quoted(name)}: use an IANA name such as Europe/Berlin"
        ) from None


def canonical_zone(name: str) -> str:
    """The IANA name for the zone `name` as the database spells it: its case put right, an old alias
    (Asia/Calcutta, US/Pacific) read as the zone it stands for (Asia/Kolkata, America/Los_Angeles); a
    ValidationError for anything else, such as `localtime` or `Factory`. UTC stays UTC."""
    names = {known.lower(): known for known in all_zone_names()}
    spelled = names.get(name.strip().lower())
    if spelled is None:
        zone(name)  # raises the error that names the zone
        raise ValidationError("timezone", f"unknown time zone {quoted(name)}: use an IANA name such as Europe/Berlin")
    if spelled in ("UTC", "Etc/UTC"):
        return "UTC"
    return _links().get(spelled, spelled)


@functools.cache
def _links() -> dict[str, str]:
    """Alias -> zone from the database's tzdata.zi where the system has one (the `tzdata` wheel does not)."""
    import zoneinfo

    for folder in zoneinfo.TZPATH:
        source = Path(folder) / "tzdata.zi"
        if source.is_file():
            links = {}
            for line in source.read_text(encoding="utf-8", errors="replace").splitlines():
                parts = line.split()
                if len(parts) == 3 and parts[0] == "L":
                    links[parts[2]] = parts[1]
            return links
    return {}


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
    """Every IANA zone name, sorted, for pickers (the database's files that are no zones left out)."""
    return sorted(name for name in available_timezones() if not _not_a_zone(name))
