"""Adding or editing a deal: title, contact (the picker), company, product, stage, value and the rest."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Select

from .. import companies, contacts, deals
from .. import products as product_domain
from ..currencies import decimals
from ..deals import STAGE_LABELS, DealInput
from ..errors import CrmError
from ..models import DEAL_STAGES, Deal
from ..scope import Actor
from ..widgets.field import Field, text_input
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, plain, plain_choices
from .contact_picker import ContactPickerScreen
from .forms import dismiss_unless_changed, field_values, selected, submit

NO_PRODUCT = "__none__"


def input_from(actor: Actor, deal: Deal) -> DealInput:
    """A stored deal as the form shows it."""
    amount = Decimal(deal.value_milli) / 1000
    company = companies.get_company(actor, deal.company_id).name if deal.company_id else ""
    return DealInput(
        title=deal.title,
        contact_id=deal.contact_id,
        company=company,
        product_id=deal.product_id,
        stage=deal.stage,
        value=f"{amount:.{decimals(deal.currency)}f}",
        currency=deal.currency,
        source=deal.source,
        assignee=deal.assignee,
        expected_close=deal.expected_close_on or "",
    )


class DealFormScreen(ModalScreen[int | None]):
    """Dismisses with the saved deal's id, or None when cancelled; each refusal shows at its field."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="deal_form.save", tooltip="Save the deal"),
        Binding("ctrl+o", "pick_contact", "Contact", id="deal_form.contact", tooltip="Choose the contact"),
        Binding(
            "escape", "cancel", "Cancel", id="deal_form.cancel", tooltip="Close; asks first when something changed"
        ),
    ]

    def __init__(
        self, actor: Actor, deal_id: int | None = None, *, stage: str = "lead", contact_id: int | None = None
    ) -> None:
        super().__init__()
        self.actor = actor
        self.deal_id = deal_id
        self.initial = DealInput(stage=stage, contact_id=contact_id)
        self.chosen_contact = contact_id
        self.chosen_name = ""
        self.initial_values: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        # A handful of small indexed reads, before the first frame, so no keystroke can come first.
        if self.deal_id is not None:
            self.initial = input_from(self.actor, deals.get_deal(self.actor, self.deal_id))
        start = self.initial
        self.chosen_contact = start.contact_id
        if self.chosen_contact is not None:
            self.chosen_name = contacts.get_contact(self.actor, self.chosen_contact).name
        company_names = [row.name for row in companies.list_companies(self.actor)]
        in_use = deals.filter_options(self.actor)
        product_choices = plain_choices(
            (f"{product.name}{'' if product.is_active else ' (inactive)'}", str(product.id))
            for product in product_domain.list_products(self.actor)
            if product.is_active or product.id == start.product_id
        )
        with Vertical(id="deal-box"):
            yield Plain(
                "New deal" if self.deal_id is None else f"Edit {start.title}", id="deal-form-title", markup=False
            )
            with VerticalScroll(id="deal-fields"):
                yield Field("Title", text_input(start.title, "required", id="input-title"), name="title")
                yield Field("Contact", Button(self._contact_label(), id="input-contact", compact=True), name="contact")
                yield Field(
                    "Company",
                    text_input(
                        start.company or "",
                        "empty for none",
                        id="input-company",
                        suggester=self._suggest(company_names),
                    ),
                    name="company",
                )
                yield Field(
                    "Product",
                    Select(
                        [("(no product)", NO_PRODUCT), *product_choices],
                        value=str(start.product_id) if start.product_id else NO_PRODUCT,
                        allow_blank=False,
                        compact=True,
                        id="input-product",
                    ),
                    name="product",
                )
                yield Field(
                    "Stage",
                    Select(
                        [(STAGE_LABELS[stage], stage) for stage in DEAL_STAGES],
                        value=start.stage,
                        allow_blank=False,
                        compact=True,
                        id="input-stage",
                    ),
                    name="stage",
                )
                yield Field("Value", text_input(start.value, "e.g. 12500 or 12,500.50", id="input-value"), name="value")
                yield Field(
                    "Currency",
                    text_input(start.currency, "ISO 4217: EUR, USD, GBP…", id="input-currency"),
                    name="currency",
                )
                yield Field(
                    "Source",
                    text_input(
                        start.source,
                        "where the lead came from",
                        id="input-source",
                        suggester=self._suggest(in_use["source"]),
                    ),
                    name="source",
                )
                yield Field(
                    "Owner",
                    text_input(
                        start.assignee,
                        "who is responsible",
                        id="input-assignee",
                        suggester=self._suggest(in_use["assignee"]),
                    ),
                    name="assignee",
                )
                yield Field(
                    "Expected close",
                    text_input(start.expected_close, "YYYY-MM-DD, +30d; empty for none", id="input-expected_close"),
                    name="expected_close",
                )
        yield CrmFooter()

    @staticmethod
    def _suggest(values: list[str]) -> SuggestFromList | None:
        return SuggestFromList(values, case_sensitive=False) if values else None

    def on_mount(self) -> None:
        self.initial_values = self._state()
        self.field("title").focus_editor()

    def _state(self) -> dict[str, object]:
        return {**field_values(self), "contact": self.chosen_contact}

    def field(self, name: str) -> Field:
        return self.query_one(f"#field-{name}", Field)

    def _contact_label(self) -> Text:
        return plain(self.chosen_name) if self.chosen_contact else plain("none yet (enter or ctrl+o chooses)")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_pick_contact()

    def action_pick_contact(self) -> None:
        self.app.push_screen(ContactPickerScreen(self.actor, "A deal with…"), self._picked)

    def _picked(self, contact_id: int | None) -> None:
        if not contact_id:
            return
        try:
            contact = contacts.get_contact(self.actor, contact_id)
            company = companies.get_company(self.actor, contact.company_id).name if contact.company_id else ""
        except CrmError as error:
            self.notify(str(error), severity="error")
            return
        self.chosen_contact, self.chosen_name = contact_id, contact.name
        self.query_one("#input-contact", Button).label = self._contact_label()
        self.field("contact").clear_error()
        company_input = self.query_one("#input-company", Input)
        if not company_input.value.strip():
            company_input.value = company  # the contact's company, unless one was typed

    def typed(self) -> DealInput:
        """What the form holds, as the domain takes it."""
        values = field_values(self)
        product = selected(values["product"])
        return DealInput(
            title=values["title"],
            contact_id=self.chosen_contact,
            company=values["company"],
            product_id=None if product in ("", NO_PRODUCT) else int(product),
            stage=selected(values["stage"]) or "lead",
            value=values["value"],
            currency=values["currency"],
            source=values["source"],
            assignee=values["assignee"],
            expected_close=values["expected_close"],
        )

    def action_save(self) -> None:
        deal = submit(
            self,
            lambda: (
                deals.add_deal(self.actor, self.typed())
                if self.deal_id is None
                else deals.edit_deal(self.actor, self.deal_id, self.typed())
            ),
        )
        if deal is not None:
            self.dismiss(deal.id)

    def action_cancel(self) -> None:
        """Close without saving; when something was typed, only after the user agrees to lose it."""
        dismiss_unless_changed(self, self.initial_values, None, current=self._state())
