"""Isolation, proven: every public domain function that takes the acting user is called by people who should
get nothing of Ada's, and the database is checked after each call.

The functions are found by walking the modules under tui/ (everything but the user interface): each public
function whose first parameter is an Actor must have a row in CASES (how to call it) or in EXEMPT (why it
is not called), so a new function fails `test_every_domain_function_is_in_the_table` until it is listed.

The world: Ada owns a contact (Grace) with everything that can hang off it, and more. Bob holds only an
*expired* share of Grace: he has neither ownership nor a valid share. Vera holds a valid "view" share of
Grace; Walt a valid "view_add" one. Each call runs on a fresh copy of the world:

- Ada first (the control): the arguments must work for the owner, and we learn whether the call writes.
- Bob: whatever he gets (a result or an error) must be exactly what he gets in a copy of the world where
  Ada never existed, and nothing of Ada's may change. Ada's existence makes no difference to him.
- Vera and Walt: nothing of Ada's may change, except that Walt may log interactions (VIEW_ADD_MAY);
  a call on Ada's records that writes for Ada must fail for them.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import io
import pkgutil
import shutil
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from peewee import ForeignKeyField, Model, ModelSelect

import tui
from tui import (
    accounts,
    clock,
    companies,
    contacts,
    custom_fields,
    database,
    deals,
    interactions,
    merge,
    products,
    reminders,
    settings,
    sharing,
    suggestions,
    tasks,
    templates,
    vip,
)
from tui.companies import CompanyInput
from tui.contacts import ContactFilter, ContactInput
from tui.deals import BoardFilter, DealInput
from tui.errors import CrmError
from tui.interactions import InteractionInput
from tui.models import MODELS, Interaction, OptionValue, Reminder, Session, Share, User
from tui.scope import Actor
from tui.tasks import TaskInput
from tui.templates import TemplateInput
from tui.timeline import TimelineFilter
from tui.vip import VipSections

from ..helpers import FIXED_NOW, PASSWORD

NOT_DOMAIN = ("tui.screens", "tui.widgets", "tui.cli", "tui.app", "tui.migrations", "tui.__main__")
"""The user interface and the entry points: not the domain layer."""


# -- finding the functions -------------------------------------------------------------------------------------------


def domain_functions() -> dict[str, Callable]:
    """Every public function of the domain layer whose first parameter is the acting user, by "module.name"."""
    found = {}
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        if info.name.startswith(NOT_DOMAIN):
            continue
        module = importlib.import_module(info.name)
        for name, function in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(function) or function.__module__ != module.__name__:
                continue
            parameters = list(inspect.signature(function).parameters.values())
            if not parameters:
                continue
            first = parameters[0]
            if typing.get_type_hints(function).get(first.name) is Actor or first.name == "actor":
                found[f"{info.name.removeprefix('tui.')}.{name}"] = function
    return found


# -- the world -------------------------------------------------------------------------------------------------------


@dataclass
class World:
    """Who is who, and the ids of Ada's records the calls aim at."""

    ada: Actor
    bob: Actor
    vera: Actor
    walt: Actor
    grace: int
    alan: int
    grace_copy: int
    company: int
    interaction: int
    walt_note: int
    follow_up: int
    reminder: int
    task: int
    product: int
    deal: int
    template: int
    custom_field: int
    merge: int
    bob_share: int
    vera_share: int
    walt_share: int
    ada_session: int
    files: Path
    """A folder for files the calls read (an address book to import) or write (exports)."""
    contact_object: Any = None
    """Grace as a model instance read by Ada, for the functions that format one they were given."""


