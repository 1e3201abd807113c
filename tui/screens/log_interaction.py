"""Logging an interaction (or editing one): contact, medium, when, type, notes, outcome, follow-up."""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Select, Static

from .. import clock, contacts, interactions, settings, sharing
from ..errors import CrmError
from ..interactions import MEDIUM_LABELS, InteractionInput
from ..scope import Actor
from ..widgets.field import Field, text_area, text_input
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain
from .confirm import ConfirmDialog
from .contact_picker import ContactPickerScreen
from .forms import clear_errors, dismiss_unless_changed, submit

DEFAULT_MEDIUM = "phone"
FIELDS = ("medium", "when", "type", "notes", "outcome", "follow_up")
"""The InteractionInput fields the form edits, in order; each has a Field with id `field-<name>`."""


def medium_options() -> list[tuple[str, str]]:
    """(label, code) for the medium Select."""
    return [(label, code) for code, label in MEDIUM_LABELS.items()]


def input_from(actor: Actor, interaction_id: int) -> tuple[int, InteractionInput]:
    """A stored interaction's contact and values, as the form shows them."""
    stored = interactions.get_interaction(actor, interaction_id)
    moment = clock.local(stored.occurred_at, actor.tz).strftime("%Y-%m-%d %H:%M")
    return stored.contact_id, InteractionInput(
        medium=stored.medium,
        when=moment,
        type=stored.type,
        notes=stored.notes,
        outcome=stored.outcome,
        follow_up=stored.follow_up_on or "",
    )


