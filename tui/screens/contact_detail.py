"""One contact with every field, its VIP sections, recent interactions and open tasks, and the keys that change it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Header

from .. import contacts, interactions, tasks, vip
from ..errors import CrmError
from ..scope import Actor
from ..vip import VipSections
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain
from .base import CrmScreen, thread_connection
from .confirm import ConfirmDialog
from .contact_form import ContactFormScreen
from .contact_history import ContactHistoryScreen
from .presenters import VIP_MARK, local_date, status_badge
from .vip_sections import BACKGROUND, CONTACT_INFO, VipSectionsDialog

if TYPE_CHECKING:
    from ..models import Contact, Interaction, Task

ROWS = (
    ("emails", "E-mails"),
    ("phones", "Phones"),
    ("whatsapp", "WhatsApp"),
    ("instagram", "Instagram"),
    ("company", "Company"),
    ("title", "Title"),
    ("relationship", "Relationship"),
    ("industry", "Industry"),
    ("location", "Location"),
    ("address", "Address"),
    ("tags", "Tags"),
    ("birthday", "Birthday"),
    ("anniversary", "Anniversary"),
    ("picture_url", "Picture"),
    ("cadence_days", "Cadence (days)"),
    ("last_contacted", "Last contacted"),
    ("active", "Active"),
    ("created_at", "Added"),
    ("notes", "Notes"),
)
"""The fields shown, in order, with their labels; the custom fields follow."""
INTERACTIONS_SHOWN = 10
TASKS_SHOWN = 10
EMPTY = "—"


@dataclass(frozen=True)
class DetailKey:
    """A key another feature adds to the contact detail: its binding, what it does, and when it applies."""

    binding: Binding
    run: Callable[[ContactDetailScreen], None]
    available: Callable[[ContactDetailScreen], bool] | None = None


EXTRA_KEYS: list[DetailKey] = []
"""Keys added by other features (logging an interaction, quick links), in the order added."""


def add_detail_key(
    key: str,
    description: str,
    run: Callable[[ContactDetailScreen], None],
    *,
    id: str,
    tooltip: str = "",
    available: Callable[[ContactDetailScreen], bool] | None = None,
) -> None:
    """Give every contact detail one more key, e.g. `l` to log an interaction.

    `run(screen)` is called with the detail screen (its `contact_id`, `data` and `reload()` are there to
    use); `available(screen)`, when given, says whether the key applies now (it is hidden otherwise).
    Call it at import time, before a detail screen opens.
    """
    binding = Binding(key, f"extra_key('{id}')", description, id=id, tooltip=tooltip)
    EXTRA_KEYS.append(DetailKey(binding, run, available))


@dataclass(frozen=True)
class DetailData:
    """Everything the detail shows, read together in a worker."""

    contact: Contact
    details: dict[str, Any]
    sections: VipSections
    interactions: list[Interaction]
    tasks: list[Task]


def first_line(text: str) -> str:
    """The first non-empty line of `text`."""
    return next((line.strip() for line in (text or "").splitlines() if line.strip()), "")


class ContactDetailScreen(CrmScreen):
    """Every field of one contact; edit, VIP, archive, (de)activate, VIP sections, history and delete."""

    BINDINGS = [
        Binding("e", "edit", "Edit", id="contact.edit", tooltip="Edit the contact"),
        Binding("v", "toggle_vip", "VIP", id="contact.vip", tooltip="Mark or unmark as VIP"),
        Binding(
            "b",
            "edit_sections",
            "Sections",
            id="contact.sections",
            tooltip="Edit the VIP's background and contact info",
        ),
        Binding("i", "toggle_active", "Active", id="contact.active", tooltip="Set inactive, or active again"),
        Binding("x", "toggle_archived", "Archive", id="contact.archive", tooltip="Archive, or restore when archived"),
        Binding("h", "history", "History", id="contact.history", tooltip="Show every change to the contact"),
        Binding("ctrl+d", "delete", "Delete", id="contact.delete", tooltip="Delete the contact"),
        Binding("escape", "back", "Back", id="contact.back", tooltip="Back to the list"),
    ]

    @dataclass
    class Loaded(Message):
        """The contact's data read in a worker, or the reason it could not be read."""

        data: DetailData | None
        error: str = ""

    def __init__(self, actor: Actor, contact_id: int) -> None:
        super().__init__(actor)
        self.contact_id = contact_id
        self.data: DetailData | None = None
        """What is shown; None until the first read ends."""
        self.details: dict[str, Any] = {}
        self.deleted = False
        self._bindings = BindingsMap.merge([self._bindings, BindingsMap(self.extra_bindings())])

    def extra_bindings(self) -> list[Binding]:
        """The keys beyond BINDINGS: those other features registered with `add_detail_key`."""
        return [extra.binding for extra in EXTRA_KEYS]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail-body"):
            yield Plain(id="detail-title")
            with Horizontal(id="detail-columns"):
                yield Plain(id="detail-fields")
                with VerticalScroll(id="detail-side"):
                    yield Plain(id="detail-sections")
                    yield Plain(id="detail-interactions")
                    yield Plain(id="detail-tasks")
        yield CrmFooter()

    def on_screen_resume(self) -> None:
        if not self.deleted:
            self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="contact-detail")
    def reload(self) -> None:
        """Read the contact and what belongs to it again, then show it; go back when it is gone."""
        actor, contact_id = self.actor, self.contact_id
        with thread_connection():
            try:
                contact = contacts.get_contact(actor, contact_id)
                data = DetailData(
                    contact,
                    contacts.contact_dict(actor, contact),
                    vip.read_sections(actor, contact_id),
                    interactions.for_contact(actor, contact_id, INTERACTIONS_SHOWN),
                    tasks.list_tasks(actor, open_only=True, contact_id=contact_id, limit=TASKS_SHOWN),
                )
            except CrmError as error:
                self.post_message(self.Loaded(None, str(error)))
                return
        self.post_message(self.Loaded(data))

    def on_contact_detail_screen_loaded(self, event: Loaded) -> None:
        if event.data is None:
            self.notify(event.error, severity="error")
            self.dismiss()
            return
        self.data = event.data
        self.details = event.data.details
        self.show()

    def show(self) -> None:
        """Show the data read last."""
        self.query_one("#detail-title", Plain).update(self._title())
        self.query_one("#detail-fields", Plain).update(self._fields())
        sections = self.query_one("#detail-sections", Plain)
        sections.display = bool(self.details["vip"])
        if self.details["vip"]:
            sections.update(self._sections())
        self.query_one("#detail-interactions", Plain).update(self._interactions())
        self.query_one("#detail-tasks", Plain).update(self._tasks())
        self.refresh_bindings()

    def _title(self) -> Text:
        details = self.details
        title = Text.assemble((details["name"], "bold"), "  ")
        if details["vip"]:
            title.append(f"{VIP_MARK} VIP  ", style="bold")
        title.append_text(status_badge(self.app, details["status"]))
        if not details["active"]:
            title.append("  inactive", style="italic")
        if details["archived"]:
            title.append("  archived", style="italic")
        return title

    def _fields(self) -> Table:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", justify="right", no_wrap=True)
        grid.add_column()
        for key, label in ROWS:
            grid.add_row(label, Text(self._shown(key)))
        for name, value in self.details["custom_fields"].items():
            grid.add_row(Text(name, style="italic"), Text(value or EMPTY))
        return grid

    def _shown(self, key: str) -> str:
        value = self.details.get(key)
        contact = self.data.contact
        if key == "last_contacted":
            return local_date(contact.last_contacted_at, self.actor.tz)
        if key == "created_at":
            return local_date(contact.created_at, self.actor.tz)
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return ", ".join(value) if value else EMPTY
        return str(value) if value not in (None, "") else EMPTY

    @staticmethod
    def _heading(title: str) -> Text:
        return Text(title, style="bold underline")

    def _sections(self) -> RenderableType:
        sections = self.data.sections
        parts: list[RenderableType] = []
        for title, rows in (
            ("Background", [(name, label) for name, label in BACKGROUND]),
            ("Contact info", [(name, label) for name, label, _ in CONTACT_INFO]),
        ):
            grid = Table.grid(padding=(0, 1))
            grid.add_column(style="dim", no_wrap=True)
            grid.add_column()
            for name, label in rows:
                grid.add_row(label, Text(getattr(sections, name) or EMPTY))
            if title == "Contact info":
                grid.add_row("Social links", Text("\n".join(sections.social_links) or EMPTY))
            parts += [self._heading(title), grid, Text("")]
        return Group(*parts)

    def _interactions(self) -> RenderableType:
        found = self.data.interactions
        if not found:
            return Group(self._heading("Interactions"), Text("none logged yet", style="dim"), Text(""))
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(no_wrap=True, style="dim")
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        for interaction in found:
            line = Text(interactions.MEDIUM_LABELS.get(interaction.medium, interaction.medium), style="bold")
            outcome = first_line(interaction.outcome)
            if outcome:
                line.append(f" → {outcome}", style="italic")
            line.append("\n" + (first_line(interaction.notes) or EMPTY))
            table.add_row(local_date(interaction.occurred_at, self.actor.tz), line)
        return Group(self._heading("Interactions, newest first"), table, Text(""))

    def _tasks(self) -> RenderableType:
        found = self.data.tasks
        if not found:
            return Group(self._heading("Open tasks"), Text("none", style="dim"))
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(no_wrap=True, style="dim")
        table.add_column(ratio=1, overflow="ellipsis", no_wrap=True)
        for task in found:
            table.add_row(task.due_on or "no date", Text(task.title))
        return Group(self._heading("Open tasks"), table)

    # Keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit_sections":
            return bool(self.details.get("vip"))
        if action == "extra_key":
            extra = self._extra(str(parameters[0]))
            return extra is not None and (extra.available is None or extra.available(self))
        return True

    def _extra(self, key_id: str) -> DetailKey | None:
        return next((extra for extra in EXTRA_KEYS if extra.binding.id == key_id), None)

    def action_extra_key(self, key_id: str) -> None:
        extra = self._extra(key_id)
        if extra is not None and self.data is not None:
            extra.run(self)

    def action_edit(self) -> None:
        if self.data is not None:
            self.app.push_screen(ContactFormScreen(self.actor, self.contact_id))

    def action_toggle_vip(self) -> None:
        if self.details:
            self._change(lambda: contacts.set_flags(self.actor, self.contact_id, vip=not self.details["vip"]))

    def action_toggle_active(self) -> None:
        if self.details:
            self._change(lambda: contacts.set_flags(self.actor, self.contact_id, active=not self.details["active"]))

    def action_toggle_archived(self) -> None:
        if not self.details:
            return
        if self.details["archived"]:
            self._change(lambda: contacts.restore_contact(self.actor, self.contact_id))
        else:
            self._change(lambda: contacts.archive_contact(self.actor, self.contact_id))

    def _change(self, change: Callable[[], Contact]) -> None:
        """Apply a one-row change now (so the next key sees it), then read everything again."""
        try:
            contact = change()
        except CrmError as error:
            self.notify(str(error), severity="error")
        else:
            self.details = {**self.details, "vip": contact.vip, "active": contact.active, "archived": contact.archived}
        self.reload()

    def action_edit_sections(self) -> None:
        if self.data is None or not self.details["vip"]:
            return
        dialog = VipSectionsDialog(self.actor, self.contact_id, self.details["name"], self.data.sections)
        self.app.push_screen(dialog, self._sections_saved)

    def _sections_saved(self, saved: bool | None) -> None:
        if saved:
            self.notify("VIP sections saved")

    def action_history(self) -> None:
        if self.details:
            self.app.push_screen(ContactHistoryScreen(self.actor, self.contact_id, self.details["name"]))

    def action_delete(self) -> None:
        if not self.details:
            return
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