def build_world(path: Path, files: Path) -> World:
    """Ada's data, the three other people and their shares, in a database at `path`."""
    database.open_database(str(path))
    clock.fix(FIXED_NOW - timedelta(days=10))
    ada = accounts.signup("ada@example.org", "Ada Lovelace", PASSWORD, "Europe/Berlin")
    bob = accounts.signup("bob@example.org", "Bob Builder", PASSWORD, "America/New_York")
    vera = accounts.signup("vera@example.org", "Vera Viewer", PASSWORD, "UTC")
    walt = accounts.signup("walt@example.org", "Walt Writer", PASSWORD, "UTC")
    settings.update_settings(ada, {"smtp.host": "mail.ada.example", "birthday_lead_days": 3, "cadence.friend": 20})
    custom = custom_fields.define_field(ada, "Met at", "text")
    grace = contacts.add_contact(
        ada,
        ContactInput(
            name="Grace Hopper",
            emails=["grace@navy.mil"],
            phones=["+1 202 555 0101"],
            company="US Navy",
            relationship="friend",
            tags=["mentor"],
            birthday="--11-22",
            notes="Invented the compiler",
            vip=True,
            custom={"Met at": "PyCon"},
        ),
    )
    vip.save_sections(ada, grace.id, VipSections(family="None", likes_dislikes="COBOL", main_app="Signal"))
    alan = contacts.add_contact(ada, ContactInput(name="Alan Turing", emails=["alan@bletchley.uk"], tags=["math"]))
    copy = contacts.add_contact(ada, ContactInput(name="Grace B. Hopper", emails=["grace@navy.mil"]))
    kat = contacts.add_contact(ada, ContactInput(name="Katherine Johnson", emails=["kat@nasa.gov"]))
    kat_copy = contacts.add_contact(ada, ContactInput(name="Kat Johnson", emails=["kat@nasa.gov"]))
    merged = merge.merge(ada, kat.id, kat_copy.id)
    company = companies.find_company(ada, "US Navy")
    shares = {}
    sharing.share(ada, grace.id, "bob@example.org", "view_add", FIXED_NOW.date() - timedelta(days=5))
    clock.fix(FIXED_NOW)
    shares["bob"] = Share.get(Share.recipient == bob.user_id).id
    shares["vera"] = sharing.share(ada, grace.id, "vera@example.org", "view").id
    shares["walt"] = sharing.share(ada, grace.id, "walt@example.org", "view_add", None, "add what you learn").id
    note = interactions.log_interaction(ada, grace.id, InteractionInput("video", "-2d", "call", "COBOL", "good"))
    follow_up = interactions.log_interaction(ada, alan.id, InteractionInput("phone", "-1d", follow_up="+2d"))
    walt_note = interactions.log_interaction(walt, grace.id, InteractionInput("phone", "-1h", notes="Walt's note"))
    contacts.edit_contact(ada, alan.id, ContactInput(name="Alan M. Turing", emails=["alan@bletchley.uk"]))
    reminders.plan(ada)
    custom_reminder = reminders.add_custom(ada, grace.id, "+1h", "Call Grace")
    product = products.add_product(ada, "Compiler", "per seat")
    deal = deals.add_deal(
        ada,
        DealInput(
            title="Navy licence", contact_id=grace.id, product_id=product.id, value="12,500", source="conference"
        ),
    )
    deals.move_deal(ada, deal.id, "qualified")
    task = tasks.add_task(ada, TaskInput(title="Send the slides", due="+2d", contact_id=grace.id, deal_id=deal.id))
    template = templates.save_template(ada, TemplateInput(name="Ada's hello", kind="custom", body="Hi {first_name}"))
    suggestions.todays(ada)
    accounts.start_session(ada, "ada-laptop")
    session = Session.get(Session.user == ada.user_id).id
    contacts.add_contact(bob, ContactInput(name="Bob's Pal", emails=["pal@example.org"]))
    OptionValue.insert(owner=ada.user_id, kind="relationship", value="mentor").execute()  # Ada's own, unused
    for person in (bob, vera, walt):
        reminders.plan(person)  # their share notices, so later calls do not differ by them
    contact_object = contacts.get_contact(ada, grace.id)  # with its company, as the callers hold one
    files.mkdir(parents=True, exist_ok=True)
    (files / "people.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEMAIL:grace@navy.mil\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:New Person\r\nEMAIL:new@example.org\r\nEND:VCARD\r\n",
        "utf-8",
    )
    world = World(
        ada=ada,
        bob=bob,
        vera=vera,
        walt=walt,
        grace=grace.id,
        alan=alan.id,
        grace_copy=copy.id,
        company=company.id,
        interaction=note.id,
        walt_note=walt_note.id,
        follow_up=follow_up.id,
        reminder=custom_reminder.id,
        task=task.id,
        product=product.id,
        deal=deal.id,
        template=template.id,
        custom_field=custom.id,
        merge=merged.merge_id,
        bob_share=shares["bob"],
        vera_share=shares["vera"],
        walt_share=shares["walt"],
        ada_session=session,
        files=files,
        contact_object=contact_object,
    )
    database.close_database()
    return world


