"""Quick links and message templates."""

from __future__ import annotations

import pytest

from tui import contacts, links, templates
from tui.contacts import ContactInput
from tui.errors import NotFound, ValidationError
from tui.templates import TemplateInput


def test_links_encode_non_ascii_text_and_phone_numbers():
    assert links.tel_link("+49 (151) 1234-5678") == "tel:+4915112345678"
    assert links.whatsapp_link("+49 151 12345678", "Grüße & bis bald?") == (
        "https://wa.me/4915112345678?text=Gr%C3%BC%C3%9Fe%20%26%20bis%20bald%3F"
    )
    assert links.mailto_link("zoë@example.org", "Hallo Zoë", "a=b&c\nd") == (
        "mailto:zo%C3%AB@example.org?subject=Hallo%20Zo%C3%AB&body=a%3Db%26c%0Ad"
    )
    assert links.sms_link("+1 415 555 0100", "On my way") == "sms:+14155550100?body=On%20my%20way"
    assert links.instagram_link("@zoe.m_") == "https://instagram.com/zoe.m_"


def test_a_quick_link_needs_what_it_links_to(actor):
    contact = contacts.add_contact(actor, ContactInput(name="Ann", phones=["+4915112345678"]))
    assert links.quick_link(contact, "whatsapp", message="Hi").url == "https://wa.me/4915112345678?text=Hi"
    with pytest.raises(ValidationError, match="Ann has no e-mail address"):
        links.quick_link(contact, "email")
    with pytest.raises(ValidationError, match="unknown link"):
        links.quick_link(contact, "fax")


def test_defaults_appear_once_and_fill_from_the_contact(actor):
    listed = templates.list_templates(actor)
    assert {t.kind for t in listed} == {"followup", "birthday", "anniversary", "custom"}
    assert len(templates.list_templates(actor)) == len(listed)
    contact = contacts.add_contact(actor, ContactInput(name="Zoë Müller", company="Acme"))
    birthday = templates.list_templates(actor, "birthday")[0]
    text = templates.fill(birthday.body, templates.placeholder_values(actor, contact))
    assert text.startswith("Happy birthday, Zoë!") and text.endswith("Ada Lovelace")


def test_missing_fields_leave_no_stray_punctuation(actor):
    contact = contacts.add_contact(actor, ContactInput(name="Ann"))
    values = templates.placeholder_values(actor, contact)
    assert templates.fill("Hi {first_name}, how are things at {company}?", values) == "Hi Ann, how are things?"
    assert templates.fill("{company}, hello", values) == "hello"


@pytest.mark.parametrize(
    "data, field",
    [
        (TemplateInput(name="", body="x"), "name"),
        (TemplateInput(name="A", body=""), "body"),
        (TemplateInput(name="A", body="Hi {nickname}"), "body"),
        (TemplateInput(name="A", body="Hi {first_name"), "body"),
        (TemplateInput(name="A", kind="fax", body="x"), "kind"),
    ],
)
def test_bad_templates_are_refused(actor, data, field):
    with pytest.raises(ValidationError) as refused:
        templates.save_template(actor, data)
    assert refused.value.field == field


def test_templates_are_per_user(actor, other_actor):
    mine = templates.save_template(actor, TemplateInput(name="Mine", body="Hello {name}"))
    with pytest.raises(ValidationError):
        templates.save_template(actor, TemplateInput(name="Mine", body="again"))
    with pytest.raises(NotFound):
        templates.get_template(other_actor, mine.id)
    edited = templates.save_template(actor, TemplateInput(name="Mine", body="Hey {name}"), mine.id)
    assert edited.body == "Hey {name}"


def test_filled_templates_keep_every_real_word():
    assert templates.fill("Count me in! Who are you going with?", {}) == "Count me in! Who are you going with?"
    assert templates.fill("Hi {first_name}!", {}) == "Hi!"
