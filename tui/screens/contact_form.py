"""Adding or editing a contact: one editor per field, each refusal shown at its field."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Select, Switch

from .. import contacts, custom_fields
from ..contacts import CATEGORY_KINDS, ContactInput
from ..models import CustomField
from ..scope import Actor
from ..widgets.field import Field, text_area, text_input
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, plain_choices
from .forms import dismiss_unless_changed, field_values, selected, submit


@dataclass(frozen=True)
class FormField:
    """One editor of the form: the ContactInput field it fills, its label, its kind and a hint."""

    name: str
    label: str
    kind: str = "text"  # text, list (comma-separated), option (with suggestions), multiline, switch
    hint: str = ""


FORM_FIELDS = (
    FormField("name", "Name", hint="required"),
    FormField("emails", "E-mails", "list", "comma-separated: ada@example.org, ada@work.example"),
    FormField("phones", "Phones", "list", "comma-separated: +49 30 1234567"),
    FormField("whatsapp", "WhatsApp", hint="phone number"),
    FormField("instagram", "Instagram", hint="handle"),
    FormField("company", "Company"),
    FormField("title", "Title"),
    FormField("relationship", "Relationship", "option"),
    FormField("industry", "Industry", "option"),
    FormField("location", "Location"),
    FormField("address", "Address", "multiline"),
    FormField("tags", "Tags", "list", "comma-separated"),
    FormField("birthday", "Birthday", hint="YYYY-MM-DD or --MM-DD"),
    FormField("anniversary", "Anniversary", hint="YYYY-MM-DD or --MM-DD"),
    FormField("picture_url", "Picture URL", hint="https://…"),
    FormField("cadence_days", "Cadence (days)", hint="days between contacts; empty for the default"),
    FormField("notes", "Notes", "multiline"),
    FormField("vip", "VIP", "switch"),
    FormField("active", "Active", "switch"),
)


CUSTOM_PREFIX = "custom:"
"""Custom fields go by `custom:<name>` in the form, as in the domain's ValidationError.field."""
CUSTOM_HINTS = {"number": "a number", "date": "YYYY-MM-DD", "text": ""}
OPTION_HINT_LENGTH = 60


def option_hint(values: list[str]) -> str:
    """The values offered for an option field, as its placeholder: as many as fit, and "or your own"."""
    hint = ""
    for value in values:
        longer = f"{hint}, {value}" if hint else value
        if len(longer) > OPTION_HINT_LENGTH:
            return f"{hint}, … or your own"
        hint = longer
    return f"{hint} or your own" if hint else "your own"


def custom_editor(field: CustomField, value: str, editor_id: str) -> Widget:
    """The editor of one custom field: a Select for a choice, an Input for text, a number or a date."""
    if field.kind == "choice":
        choices = list(field.choices)
        if value and value not in choices:
            choices.append(value)  # a value stored before its choice was removed stays visible and kept
        return Select(
            plain_choices((choice, choice) for choice in choices),
            value=value or Select.NULL,
            prompt="—",
            compact=True,
            id=editor_id,
        )
    return text_input(value, CUSTOM_HINTS.get(field.kind, ""), id=editor_id)


def split_list(text: str) -> list[str]:
    """The items of a comma-separated input, trimmed, empty ones left out."""
    return [item.strip() for item in text.split(",") if item.strip()]