@pytest.fixture(scope="module")
def template_world(tmp_path_factory) -> tuple[Path, World]:
    folder = tmp_path_factory.mktemp("isolation")
    path = folder / "world.db"
    world = build_world(path, folder / "files")
    clock.fix(None)
    return path, world


# -- the table -------------------------------------------------------------------------------------------------------

Args = Callable[[World, Actor], tuple]


@dataclass(frozen=True)
class Case:
    """How to call one function: its arguments after the actor (built from the world and the caller)."""

    args: Args = lambda w, me: ()
    kwargs: Callable[[World, Actor], dict] = lambda w, me: {}
    aims_at_ada: bool = False
    """The arguments name Ada's records: a call that writes for Ada must fail for Vera and Walt."""


def at(*args: Callable[[World], Any], **kwargs) -> Case:
    """A call aimed at Ada's records: each of `args` picks a value from the world."""
    return Case(lambda w, me: tuple(pick(w) for pick in args), aims_at_ada=True, **kwargs)


def own(*values: Any) -> Case:
    """A call about the caller's own data, with fixed arguments."""
    return Case(lambda w, me: values)


def grace(w: World) -> int:
    return w.grace


def no_channels() -> dict:
    """Every setting at its default, with only the in-app channel on (nothing leaves the machine)."""
    values = {item.key: item.default for item in settings.SETTINGS}
    return {**values, "notify.desktop": False, "notify.terminal": "off", "notify.email": False}


def delivered(reminder, channels) -> dict:
    return {channel: None for channel in channels}


def import_source(w: World):
    from tui import importing

    return importing.read_source(w.files / "people.vcf")


CASES: dict[str, Case] = {
    # accounts: each call is about the caller's own account
    "accounts.require": own(),
    "accounts.current_user": own(),
    "accounts.refresh": own(),
    "accounts.list_sessions": own(),
    "accounts.end_session_by_id": at(lambda w: w.ada_session),
    "accounts.end_all_sessions": own(),
    "accounts.change_password": own(PASSWORD, "a new password!"),
    "account_deletion.owned_counts": own(),
    "account_deletion.check_confirmation": Case(lambda w, me: (me.email,)),
    "account_deletion.delete_account": Case(lambda w, me: (me.email,)),
    # agenda and statistics
    "agenda.local_today": own(),
    "agenda.upcoming_dates": own(30),
    "agenda.tasks_due": own(),
    "agenda.agenda": own(),
    "stats.week_starts": own(),
    "stats.month_starts": own(),
    "stats.contact_count": own(),
    "stats.meetings_this_month": own(),
    "stats.followup_counts": own(),
    "stats.needs_attention": own(),
    "stats.headline": own(),
    "stats.recently_contacted": own(),
    "stats.open_deals_by_stage": own(),
    "stats.deals_closing_next": own(),
    "stats.meetings_per_week": own(),
    "stats.medium_breakdown": own(),
    "stats.contacts_added": own(),
    "stats.overview": own(),
    "stats.charts": own(),
    "pipeline_stats.conversions": own(),
    "pipeline_stats.average_days_in_stage": own(),
    "pipeline_stats.closed_by_month": own(),
    # the audit log
    "audit.record": Case(
        lambda w, me: (w.ada.user_id, "contact", w.grace, "update", {"name": "a"}, {"name": "b"}),
        kwargs=lambda w, me: {"contact_id": w.grace},
        aims_at_ada=True,
    ),
    "audit.contact_history": at(grace),
    # companies
    "companies.add_company": own(CompanyInput(name="Bletchley Park")),
    "companies.get_company": at(lambda w: w.company),
    "companies.find_company": own("US Navy"),
    "companies.company_id_for": own("US Navy"),
    "companies.edit_company": at(lambda w: w.company, lambda w: CompanyInput(name="Renamed")),
    "companies.delete_company": at(lambda w: w.company),
    "companies.list_companies": own(),
    "companies.people_of": at(lambda w: w.company),
    "companies.deals_of": at(lambda w: w.company),
    # contacts
    "contacts.options": own("relationship"),
    "contacts.unknown_category": own("relationship", "mentor"),
    "contacts.check_categories": own(
        {"relationship": "mentor", "industry": "shipping"}, False, {"industry": "shipping"}
    ),
    # categories: each call is about the caller's own categories
    "categories.own_categories": own(),
    "categories.rename_category": own("relationship", "mentor", "teacher"),
    "categories.remove_category": own("relationship", "mentor"),
    "contacts.add_contact": own(
        ContactInput(name="Grace Hopper", emails=["grace@navy.mil"], tags=["mentor"], company="US Navy")
    ),
    "contacts.edit_contact": at(grace, lambda w: ContactInput(name="Hacked")),
    "contacts.input_from": at(lambda w: w.contact_object),
    "contacts.get_contact": at(grace),
    "contacts.find_contact": own("Grace Hopper"),
    "contacts.set_flags": Case(lambda w, me: (w.grace,), kwargs=lambda w, me: {"archived": True}, aims_at_ada=True),
    "contacts.set_flags_many": Case(
        lambda w, me: ([w.grace, w.alan],), kwargs=lambda w, me: {"active": False}, aims_at_ada=True
    ),
    "contacts.tag_contacts": at(lambda w: [w.grace], lambda w: "hacked"),
    "contacts.untag_contacts": at(lambda w: [w.grace], lambda w: "mentor"),
    "contacts.all_tags": own(),
    "contacts.archive_contact": at(grace),
    "contacts.restore_contact": at(grace),
    "contacts.delete_contact": at(grace),
    "contacts.contact_status": at(lambda w: w.contact_object),
    "contacts.contact_dict": at(lambda w: w.contact_object),
    "contacts.count_contacts": own(),
    "contacts.list_contacts": own(ContactFilter(search="grace")),
    "contacts.recently_added": own(),
    # custom fields
    "custom_fields.define_field": own("Hometown", "text"),
    "custom_fields.list_fields": own(),
    "custom_fields.delete_field": at(lambda w: w.custom_field),
    "custom_fields.parse_values": own({"Met at": "PyCon"}),
    "custom_fields.values_for": at(grace),
    # deals and products
    "deals.add_deal": at(lambda w: DealInput(title="Stolen", contact_id=w.grace)),
    "deals.get_deal": at(lambda w: w.deal),
    "deals.edit_deal": at(lambda w: w.deal, lambda w: DealInput(title="Hacked", contact_id=w.grace)),
    "deals.move_deal": at(lambda w: w.deal, lambda w: "proposal"),
    "deals.step": at(lambda w: w.deal, lambda w: 1),
    "deals.set_archived": at(lambda w: w.deal, lambda w: True),
    "deals.delete_deal": at(lambda w: w.deal),
    "deals.history": at(lambda w: w.deal),
    "deals.cards": own("qualified"),
    "deals.board": own(BoardFilter()),
    "deals.filter_options": own(),
    "deals.list_deals": own(),
    "lead_score.score_deal": at(lambda w: w.deal),
    "lead_score.scores": at(lambda w: [w.deal]),
    "products.list_products": own(),
    "products.active_count": own(),
    "products.can_activate": own(),
    "products.get_product": at(lambda w: w.product),
    "products.add_product": own("Compiler"),
    "products.edit_product": at(lambda w: w.product, lambda w: "Hacked"),
    "products.set_active": at(lambda w: w.product, lambda w: False),
    "products.delete_product": at(lambda w: w.product),
    # demo data
    "demo.fill": own(3, 7, 1),
    # duplicates and merges
    "duplicates.find_duplicates": own(),
    "merge.choice_key": own("Met at"),
    "merge.plan_merge": at(grace, lambda w: w.grace_copy),
    "merge.merge": at(grace, lambda w: w.grace_copy),
    "merge.list_merges": own(),
    "merge.last_merge": own(),
    "merge.undo_merge": at(lambda w: w.merge),
    # exporting and importing
    "exporting.contact_uid": at(grace, lambda w: None),
    "exporting.contact_records": own(),
    "exporting.write_vcards": Case(lambda w, me: (io.StringIO(),)),
    "exporting.write_csv": Case(lambda w, me: (io.StringIO(),)),
    "exporting.write_json": Case(lambda w, me: (io.StringIO(),)),
    "exporting.export": Case(lambda w, me: ("json", io.StringIO())),
    "exporting.export_to_path": Case(lambda w, me: ("vcard", w.files / "export.vcf")),
    "importing.preview": Case(lambda w, me: (import_source(w),)),
    "importing.apply_import": Case(lambda w, me: (import_source(w),)),
    "importing.import_file": Case(lambda w, me: (w.files / "people.vcf",)),
    # follow-ups, interactions, the timeline
    "followups.today": own(),
    "followups.pending": own(),
    "followups.mark_done": at(lambda w: w.follow_up),
    "followups.reopen": at(lambda w: w.follow_up),
    "followups.reschedule": at(lambda w: w.follow_up, lambda w: "+5d"),
    "interactions.refresh_last_contacted": at(grace),
    "interactions.log_interaction": at(grace, lambda w: InteractionInput("phone", notes="a note")),
    "interactions.get_interaction": at(lambda w: w.interaction),
    "interactions.edit_interaction": at(lambda w: w.interaction, lambda w: InteractionInput("sms", notes="edited")),
    "interactions.delete_interaction": at(lambda w: w.interaction),
    "interactions.for_contact": at(grace),
    "timeline.page": Case(lambda w, me: (TimelineFilter(contact_id=w.grace),), aims_at_ada=True),
    "picker.candidates": own("gra"),
    # notifications
    "notify.send_test": Case(lambda w, me: (no_channels(),)),
    # reminders
    "reminders.local_today": own(),
    "reminders.plan": own(),
    "reminders.replan_contact": at(grace),
    "reminders.forget_plans": own(),
    "reminders.add_custom": at(grace, lambda w: "+2h", lambda w: "Spy on Grace"),
    "reminders.due": Case(lambda w, me: (FIXED_NOW + timedelta(days=3),)),
    "reminders.tick": own(delivered, ("inapp",)),
    "reminders.get_reminder": at(lambda w: w.reminder),
    "reminders.mark_done": at(lambda w: w.reminder),
    "reminders.dismiss": at(lambda w: w.reminder),
    "reminders.snooze": at(lambda w: w.reminder, lambda w: "+3h"),
    "reminders.recent": own(),
    # scope: the filters themselves
    "scope.owned": own(Share),
    "scope.received_shares": own(),
    "scope.contact_access": at(grace),
    "scope.readable_contact": at(grace),
    "scope.notable_contact": at(grace),
    # settings
    "settings.read_settings": own(),
    "settings.displayed_settings": own(),
    "settings.update_settings": own({"birthday_lead_days": 5}),
    "settings.set_setting": own("smtp.host", "mail.example.org"),
    # sharing
    "sharing.shares_given": Case(lambda w, me: (w.grace,), aims_at_ada=True),
    "sharing.shares_received": own(),
    "sharing.get_share": at(lambda w: w.bob_share),
    "sharing.parse_expiry": own("+1w"),
    "sharing.share": at(grace, lambda w: "carol@example.org" if False else "bob@example.org", lambda w: "view_add"),
    "sharing.revoke": at(lambda w: w.bob_share),
    "sharing.announce_new_shares": own(),
    "sharing.shared_contact": at(grace),
    "sharing.shared_timeline": at(grace),
    "sharing.contact_name": at(grace),
    # suggestions
    "suggestions.local_today": own(),
    "suggestions.candidates": own(FIXED_NOW.date()),
    "suggestions.todays": own(),
    "suggestions.weekend_list": own(),
    "suggestions.advance": own("initiated"),
    "suggestions.statistics": own(),
    # tasks
    "tasks.add_task": at(lambda w: TaskInput(title="Snoop", contact_id=w.grace)),
    "tasks.get_task": at(lambda w: w.task),
    "tasks.edit_task": at(lambda w: w.task, lambda w: TaskInput(title="Hacked")),
    "tasks.set_done": at(lambda w: w.task),
    "tasks.delete_task": at(lambda w: w.task),
    "tasks.list_tasks": Case(lambda w, me: (False, w.grace), aims_at_ada=True),
    # templates
    "templates.ensure_defaults": own(),
    "templates.list_templates": own(),
    "templates.get_template": at(lambda w: w.template),
    "templates.save_template": Case(
        lambda w, me: (TemplateInput(name="Hacked", kind="custom", body="x"), w.template), aims_at_ada=True
    ),
    "templates.delete_template": at(lambda w: w.template),
    "templates.placeholder_values": at(lambda w: w.contact_object),
    # VIPs
    "vip.read_sections": at(grace),
    "vip.save_sections": at(grace, lambda w: VipSections(family="Hacked")),
    "vip.snapshot": own(),
}
"""How to call each function. `own(...)`: about the caller's own data; `at(...)`: aimed at Ada's records."""