class LogInteractionScreen(ModalScreen[int | None]):
    """Dismisses with the saved interaction's id, or None when cancelled.

    Without a contact it opens the contact picker first; `prefill` sets the starting values
    (quick links prefill the medium); `interaction_id` edits a stored interaction instead.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="log.save", tooltip="Save the interaction"),
        Binding("ctrl+o", "pick_contact", "Contact", id="log.contact", tooltip="Choose another contact"),
        Binding("escape", "cancel", "Cancel", id="log.cancel", tooltip="Close; asks first when something changed"),
    ]

    def __init__(
        self,
        actor: Actor,
        contact_id: int | None = None,
        *,
        prefill: InteractionInput | None = None,
        interaction_id: int | None = None,
    ) -> None:
        super().__init__()
        self.actor = actor
        self.interaction_id = interaction_id
        if interaction_id is not None:
            contact_id, prefill = input_from(actor, interaction_id)
        else:
            days = settings.read_settings(actor)["followup_days"]
            prefill = replace(
                InteractionInput(when="now", follow_up=f"+{days}d"),
                **{name: value for name, value in vars(prefill or InteractionInput()).items() if value},
            )
        self.contact_id = contact_id
        self.initial = replace(prefill, medium=prefill.medium or DEFAULT_MEDIUM)

    def compose(self) -> ComposeResult:
        start = self.initial
        with Vertical(id="log-box"):
            yield Static("Edit interaction" if self.interaction_id else "Log an interaction", id="log-title")
            yield Plain(id="log-contact")
            with VerticalScroll(id="log-fields"):
                yield Field(
                    "Medium",
                    Select(medium_options(), value=start.medium, allow_blank=False, compact=True, id="input-medium"),
                    name="medium",
                )
                yield Field(
                    "When",
                    text_input(start.when, "now, yesterday 18:00, -2d, 2026-11-20 14:30", id="input-when"),
                    name="when",
                )
                yield Field(
                    "Type", text_input(start.type, "call, coffee, meeting, message…", id="input-type"), name="type"
                )
                yield Field("Notes", text_area(start.notes, id="input-notes"), name="notes")
                yield Field("Outcome", text_input(start.outcome, "what came of it", id="input-outcome"), name="outcome")
                yield Field(
                    "Follow-up",
                    text_input(start.follow_up, "+3d, +1w or YYYY-MM-DD; empty for none", id="input-follow_up"),
                    name="follow_up",
                )
        yield CrmFooter()

    def on_mount(self) -> None:
        self._show_contact()
        if self.contact_id is None:
            self.action_pick_contact()
        else:
            self.query_one("#input-medium", Select).focus()

    def _show_contact(self) -> None:
        line = self.query_one("#log-contact", Plain)
        if self.contact_id is None:
            line.update(Text("with nobody yet: ctrl+o chooses"))
            return
        try:
            name = sharing.contact_name(self.actor, self.contact_id)  # yours, or shared with you
        except CrmError as error:
            name = str(error)
        line.update(Text.assemble("with ", (name, "bold")))

    def field(self, name: str) -> Field:
        """The form field that edits `name`."""
        return self.query_one(f"#field-{name}", Field)

    def typed(self) -> InteractionInput:
        """Everything typed in the form, as the domain takes it."""
        medium = self.query_one("#input-medium", Select).value
        return InteractionInput(
            medium=medium if isinstance(medium, str) else "",
            when=self.field("when").value,
            type=self.field("type").value,
            notes=self.field("notes").value,
            outcome=self.field("outcome").value,
            follow_up=self.field("follow_up").value,
        )

    def action_pick_contact(self) -> None:
        self.app.push_screen(ContactPickerScreen(self.actor, "Log an interaction with…"), self._picked)

    def _picked(self, contact_id: int | None) -> None:
        if contact_id:
            self.contact_id = contact_id
            self._show_contact()
            self.query_one("#input-medium", Select).focus()
        elif self.contact_id is None:
            self.dismiss(None)  # the picker was the first step: cancelling it cancels logging

    def action_save(self) -> None:
        if self.contact_id is None:
            clear_errors(self)
            self.notify("choose a contact first (ctrl+o)", severity="error")
            return
        saved = submit(
            self,
            lambda: (
                interactions.log_interaction(self.actor, self.contact_id, self.typed())
                if self.interaction_id is None
                else interactions.edit_interaction(self.actor, self.interaction_id, self.typed())
            ),
        )
        if saved is not None:
            self.dismiss(saved.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick_contact":
            return self.interaction_id is None  # an interaction stays with its contact
        return True

    def action_cancel(self) -> None:
        # What was typed against how the form started: choosing the contact alone is not typing.
        dismiss_unless_changed(
            self,
            self.initial,
            None,
            current=self.typed(),
            question="Discard this interaction? What you typed will be lost.",
        )


class InteractionDialog(ModalScreen[str | None]):
    """One interaction with every field; dismisses with "changed", "deleted" or None (nothing changed)."""

    BINDINGS = [
        Binding("e", "edit", "Edit", id="interaction.edit", tooltip="Edit this interaction"),
        Binding("ctrl+d", "delete", "Delete", id="interaction.delete", tooltip="Delete this interaction"),
        Binding("o", "open_contact", "Contact", id="interaction.contact", tooltip="Open the contact"),
        Binding("escape", "close", "Close", id="interaction.close", tooltip="Close"),
    ]

    def __init__(self, actor: Actor, interaction_id: int) -> None:
        super().__init__()
        self.actor = actor
        self.interaction_id = interaction_id
        self.changed = False
        self.contact_id: int | None = None
        self.contact_name = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="interaction-box"):
            yield Plain("Interaction", id="interaction-title")
            with VerticalScroll(id="interaction-body"):
                yield Plain(id="interaction-fields")
        yield CrmFooter()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the interaction again and show every field."""
        try:
            stored = interactions.get_interaction(self.actor, self.interaction_id)
            self.contact_name = contacts.get_contact(self.actor, stored.contact_id).name
        except CrmError as error:
            self.notify(str(error), severity="error")
            self.dismiss("changed" if self.changed else None)
            return
        self.contact_id = stored.contact_id
        self.query_one("#interaction-title", Plain).update(
            Text.assemble(
                (MEDIUM_LABELS.get(stored.medium, stored.medium), "bold"), " with ", (self.contact_name, "bold")
            )
        )
        self.query_one("#interaction-fields", Plain).update(interaction_table(self.actor, stored))

    def action_edit(self) -> None:
        self.app.push_screen(LogInteractionScreen(self.actor, interaction_id=self.interaction_id), self._edited)

    def _edited(self, saved: int | None) -> None:
        if saved is not None:
            self.changed = True
            self.notify("Interaction saved")
            self.reload()

    def action_delete(self) -> None:
        question = f"Delete this interaction with {self.contact_name}? The audit log keeps a copy."
        self.app.push_screen(ConfirmDialog(question, "Delete"), self._delete_confirmed)

    def _delete_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        try:
            interactions.delete_interaction(self.actor, self.interaction_id)
        except CrmError as error:
            self.notify(str(error), severity="error")
            return
        self.notify("Interaction deleted")
        self.dismiss("deleted")

    def action_open_contact(self) -> None:
        from .contact_detail import ContactDetailScreen  # here: the detail screen may offer logging itself

        if self.contact_id is not None:
            self.dismiss("changed" if self.changed else None)
            self.app.push_screen(ContactDetailScreen(self.actor, self.contact_id))

    def action_close(self) -> None:
        self.dismiss("changed" if self.changed else None)


def interaction_table(actor: Actor, stored) -> Table:
    """Every field of a stored interaction as a two-column grid."""

    def moment(value) -> str:
        return clock.local(value, actor.tz).strftime("%a %d %b %Y %H:%M") if value else "—"

    follow_up = stored.follow_up_on or "—"
    if stored.follow_up_on and stored.follow_up_done_at:
        follow_up += "  (done)"
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", justify="right", no_wrap=True)
    grid.add_column()
    for label, value in (
        ("When", moment(stored.occurred_at)),
        ("Medium", MEDIUM_LABELS.get(stored.medium, stored.medium)),
        ("Type", stored.type or "—"),
        ("Outcome", stored.outcome or "—"),
        ("Follow-up", follow_up),
        ("Notes", stored.notes or "—"),
        ("Logged", moment(stored.created_at)),
        ("Changed", moment(stored.updated_at)),
    ):
        grid.add_row(label, Text(value))
    return grid


def contact_in_view(app) -> int | None:
    """The contact the current screen shows (a full screen with `.contact_id`), looking past the palette."""
    for screen in reversed(app.screen_stack):
        if isinstance(screen, CommandPalette):
            continue
        if isinstance(screen, ModalScreen):
            return None
        return getattr(screen, "contact_id", None)
    return None
