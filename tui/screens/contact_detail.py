"""One contact with every field, and the keys that change it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from .. import contacts
from ..errors import CrmError
from ..scope import Actor
from .base import CrmScreen
from .confirm import ConfirmDialog
from .contact_form import ContactFormScreen
from .presenters import VIP_MARK, local_date, status_badge

if TYPE_CHECKING:
    from ..models import Contact

ROWS = (
    ("emails", "E-mails"), ("phones", "Phones"), ("whatsapp", "WhatsApp"), ("instagram", "Instagram"),
    ("company", "Company"), ("title", "Title"), ("relationship", "Relationship"), ("industry", "Industry"),
    ("location", "Location"), ("address", "Address"), ("tags", "Tags"), ("birthday", "Birthday"),
    ("anniversary", "Anniversary"), ("picture_url", "Picture"), ("cadence_days", "Cadence (days)"),
    ("last_contacted", "Last contacted"), ("active", "Active"), ("created_at", "Added"), ("notes", "Notes"),
)
"""The fields shown, in order, with their labels."""


class ContactDetailScreen(CrmScreen):
    """Every field of one contact; edit, VIP, archive and delete from the keyboard."""

    BINDINGS = [
        Binding("e", "edit", "Edit", id="contact.edit"),
        Binding("v", "toggle_vip", "VIP", id="contact.vip", tooltip="Mark or unmark as VIP"),
        Binding("x", "toggle_archived", "Archive", id="contact.archive", tooltip="Archive, or restore when archived"),
        Binding("ctrl+d", "delete", "Delete", id="contact.delete"),
        Binding("escape", "back", "Back", id="contact.back"),
    ]

    def __init__(self, actor: Actor, contact_id: int) -> None:
        super().__init__(actor)
        self.contact_id = contact_id
        self.details: dict[str, Any] = {}
        self.contact: Contact | None = None
        self.deleted = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail-body"):
            yield Static(id="detail-title")
            yield Static(id="detail-fields")
        yield Footer(compact=True, show_command_palette=False)

    def on_screen_resume(self) -> None:
        if not self.deleted:
            self.reload()

    def reload(self) -> None:
        """Read the contact again and show it; go back when it is gone."""
        try:
            self.contact = contacts.get_contact(self.actor, self.contact_id)
            self.details = contacts.contact_dict(self.actor, self.contact)
        except CrmError as error:
            self.notify(str(error), severity="error")
            self.dismiss()
            return
        self.query_one("#detail-title", Static).update(self._title())
        self.query_one("#detail-fields", Static).update(self._fields())

    def _title(self) -> Text:
        details = self.details
        title = Text.assemble((details["name"], "bold"), "  ")
        if details["vip"]:
            title.append(f"{VIP_MARK} VIP  ", style="bold")
        title.append_text(status_badge(self.app, details["status"]))
        if details["archived"]:
            title.append("  archived", style="italic")
        return title

    def _fields(self) -> Table:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", justify="right", no_wrap=True)
        grid.add_column()
        for key, label in ROWS:
            grid.add_row(label, Text(self._shown(key)))
        return grid

    def _shown(self, key: str) -> str:
        value = self.details.get(key)
        if key == "last_contacted":
            return local_date(self.contact.last_contacted_at, self.actor.tz)
        if key == "created_at":
            return local_date(self.contact.created_at, self.actor.tz)
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return ", ".join(value) if value else "—"
        return str(value) if value not in (None, "") else "—"

    def action_edit(self) -> None:
        self.app.push_screen(ContactFormScreen(self.actor, self.contact_id))

    def action_toggle_vip(self) -> None:
        self._change(lambda: contacts.set_flags(self.actor, self.contact_id, vip=not self.details["vip"]))

    def action_toggle_archived(self) -> None:
        if self.details["archived"]:
            self._change(lambda: contacts.restore_contact(self.actor, self.contact_id))
        else:
            self._change(lambda: contacts.archive_contact(self.actor, self.contact_id))

    def _change(self, change) -> None:
        try:
            change()
        except CrmError as error:
            self.notify(str(error), severity="error")
        self.reload()

    def action_delete(self) -> None:
        question = f"Delete {self.details['name']} with every interaction, reminder and share? This cannot be undone."
        self.app.push_screen(ConfirmDialog(question, "Delete"), self._delete_confirmed)

    def _delete_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        try:
            contacts.delete_contact(self.actor, self.contact_id)
        except CrmError as error:
            self.notify(str(error), severity="error")
            return
        self.deleted = True
        self.notify(f"Deleted {self.details['name']}")
        self.dismiss()

    def action_back(self) -> None:
        self.dismiss()