EXEMPT: dict[str, str] = {
    "accounts.start_session": "makes a new random token for the caller's own login; it reads nothing and "
    "writes no one else's row (covered in test_sessions)",
}
"""Functions not called here, each with the reason."""

VIEW_ADD_MAY = {"interactions.log_interaction", "interactions.refresh_last_contacted"}
"""What a view_add share lets its recipient do to Ada's contact: add notes (and so move its last contact)."""
QUIET_FOR_OTHERS = {
    "reminders.replan_contact": "plans only the caller's own reminders: for someone else's contact it plans "
    "nothing and says nothing",
}
"""Calls aimed at Ada's records that write for Ada but are a silent no-op for anyone else (checked: nothing
of Ada's changes), rather than an error."""


# -- running a call and looking at the database ----------------------------------------------------------------------


def _owner_path(model: type[Model]) -> list[ForeignKeyField] | None:
    """The foreign keys leading from `model` to the user who owns its rows, or None for tables of nobody."""
    if model is User:
        return []
    for name in ("owner", "user"):
        if name in model._meta.fields and isinstance(model._meta.fields[name], ForeignKeyField):
            return [model._meta.fields[name]]
    for fk in model._meta.refs:
        rest = _owner_path(fk.rel_model)
        if rest is not None:
            return [fk, *rest]
    return None


