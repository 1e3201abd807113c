"""What an address-book file says about one contact, before it is checked and stored.

The vCard and CSV readers (`tui.vcards`, `tui.csv_formats`) turn each card or row into a
`ContactDraft` of plain text, with dates already in our stored form where they could be read;
`tui.importing` checks the drafts with the contact rules and decides what to create or merge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from .contacts import ContactText

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_ISO_DAY = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$")
_YEARLESS = re.compile(r"^--(\d{2})-?(\d{2})(?:[T ].*)?$")
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})$")
_WORDY_DAY_FIRST = re.compile(r"^(\d{1,2})\.?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_WORDY_MONTH_FIRST = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_EMPTY_DATES = {"0/0/00", "0/0/0000", "00/00/0000", "0.0.00", "00.00.0000", "0000-00-00", "00000000"}
YEARLESS_YEARS = {"0000", "1604"}
"""Years that mean "no year": 1604 is what Apple writes with X-APPLE-OMIT-YEAR, 0000 what some phones write."""


@dataclass
class ContactDraft(ContactText):
    """One contact as a file gives it: every value as text, lists in file order.

    Beyond what a form gives: `links` (web addresses), `external_id` (the card's UID or a stable
    key of the row, so the same file imported again finds the same contacts) and `created_at`;
    `vip`, `active` and `archived` are None when the file does not say (a merge then leaves
    them alone).
    """

    cadence_days: str = ""
    vip: bool | None = None
    active: bool | None = None
    custom: dict[str, str] = field(default_factory=dict)  # custom field name -> value as written
    links: list[str] = field(default_factory=list)
    archived: bool | None = None
    external_id: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True)
class SourceItem:
    """One card or row read from a file: its draft, or why it could not be read.

    `where` names it for people ("card 3", "line 12", "anna.vcf"); `line` is the line of
    the file it starts on (None for a file of a folder that could not be opened).
    """

    where: str
    line: int | None
    draft: ContactDraft | None = None
    reason: str = ""


def add_unique(values: list[str], value: str) -> None:
    """Append `value` (trimmed) unless it is empty or already there."""
    cleaned = value.strip()
    if cleaned and cleaned not in values:
        values.append(cleaned)


def join_name(*parts: str) -> str:
    """Name parts joined by single spaces, empty ones left out."""
    return " ".join(part.strip() for part in parts if part and part.strip())


def _checked_day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _yearless(month: int, day: int) -> str | None:
    # 2000 is a leap year, so 29 February passes.
    return f"--{month:02d}-{day:02d}" if _checked_day(2000, month, day) else None


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # Outlook's short years: 00-29 are this century, the rest the last one
        year += 2000 if year < 30 else 1900
    return year


def yearly_date(text: str, month_first: bool = True, omit_year: bool = False) -> str:
    """A birthday or anniversary as stored (`YYYY-MM-DD` or `--MM-DD`), "" for none, or `text` unread.

    Reads ISO dates with or without dashes (and a time after them), `--MM-DD` and `--MMDD`,
    `14 Mar 1985`, `March 14, 1985`, `14.03.1985`, and slashed dates month first (day first
    when the first number cannot be a month, or when `month_first` is False). A year of 0000
    or 1604, or `omit_year` (Apple's X-APPLE-OMIT-YEAR), means the year is unknown. What
    cannot be read is returned as it was, for the caller to report.
    """
    raw = text.strip()
    if not raw or raw in _EMPTY_DATES:
        return ""
    found = _read_day(raw, month_first, omit_year)
    return found if found is not None else raw


def _read_day(raw: str, month_first: bool, omit_year: bool) -> str | None:
    yearless = _YEARLESS.match(raw)
    if yearless:
        return _yearless(int(yearless.group(1)), int(yearless.group(2)))
    iso = _ISO_DAY.match(raw)
    if iso:
        year, month, day = iso.groups()
        if omit_year or year in YEARLESS_YEARS:
            return _yearless(int(month), int(day))
        return _checked_day(int(year), int(month), int(day))
    numeric = _NUMERIC.match(raw)
    if numeric:
        first, separator, second, year = numeric.groups()
        month, day = int(first), int(second)
        if separator == "." or not month_first or month > 12:
            month, day = day, month
        if omit_year:
            return _yearless(month, day)
        return _checked_day(_full_year(year), month, day)
    for pattern, day_group, month_group in ((_WORDY_DAY_FIRST, 1, 2), (_WORDY_MONTH_FIRST, 2, 1)):
        wordy = pattern.match(raw)
        if wordy and wordy.group(month_group).lower() in MONTHS:
            month = MONTHS[wordy.group(month_group).lower()]
            if omit_year:
                return _yearless(month, int(wordy.group(day_group)))
            return _checked_day(int(wordy.group(3)), month, int(wordy.group(day_group)))
    return None


def moment(text: str, month_first: bool = True) -> datetime | None:
    """A day or moment a file gives for "added on" (e.g. LinkedIn's `12 Mar 2021`), as naive UTC; None if unread."""
    raw = text.strip()
    if not raw:
        return None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        day = _read_day(raw, month_first, omit_year=False)
        return datetime.fromisoformat(day) if day and not day.startswith("--") else None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed
