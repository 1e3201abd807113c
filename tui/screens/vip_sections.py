"""Editing a VIP's Background and ContactInfo sections (seed 000), each refusal shown at its field."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from .. import settings, vip
from ..scope import Actor
from ..vip import VipSections
from ..widgets.field import Field, text_area, text_input
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain
from .forms import dismiss_unless_changed, field_values, submit

BACKGROUND = (
    ("family", "Family"),
    ("company", "Company"),
    ("likes_dislikes", "Likes/dislikes"),
    ("misc_notes", "Misc notes"),
)
CONTACT_INFO = (
    ("main_app", "Main app", "WhatsApp, Signal, e-mail, …"),
    ("email", "E-mail", "ada@example.org"),
    ("phone", "Phone", "+44 20 7946 0000"),
)
"""The fields of each section in the order shown, with labels (and placeholders for the one-line ones)."""
SECTION_LABELS = {name: label for name, label in BACKGROUND} | {name: label for name, label, _ in CONTACT_INFO}
SECTION_LABELS["social_links"] = "Social links"


def split_links(text: str) -> tuple[str, ...]:
    """Links typed one per line or separated by commas or spaces."""
    return tuple(part for part in text.replace(",", " ").split() if part)


class VipSectionsDialog(ModalScreen[bool]):
    """Dismisses with True once both sections are saved, False when closed without saving."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="sections.save", tooltip="Save both sections"),
        Binding("escape", "cancel", "Cancel", id="sections.cancel", tooltip="Close without saving"),
    ]

    def __init__(self, actor: Actor, contact_id: int, name: str, sections: VipSections) -> None:
        super().__init__()
        self.actor = actor
        self.contact_id = contact_id
        self.contact_name = name
        self.sections = sections
        self.initial_values: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        sections = self.sections
        with Vertical(id="sections-box"):
            yield Plain(f"{self.contact_name}: VIP sections", id="sections-title", markup=False)
            with VerticalScroll(id="sections-fields"):
                yield Static("Background", classes="sections-heading")
                for name, label in BACKGROUND:
                    yield Field(label, text_area(getattr(sections, name), id=f"section-{name}"), name=name)
                yield Static("Contact info", classes="sections-heading")
                for name, label, hint in CONTACT_INFO:
                    yield Field(label, text_input(getattr(sections, name), hint, id=f"section-{name}"), name=name)
                yield Field(
                    "Social links",
                    text_area("\n".join(sections.social_links), id="section-social_links"),
                    name="social_links",
                )
                yield Static("One link per line: https://…", classes="sections-hint")
        yield CrmFooter()

    def on_mount(self) -> None:
        self.initial_values = field_values(self)
        self.query_one("#section-family", TextArea).focus()

    def typed(self) -> VipSections:
        """Both sections as typed."""
        values = field_values(self)
        values["social_links"] = split_links(values["social_links"])
        return VipSections(**values)

    def action_save(self) -> None:
        # Reading the phone region is part of the attempt: a failure there is a toast like any other.
        saved = submit(
            self,
            lambda: vip.save_sections(
                self.actor, self.contact_id, self.typed(), settings.read_settings(self.actor)["phone_region"]
            ),
        )
        if saved is not None:
            self.dismiss(True)

    def action_cancel(self) -> None:
        dismiss_unless_changed(self, self.initial_values, False)
