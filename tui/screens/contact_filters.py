"""The contact list's filters: tag, relationship, industry, VIPs, active or not, archived."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, Static, Switch

from .. import contacts
from ..contacts import ContactFilter
from ..errors import ValidationError
from ..scope import Actor
from ..widgets.field import Field, text_input
from ..widgets.footer import CrmFooter
from ..widgets.plain import plain_choices
from .forms import clear_errors, field_values, selected, submit

ACTIVE_CHOICES = (("active only", "active"), ("inactive only", "inactive"))
ACTIVE_VALUES = {"active": True, "inactive": False, "": None}


def describe(spec: ContactFilter) -> list[str]:
    """The filters of `spec` that narrow the list, in words ("tag navy", "VIPs only"); the search is left out."""
    parts = []
    if spec.tag:
        parts.append(f"tag {spec.tag}")
    if spec.relationship:
        parts.append(spec.relationship)
    if spec.industry:
        parts.append(spec.industry)
    if spec.vip:
        parts.append("VIPs only")
    if spec.active is not None:
        parts.append("active only" if spec.active else "inactive only")
    if spec.archived:
        parts.append("archived")
    return parts


def without_filters(spec: ContactFilter) -> ContactFilter:
    """`spec` with its search kept and every filter dropped."""
    return ContactFilter(search=spec.search)


def _choices(values: list[str], current: str) -> list[tuple[str, str]]:
    offered = values + ([current] if current and current not in values else [])
    return plain_choices((value, value) for value in offered)


class ContactFiltersDialog(ModalScreen[ContactFilter | None]):
    """Dismisses with the new filter (the search kept as it was), or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "apply", "Apply", id="filters.apply", tooltip="Apply these filters"),
        Binding("ctrl+r", "reset", "Reset", id="filters.reset", tooltip="Empty every filter"),
        Binding("escape", "cancel", "Cancel", id="filters.cancel", tooltip="Close, keeping the filters as they were"),
    ]

    def __init__(self, actor: Actor, current: ContactFilter) -> None:
        super().__init__()
        self.actor = actor
        self.current = current
        self.tags: list[str] = []

    def compose(self) -> ComposeResult:
        # Three small indexed reads of the user's own names: done before the first frame.
        self.tags = contacts.all_tags(self.actor)
        spec = self.current
        active = {True: "active", False: "inactive"}.get(spec.active, Select.NULL)
        with Vertical(id="filters-box"):
            yield Static("Filter contacts", id="filters-title")
            yield Field(
                "Tag",
                text_input(
                    spec.tag,
                    "any tag (→ completes)",
                    id="filter-tag",
                    suggester=SuggestFromList(self.tags, case_sensitive=False),
                ),
                name="tag",
            )
            for kind, label in (("relationship", "Relationship"), ("industry", "Industry")):
                value = getattr(spec, kind)
                yield Field(
                    label,
                    Select(
                        _choices(contacts.options(self.actor, kind), value),
                        prompt="any",
                        value=value or Select.NULL,
                        compact=True,
                        id=f"filter-{kind}",
                    ),
                    name=kind,
                )
            yield Field("VIPs only", Switch(bool(spec.vip), id="filter-vip"), name="vip")
            yield Field(
                "Active",
                Select(ACTIVE_CHOICES, prompt="active and inactive", value=active, compact=True, id="filter-active"),
                name="active",
            )
            yield Field("Archived", Switch(spec.archived, id="filter-archived"), name="archived")
            yield Static("Archived on: show the archived contacts instead of the others", id="filters-hint")
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one("#filter-tag", Input).focus()

    def chosen(self) -> ContactFilter:
        """The filter as the dialog shows it now; ValidationError for a tag nobody has."""
        values = field_values(self)
        tag = values["tag"].strip().lstrip("#")
        if tag:
            known = {name.casefold(): name for name in self.tags}
            if tag.casefold() not in known:
                raise ValidationError("tag", f"no contact has the tag “{tag}”")
            tag = known[tag.casefold()]
        return replace(
            self.current,
            tag=tag,
            relationship=selected(values["relationship"]),
            industry=selected(values["industry"]),
            vip=True if values["vip"] else None,
            active=ACTIVE_VALUES[selected(values["active"])],
            archived=bool(values["archived"]),
        )

    @on(Input.Submitted, "#filter-tag")
    def action_apply(self) -> None:
        chosen = submit(self, self.chosen)
        if chosen is not None:
            self.dismiss(chosen)

    def action_reset(self) -> None:
        clear_errors(self)
        self.query_one("#filter-tag", Input).value = ""
        for select in self.query(Select).results(Select):
            select.clear()
        for switch in self.query(Switch).results(Switch):
            switch.value = False

    def action_cancel(self) -> None:
        self.dismiss(None)