def _owner_of(model: type[Model], row: dict, cache: dict) -> int | None:
    path = _owner_path(model)
    if path is None:
        return None
    if not path:
        return row["id"]
    value = row[path[0].name]
    for fk in path[1:]:
        if value is None:
            return None
        key = (fk.model, value)
        if key not in cache:
            parent = fk.model.select(fk).where(fk.model._meta.primary_key == value).tuples().first()
            cache[key] = parent[0] if parent else None
        value = cache[key]
    return value


def _naming(model: type[Model]) -> list[str]:
    """The columns of `model` that name a user without making them the owner: who wrote, who received."""
    path = _owner_path(model) or []
    # By identity: a peewee field's == builds a query expression.
    return [fk.name for fk in model._meta.refs if fk.rel_model is User and all(fk is not step for step in path)]


def ada_data(user_id: int, caller_id: int) -> dict[str, list]:
    """Every row that belongs to `user_id`, table by table: what the caller must not change.

    Two things are the caller's to change even on Ada's rows: a share made to the caller (a recipient
    may drop it, and deleting their account drops it), and the mention of the caller as a note's
    author (deleting their account blanks it). Those are left out, and everything else compared.
    """
    owned: dict[str, list] = {}
    cache: dict = {}
    for model in MODELS:
        if _owner_path(model) is None:
            continue
        rows = []
        for row in model.select().dicts():
            if _owner_of(model, row, cache) != user_id:
                continue
            if model is Share and row["recipient"] == caller_id:
                continue
            for name in _naming(model):
                if row.get(name) == caller_id:
                    row[name] = None
            rows.append(row)
        owned[model._meta.table_name] = sorted(repr(sorted(row.items())) for row in rows)
    return owned


