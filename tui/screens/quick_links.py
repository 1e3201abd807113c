"""Quick links for one contact: call, WhatsApp, e-mail, SMS, Instagram, with a template's message.

The link is shown as a terminal hyperlink, copied with OSC 52 (which works over SSH) and, when
crm runs on the user's own machine, opened. Then `l` logs it as an interaction, prefilled.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from .. import contacts, links, templates
from ..errors import CrmError, ValidationError
from ..interactions import MEDIUM_LABELS, InteractionInput
from ..links import LINK_MEDIUM, QuickLink
from ..remote import is_ssh_session
from ..scope import Actor
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, plain
from .log_interaction import LogInteractionScreen
from .templates import KIND_LABELS

NO_TEMPLATE = "none"
MESSAGE_KINDS = ("whatsapp", "email", "sms")
"""The links that carry the template's message."""


class QuickLinksScreen(ModalScreen[int | None]):
    """One key per link kind; dismisses with the id of an interaction logged from here, or None.

    The contact detail screen can open it with `QuickLinksScreen(actor, contact_id)`, or
    bind a key straight to one kind by calling `make_link(kind)` after pushing it.
    """

    BINDINGS = [
        Binding("c", "link('call')", "Call", id="links.call", tooltip="Call: a tel: link"),
        Binding("w", "link('whatsapp')", "WhatsApp", id="links.whatsapp", tooltip="WhatsApp with the message"),
        Binding("e", "link('email')", "E-mail", id="links.email", tooltip="E-mail with the subject and message"),
        Binding("s", "link('sms')", "SMS", id="links.sms", tooltip="SMS with the message"),
        Binding("i", "link('instagram')", "Instagram", id="links.instagram", tooltip="Instagram profile"),
        Binding("l", "log", "Log it", id="links.log", tooltip="Log this as an interaction"),
        Binding("escape", "close", "Close", id="links.close", tooltip="Close"),
    ]

    def __init__(self, actor: Actor, contact_id: int, *, open_links: bool | None = None) -> None:
        """`open_links`: open each link in the local browser (default: unless this is an SSH session)."""
        super().__init__()
        self.actor = actor
        self.contact_id = contact_id
        self.open_links = (not is_ssh_session()) if open_links is None else open_links
        self.contact = contacts.get_contact(actor, contact_id)
        self.templates = templates.list_templates(actor)
        self.link: QuickLink | None = None
        """The last link made here."""
        self.message = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="links-box"):
            yield Plain(Text.assemble("Reach ", (self.contact.name, "bold")), id="links-title")
            yield Static("Message", classes="links-label")
            options = [Option("No message", id=NO_TEMPLATE)]
            options += [
                Option(
                    Text.assemble(plain(item.name), (f"  {KIND_LABELS.get(item.kind, item.kind)}", "dim")),
                    id=str(item.id),
                )
                for item in self.templates
            ]
            yield OptionList(*options, id="links-templates")
            yield Plain(self._available(), id="links-available")
            yield Plain(id="links-result")
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def _available(self) -> Text:
        """Each kind with its key, and what it reaches or what the contact lacks."""
        text = Text()
        for kind in links.LINK_KINDS:
            key = self._key_for(f"links.{kind}")
            try:
                reach = links.quick_link(self.contact, kind).label
                text.append(f" {key} ", style="bold reverse").append(f" {reach}\n")
            except ValidationError as error:
                text.append(f" {key} ", style="dim reverse").append(f" {error.message}\n", style="dim")
        return text

    def _key_for(self, binding_id: str) -> str:
        """How this screen's key `binding_id` is shown, as the user has it mapped."""
        for active in self.active_bindings.values():
            if active.binding.id == binding_id:
                return self.app.get_key_display(active.binding)
        return next(self.app.get_key_display(binding) for binding in self.BINDINGS if binding.id == binding_id)

    def chosen_template(self):
        """The highlighted template, or None for "no message"."""
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id == NO_TEMPLATE:
            return None
        return next((item for item in self.templates if str(item.id) == option.id), None)

    def action_link(self, kind: str) -> None:
        self.make_link(kind)

    def make_link(self, kind: str) -> QuickLink | None:
        """Make, show, copy and (locally) open the link of `kind`; None when the contact lacks what it needs."""
        result = self.query_one("#links-result", Plain)
        template = self.chosen_template()
        subject = message = ""
        if template is not None:
            values = templates.placeholder_values(self.actor, self.contact)
            subject, message = templates.fill(template.subject, values), templates.fill(template.body, values)
        try:
            link = links.quick_link(self.contact, kind, subject, message)
        except CrmError as error:
            result.update(Text(str(error), style="bold red"))
            return None
        self.link = link
        self.message = message if kind in MESSAGE_KINDS else ""
        self.app.copy_to_clipboard(link.url)
        done = "copied to the clipboard"
        if self.open_links:
            self.app.open_url(link.url)
            done = "opened, and " + done
        else:
            done += "; not opened here: this is an SSH session, so click it or paste it on your machine"
        medium = MEDIUM_LABELS[LINK_MEDIUM[kind]]
        log_key = self._key_for("links.log")
        shown = Text.assemble(
            (link.label, "bold"),
            "\n",
            (link.url, f"link {link.url} underline"),
            "\n",
            (done, "dim"),
            "\n\n",
            f"Press {log_key} to log this as a {medium} interaction.",
        )
        result.update(shown)
        return link

    def action_log(self) -> None:
        prefill = InteractionInput()
        if self.link is not None:
            prefill = InteractionInput(
                medium=LINK_MEDIUM[self.link.kind], type="message" if self.message else "", notes=self.message
            )
        self.app.push_screen(LogInteractionScreen(self.actor, self.contact_id, prefill=prefill), self._logged)

    def _logged(self, interaction_id: int | None) -> None:
        if interaction_id is not None:
            self.notify(f"Logged with {self.contact.name}")
            self.dismiss(interaction_id)

    def action_close(self) -> None:
        self.dismiss(None)