class ContactFormScreen(ModalScreen[int | None]):
    """Dismisses with the saved contact's id, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(self, actor: Actor, contact_id: int | None = None) -> None:
        super().__init__()
        self.actor = actor
        self.contact_id = contact_id
        self.custom_fields: list[CustomField] = []
        self.initial_values: dict[str, object] = {}
        """The editors' values as the form opened, to tell whether anything was typed."""
        self.pending: dict[str, str] = {}
        """A new relationship or industry named once (enter pressed on it): a second enter confirms it."""
        self.confirmed: dict[str, str] = {}
        """New categories the user confirmed: saving adds them."""

    def compose(self) -> ComposeResult:
        # A handful of small indexed reads: done before the first frame, so no keystroke can come first.
        initial = ContactInput()
        title = "New contact"
        if self.contact_id is not None:
            initial = contacts.input_from(self.actor, contacts.get_contact(self.actor, self.contact_id))
            title = f"Edit {initial.name}"
        self.custom_fields = custom_fields.list_fields(self.actor)
        with Vertical(id="form-box"):
            yield Plain(title, id="form-title", markup=False)
            with VerticalScroll(id="form-fields"):
                for spec in FORM_FIELDS:
                    yield Field(spec.label, self._editor(spec, getattr(initial, spec.name)), name=spec.name)
                for index, field in enumerate(self.custom_fields):
                    editor = custom_editor(field, initial.custom.get(field.name, ""), f"input-custom-{index}")
                    yield Field(field.name, editor, name=CUSTOM_PREFIX + field.name, id=f"field-custom-{index}")
        yield CrmFooter()

    def _editor(self, spec: FormField, value) -> Widget:
        editor_id = f"input-{spec.name}"
        if spec.kind == "switch":
            return Switch(bool(value), id=editor_id)
        if spec.kind == "multiline":
            return text_area(value or "", id=editor_id)
        if spec.kind == "list":
            return text_input(", ".join(value), spec.hint, id=editor_id)
        suggester, hint = None, spec.hint
        if spec.kind == "option":
            offered = contacts.options(self.actor, spec.name)
            suggester, hint = SuggestFromList(offered, case_sensitive=False), option_hint(offered)
        return text_input("" if value is None else str(value), hint, id=editor_id, suggester=suggester)

    def on_mount(self) -> None:
        self.initial_values = field_values(self)
        self.field("name").focus_editor()

    def field(self, name: str) -> Field:
        """The form field that edits `name` (a built-in field, or `custom:<name>`)."""
        if name.startswith(CUSTOM_PREFIX):
            index = [CUSTOM_PREFIX + field.name for field in self.custom_fields].index(name)
            return self.query_one(f"#field-custom-{index}", Field)
        return self.query_one(f"#field-{name}", Field)

    def typed(self) -> ContactInput:
        """Everything typed in the form, as the domain takes it."""
        values = {}
        for spec in FORM_FIELDS:
            value = self.field(spec.name).value
            values[spec.name] = split_list(value) if spec.kind == "list" else value
        custom = {field.name: selected(self.field(CUSTOM_PREFIX + field.name).value) for field in self.custom_fields}
        return ContactInput(**values, custom=custom)

    def action_save(self) -> None:
        for kind in CATEGORY_KINDS:  # a new category only once confirmed (enter twice in its field)
            refusal = self._unconfirmed(kind)
            if refusal is not None:
                self.field(kind).show_error(f"{refusal}: press enter in the field twice")
                self.field(kind).focus_editor()
                return
        contact = submit(
            self,
            lambda: (
                contacts.add_contact(self.actor, self.typed())
                if self.contact_id is None
                else contacts.edit_contact(self.actor, self.contact_id, self.typed())
            ),
        )
        if contact is not None:
            self.dismiss(contact.id)

    def _unconfirmed(self, kind: str) -> str | None:
        """Why the typed `kind` cannot be saved yet: a new category not confirmed; None when it can."""
        value = self.field(kind).value.strip().lower()
        if value in (self.confirmed.get(kind), self.initial_values.get(kind, "").strip().lower()):
            return None
        return contacts.unknown_category(self.actor, kind, value)

    @on(Input.Submitted, "#input-relationship, #input-industry")
    def category_entered(self, event: Input.Submitted) -> None:
        """Enter in a category field: a new value is named first; a second enter on the same one confirms it."""
        kind = (event.input.id or "").removeprefix("input-")
        value = event.value.strip().lower()
        field = self.field(kind)
        refusal = self._unconfirmed(kind)
        if refusal is None:
            field.clear_error()
            self.focus_next()
        elif self.pending.get(kind) == value:
            self.confirmed[kind] = value
            field.clear_error()
            self.notify(f"{value} will be a new {kind} category when you save", title="New category")
            self.focus_next()
        else:
            self.pending[kind] = value
            field.show_error(f"{refusal}: enter again to add it")

    def action_cancel(self) -> None:
        """Close without saving; when something was typed, only after the user agrees to lose it."""
        dismiss_unless_changed(self, self.initial_values, None)