def plain(value: Any) -> Any:
    """A call's result as plain values, to compare two worlds."""
    if isinstance(value, Model):
        data = {key: plain(item) for key, item in value.__data__.items()}
        data.update({f"rel.{key}": plain(item) for key, item in value.__rel__.items()})
        return (type(value).__name__, data)
    if isinstance(value, ModelSelect):
        return [plain(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            {item.name: plain(getattr(value, item.name)) for item in dataclasses.fields(value)},
        )
    if isinstance(value, dict):
        return {plain(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(item) for item in value]
    if inspect.isgenerator(value) or isinstance(value, typing.Iterator):
        return [plain(item) for item in value]
    if isinstance(value, io.StringIO):
        return value.getvalue()
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


@dataclass
class Outcome:
    """What one call gave: a result or an error, what it wrote to files and streams, and Ada's rows after."""

    result: Any = None
    error: tuple[str, str] | None = None
    ada_before: dict = field(default_factory=dict)
    ada_after: dict = field(default_factory=dict)

    @property
    def ada_changed(self) -> bool:
        return self.ada_before != self.ada_after


def call(
    name: str, function: Callable, case: Case, path: Path, world: World, caller: Actor, ada_exists: bool = True
) -> Outcome:
    """Run `function` as `caller` on a fresh copy of the world (without Ada's account unless `ada_exists`)."""
    copy = path.parent / f"run-{caller.user_id}-{int(ada_exists)}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(path, copy)
    database.open_database(str(copy))
    clock.fix(FIXED_NOW)
    try:
        if not ada_exists:
            User.delete().where(User.id == world.ada.user_id).execute()
        outcome = Outcome(ada_before=ada_data(world.ada.user_id, caller.user_id))
        args, kwargs = case.args(world, caller), case.kwargs(world, caller)
        try:
            outcome.result = plain(function(caller, *args, **kwargs))
        except CrmError as error:
            outcome.error = (type(error).__name__, str(error))
        streams = [plain(arg) for arg in args if isinstance(arg, io.StringIO)]
        written = [
            arg.read_text("utf-8")
            for arg in args
            if isinstance(arg, Path) and arg.name.startswith("export") and arg.exists()
        ]
        for arg in args:
            if isinstance(arg, Path) and arg.name.startswith("export"):
                arg.unlink(missing_ok=True)
        outcome.result = (outcome.result, streams, written)
        outcome.ada_after = ada_data(world.ada.user_id, caller.user_id)
    finally:
        database.close_database()
    return outcome


# -- the tests -------------------------------------------------------------------------------------------------------


def test_every_domain_function_is_in_the_table():
    found = set(domain_functions())
    missing = sorted(found - set(CASES) - set(EXEMPT))
    stale = sorted((set(CASES) | set(EXEMPT)) - found)
    assert not missing, (
        "domain functions that take an Actor but are not in tests/domain/test_isolation.py CASES "
        f"(say how to call them) or EXEMPT (say why not): {missing}"
    )
    assert not stale, f"CASES or EXEMPT name functions that no longer exist: {stale}"
    assert not set(CASES) & set(EXEMPT)


def test_the_world_is_as_described(template_world):
    path, world = template_world
    database.open_database(str(path))
    try:
        clock.fix(FIXED_NOW)
        assert sharing.shares_received(world.bob) == []  # his share has expired
        assert Share.get_by_id(world.bob_share).recipient_id == world.bob.user_id
        assert [info.permission for info in sharing.shares_received(world.vera)] == ["view"]
        assert [info.permission for info in sharing.shares_received(world.walt)] == ["view_add"]
        assert Interaction.get_by_id(world.walt_note).owner_id == world.ada.user_id
        assert Reminder.select().where(Reminder.user == world.ada.user_id).count() >= 2
    finally:
        database.close_database()


@pytest.mark.parametrize("name", sorted(CASES))
def test_nobody_but_the_owner_reaches_adas_data(name, template_world):
    path, world = template_world
    functions = domain_functions()
    if name not in functions:
        pytest.fail(f"{name} is in CASES but not a domain function any more")
    function, case = functions[name], CASES[name]

    owner = call(name, function, case, path, world, world.ada)
    assert owner.error is None, f"the arguments do not work for the owner: {owner.error}"
    writes_for_ada = owner.ada_changed

    outsider = call(name, function, case, path, world, world.bob)
    without_ada = call(name, function, case, path, world, world.bob, ada_exists=False)
    assert not outsider.ada_changed, (
        f"{name} called by Bob changed Ada's data: " + str(difference(outsider.ada_before, outsider.ada_after))[:3000]
    )
    assert (outsider.result, outsider.error) == (without_ada.result, without_ada.error), (
        f"{name} gives Bob something that depends on Ada's data"
    )

    for recipient in (world.vera, world.walt):
        seen = call(name, function, case, path, world, recipient)
        allowed = recipient is world.walt and name in VIEW_ADD_MAY
        if allowed:
            assert seen.error is None, f"{name}: view_add should allow it: {seen.error}"
            continue
        assert not seen.ada_changed, (
            f"{name} called by {recipient.name} changed Ada's data: "
            + str(difference(seen.ada_before, seen.ada_after))[:3000]
        )
        if case.aims_at_ada and writes_for_ada and name not in QUIET_FOR_OTHERS:
            assert seen.error is not None, f"{name} on Ada's records should be refused to {recipient.name}"


def difference(before: dict, after: dict) -> list:
    """The rows that differ, table by table, for a failure's message."""
    return [
        (table, sorted(set(before[table]) ^ set(after[table]))) for table in before if before[table] != after[table]
    ]
