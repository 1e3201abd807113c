"""Adding or editing a contact: one editor per field, each refusal shown at its field."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Footer, Static, Switch, TextArea

from .. import contacts
from ..contacts import ContactInput
from ..errors import CrmError, ValidationError
from ..scope import Actor
from ..widgets.field import Field, text_input


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
    FormField("relationship", "Relationship", "option", "friend, family, colleague, …"),
    FormField("industry", "Industry", "option", "technology, finance, …"),
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


def split_list(text: str) -> list[str]:
    """The items of a comma-separated input, trimmed, empty ones left out."""
    return [item.strip() for item in text.split(",") if item.strip()]


class ContactFormScreen(ModalScreen[int | None]):
    """Dismisses with the saved contact's id, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(self, actor: Actor, contact_id: int | None = None) -> None:
        super().__init__()
        self.actor = actor
        self.contact_id = contact_id

    def compose(self) -> ComposeResult:
        initial = ContactInput()
        title = "New contact"
        if self.contact_id is not None:
            initial = contacts.input_from(self.actor, contacts.get_contact(self.actor, self.contact_id))
            title = f"Edit {initial.name}"
        with Vertical(id="form-box"):
            yield Static(title, id="form-title", markup=False)
            with VerticalScroll(id="form-fields"):
                for spec in FORM_FIELDS:
                    yield Field(spec.label, self._editor(spec, getattr(initial, spec.name)), name=spec.name)
        yield Footer(compact=True, show_command_palette=False)

    def _editor(self, spec: FormField, value) -> Widget:
        editor_id = f"input-{spec.name}"
        if spec.kind == "switch":
            return Switch(bool(value), id=editor_id)
        if spec.kind == "multiline":
            return TextArea(value or "", id=editor_id, compact=True)
        if spec.kind == "list":
            return text_input(", ".join(value), spec.hint, id=editor_id)
        suggester = None
        if spec.kind == "option":
            suggester = SuggestFromList(contacts.options(self.actor, spec.name), case_sensitive=False)
        return text_input("" if value is None else str(value), spec.hint, id=editor_id, suggester=suggester)

    def on_mount(self) -> None:
        self.field("name").focus_editor()

    def field(self, name: str) -> Field:
        """The form field that edits `name`."""
        return self.query_one(f"#field-{name}", Field)

    def typed(self) -> ContactInput:
        """Everything typed in the form, as the domain takes it."""
        values = {}
        for spec in FORM_FIELDS:
            value = self.field(spec.name).value
            values[spec.name] = split_list(value) if spec.kind == "list" else value
        return ContactInput(**values)

    def action_save(self) -> None:
        for field in self.query(Field).results(Field):
            field.clear_error()
        try:
            if self.contact_id is None:
                contact = contacts.add_contact(self.actor, self.typed())
            else:
                contact = contacts.edit_contact(self.actor, self.contact_id, self.typed())
        except ValidationError as error:
            self._refuse(error)
            return
        except CrmError as error:
            self.notify(str(error), severity="error")
            return
        self.dismiss(contact.id)

    def _refuse(self, error: ValidationError) -> None:
        fields = self.query(f"#field-{error.field}").results(Field)
        field = next(fields, None)
        if field is None:
            self.notify(error.message, severity="error")
            return
        field.show_error(error.message)
        field.focus_editor()

    def action_cancel(self) -> None:
        self.dismiss(None)
