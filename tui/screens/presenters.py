"""How domain values look on screen: status badges, dates in the user's time zone, the VIP mark."""

from __future__ import annotations

from datetime import datetime, tzinfo

from rich.text import Text
from textual.app import App

from .. import clock
from ..contacts import HIT_UP, STATUS_LABELS

VIP_MARK = "★"
NEVER = "never"


def status_badge(app: App, status: str) -> Text:
    """The hit-up status as a coloured badge, in the colours of the current theme."""
    colours = app.get_css_variables()
    tone = "warning" if status == HIT_UP else "success"
    return Text(
        f" {STATUS_LABELS.get(status, status)} ", style=f"bold {colours[f'text-{tone}']} on {colours[f'{tone}-muted']}"
    )


def local_date(moment: datetime | None, tz: tzinfo) -> str:
    """A stored moment as its date in the user's time zone, or "never"."""
    if moment is None:
        return NEVER
    return clock.local(moment, tz).strftime("%Y-%m-%d")


def contact_name(name: str, vip: bool) -> Text:
    """A contact's name, marked when the contact is a VIP; never read as markup."""
    if vip:
        return Text.assemble((VIP_MARK + " ", "bold"), name)
    return Text(name)


def today_label(tz: tzinfo) -> str:
    """Today's date in `tz`, as the header shows it: "Fri 20 Nov 2026"."""
    return clock.now().astimezone(tz).strftime("%a %d %b %Y")
