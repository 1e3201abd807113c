"""Demo data (`crm demo`): a whole account of made-up people, conversations and deals.

The same seed under the same clock gives the same data, so demos, screenshots
and the benchmark are repeatable. Filling adds to an account: tags and
companies are reused by name, everything else is new.

It is built for size (the benchmark loads 100,000 contacts and a million
interactions): rows are generated a chunk of contacts at a time and written
with one prepared statement per table inside a single transaction.
"""

from __future__ import annotations

import calendar
import json
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from . import clock
from . import demo_data as words
from .contacts import INDUSTRIES, RELATIONSHIPS, sort_key
from .models import (
    DEAL_STAGES,
    Background,
    BaseModel,
    Company,
    Contact,
    ContactInfo,
    ContactTag,
    Deal,
    DealStageHistory,
    Interaction,
    OptionValue,
    Product,
    Tag,
    Task,
    database,
)
from .scope import Actor, owned
from .sql_dialect import defer_foreign_keys, insert_rows, reserve_ids

CONTACTS_PER_CHUNK = 2000
HISTORY_DAYS = 730  # interactions reach two years back
OPEN_STAGES = DEAL_STAGES[:4]
STAGE_WEIGHTS = {"lead": 20, "qualified": 15, "proposal": 15, "negotiation": 10, "closed_won": 25, "closed_lost": 15}
MAX_ACTIVE_PRODUCTS = 3

_Row = tuple[Any, ...]
"""A row in stored form (the values the database driver takes), in the order of one of the `*_FIELDS` below."""


@dataclass(frozen=True)
class DemoSummary:
    """What one fill added."""

    contacts: int = 0
    vips: int = 0
    inactive: int = 0
    archived: int = 0
    companies: int = 0
    tags: int = 0
    interactions: int = 0
    products: int = 0
    deals: int = 0
    stage_changes: int = 0
    tasks: int = 0

    def __str__(self) -> str:
        return (
            f"added {self.contacts} contacts ({self.vips} VIP, {self.inactive} inactive, "
            f"{self.archived} archived), {self.interactions} interactions, {self.companies} new companies, "
            f"{self.tags} new tags, {self.products} products, {self.deals} deals "
            f"({self.stage_changes} stage changes), {self.tasks} tasks"
        )


class _Customer(NamedTuple):
    """A contact a deal or a task may be about."""

    contact_id: int
    name: str
    company_id: int | None


@dataclass
class _Tally:
    """Counts gathered while filling, frozen into a DemoSummary at the end."""

    contacts: int = 0
    vips: int = 0
    inactive: int = 0
    archived: int = 0
    interactions: int = 0
    deal_candidates: list[_Customer] = field(default_factory=list)


def fill(actor: Actor, contacts: int = 200, seed: int = 1, interactions_per_contact: float = 5) -> DemoSummary:
    """Fill `actor`'s account with made-up people, interactions, deals and tasks; same seed and clock, same data."""
    if contacts < 0 or interactions_per_contact < 0:
        raise ValueError("the number of contacts and of interactions per contact cannot be negative")
    rng = random.Random(seed)
    now = clock.utcnow().replace(microsecond=0)
    with database.atomic("IMMEDIATE"):
        # Tags are linked before their contact exists (see _insert_chunk), so the foreign keys
        # are checked at commit rather than per statement.
        defer_foreign_keys()
        _add_custom_options(actor)
        new_tags, tag_ids = _tags(actor)
        new_companies, companies = _companies(actor, rng, now, _company_count(contacts))
        tally = _Tally()
        first_id = reserve_ids(Contact, contacts)
        for start in range(0, contacts, CONTACTS_PER_CHUNK):
            positions = range(start, min(start + CONTACTS_PER_CHUNK, contacts))
            _insert_chunk(actor, rng, now, first_id, positions, companies, tag_ids, interactions_per_contact, tally)
        product_ids = _products(actor, now)
        deals, stage_changes = _deals(actor, rng, now, tally.deal_candidates, companies, product_ids)
        tasks = _tasks(actor, rng, now, tally.deal_candidates, deals)
    return DemoSummary(
        contacts=tally.contacts,
        vips=tally.vips,
        inactive=tally.inactive,
        archived=tally.archived,
        companies=new_companies,
        tags=new_tags,
        interactions=tally.interactions,
        products=len(product_ids),
        deals=len(deals),
        stage_changes=stage_changes,
        tasks=tasks,
    )


# --- writing ---------------------------------------------------------------------------------


def _stamp(moment: datetime) -> str:
    """A moment in the text form DateTimeField stores."""
    return moment.isoformat(" ")


def _json_list(values: list[str]) -> str:
    """A list in the compact form SQLite's json() stores."""
    return json.dumps(values, separators=(",", ":"))


# --- options, tags and companies (reused by name) -------------------------------------------


def _add_custom_options(actor: Actor) -> None:
    """Record the user's own relationship types and industries beside the predefined ones."""
    rows = [(actor.user_id, "relationship", value) for value in words.CUSTOM_RELATIONSHIPS] + [
        (actor.user_id, "industry", value) for value in words.CUSTOM_INDUSTRIES
    ]
    OptionValue.insert_many(
        rows, fields=[OptionValue.owner, OptionValue.kind, OptionValue.value]
    ).on_conflict_ignore().execute()


def _existing_by_name(actor: Actor, model: type[BaseModel]) -> dict[str, int]:
    """`actor`'s rows of `model` (Tag or Company) by lower-cased name."""
    return {name.lower(): row_id for row_id, name in owned(actor, model, model.id, model.name).tuples()}


def _tags(actor: Actor) -> tuple[int, list[int]]:
    """How many demo tags were new, and the ids of all of them."""
    existing = _existing_by_name(actor, Tag)
    missing = [(actor.user_id, name) for name in words.TAG_NAMES if name.lower() not in existing]
    insert_rows(Tag, (Tag.owner, Tag.name), missing)
    existing = _existing_by_name(actor, Tag)
    return len(missing), [existing[name.lower()] for name in words.TAG_NAMES]


def _company_count(contacts: int) -> int:
    """About one company for every ten contacts, so several people share each."""
    return max(3, min(2000, contacts // 10))


def _companies(actor: Actor, rng: random.Random, now: datetime, count: int) -> tuple[int, dict[int, str]]:
    """How many companies were new, and the chosen companies' names by id."""
    prefixes, roots, suffixes = words.COMPANY_PREFIXES, words.COMPANY_ROOTS, words.COMPANY_SUFFIXES
    picks = rng.sample(range(len(prefixes) * len(roots) * len(suffixes)), count)
    chosen = []
    for pick in picks:
        prefix, rest = divmod(pick, len(roots) * len(suffixes))
        root, suffix = divmod(rest, len(suffixes))
        chosen.append(
            (
                f"{prefixes[prefix]} {roots[root]} {suffixes[suffix]}",
                f"{prefixes[prefix]}{roots[root]}".lower() + ".example",
                rng.choice(INDUSTRIES + words.CUSTOM_INDUSTRIES),
            )
        )
    existing = _existing_by_name(actor, Company)
    stamp = _stamp(now)
    missing = [
        (actor.user_id, name, domain, industry, "", stamp, stamp)
        for name, domain, industry in chosen
        if name.lower() not in existing
    ]
    insert_rows(
        Company,
        (
            Company.owner,
            Company.name,
            Company.domain,
            Company.industry,
            Company.notes,
            Company.created_at,
            Company.updated_at,
        ),
        missing,
    )
    existing = _existing_by_name(actor, Company)
    return len(missing), {existing[name.lower()]: name for name, _, _ in chosen}


# --- contacts and their interactions ----------------------------------------------------------


class _ContactValues(NamedTuple):
    """A contact row in stored form; the names are Contact's fields."""

    id: int
    owner: int
    name: str
    sort_name: str
    emails: str
    phones: str
    whatsapp: str
    instagram: str
    company: int | None
    title: str
    relationship: str
    industry: str
    location: str
    address: str
    notes: str
    birthday: str | None
    birthday_md: str | None
    anniversary: str | None
    anniversary_md: str | None
    picture_url: str
    vip: bool
    active: bool
    archived: bool
    cadence_days: int | None
    last_contacted_at: str | None
    created_at: str
    updated_at: str


CONTACT_FIELDS = tuple(getattr(Contact, name) for name in _ContactValues._fields)
INTERACTION_FIELDS = (
    Interaction.owner,
    Interaction.contact,
    Interaction.author,
    Interaction.occurred_at,
    Interaction.medium,
    Interaction.type,
    Interaction.notes,
    Interaction.outcome,
    Interaction.follow_up_on,
    Interaction.follow_up_done_at,
    Interaction.created_at,
    Interaction.updated_at,
)
BACKGROUND_FIELDS = (
    Background.contact,
    Background.family,
    Background.company,
    Background.likes_dislikes,
    Background.misc_notes,
    Background.updated_at,
)
CONTACT_INFO_FIELDS = (
    ContactInfo.contact,
    ContactInfo.main_app,
    ContactInfo.email,
    ContactInfo.phone,
    ContactInfo.social_links,
    ContactInfo.updated_at,
)
MEDIUM_POOL = tuple(medium for medium, weight in words.MEDIUM_WEIGHTS for _ in range(weight))
RELATIONSHIP_POOL = RELATIONSHIPS * 3 + words.CUSTOM_RELATIONSHIPS
INDUSTRY_POOL = INDUSTRIES * 3 + words.CUSTOM_INDUSTRIES


def _insert_chunk(
    actor: Actor,
    rng: random.Random,
    now: datetime,
    first_id: int,
    positions: range,
    companies: dict[int, str],
    tag_ids: list[int],
    interactions_per_contact: float,
    tally: _Tally,
) -> None:
    """Generate and write the contacts at `positions` of this fill, with their tags, interactions and VIP rows."""
    company_ids = list(companies)
    contact_rows: list[_ContactValues] = []
    tag_rows: list[tuple[int, int]] = []
    interaction_rows: list[_Row] = []
    background_rows: list[_Row] = []
    info_rows: list[_Row] = []
    for position in positions:
        contact_id = first_id + position
        contact, talks = _contact(actor, rng, now, contact_id, position, company_ids, interactions_per_contact)
        contact_rows.append(contact)
        interaction_rows.extend(talks)
        tag_rows.extend((contact_id, tag_id) for tag_id in rng.sample(tag_ids, _tag_count(rng)))
        if contact.vip:
            background_rows.append(_background(rng, contact, _company_name(companies, contact.company), now))
            info_rows.append(_contact_info(rng, contact, now))
        tally.contacts += 1
        tally.vips += contact.vip
        tally.inactive += not contact.active
        tally.archived += contact.archived
        tally.interactions += len(talks)
        if not contact.archived:
            tally.deal_candidates.append(_Customer(contact_id, contact.name, contact.company))
    # Linking tags first means the search index trigger of each contact sees its tags at once,
    # instead of rewriting the contact's index entry once per tag afterwards.
    insert_rows(ContactTag, (ContactTag.contact, ContactTag.tag), tag_rows)
    insert_rows(Contact, CONTACT_FIELDS, contact_rows)
    # In time order the (owner, occurred_at) index grows in one sweep rather than at random
    # places: about a quarter less work than writing them contact by contact.
    interaction_rows.sort(key=_occurred_at)
    insert_rows(Interaction, INTERACTION_FIELDS, interaction_rows)
    insert_rows(Background, BACKGROUND_FIELDS, background_rows)
    insert_rows(ContactInfo, CONTACT_INFO_FIELDS, info_rows)


def _occurred_at(row: _Row) -> str:
    return row[3]


def _company_name(companies: dict[int, str], company_id: int | None) -> str:
    """The name of the company `company_id`; empty for none."""
    return companies.get(company_id, "") if company_id is not None else ""


def _contact(
    actor: Actor,
    rng: random.Random,
    now: datetime,
    contact_id: int,
    position: int,
    company_ids: list[int],
    interactions_per_contact: float,
) -> tuple[_ContactValues, list[_Row]]:
    """One contact and its interaction rows."""
    name, mail_name = _person(rng)
    company_id = rng.choice(company_ids) if company_ids and rng.random() < 0.6 else None
    location, phone_prefix, phone_digits = rng.choice(words.LOCATIONS)
    phones = [_phone(rng, phone_prefix, phone_digits) for _ in range(_weighted_count(rng, (0.15, 0.75, 0.1)))]
    emails = [
        f"{mail_name}@{domain}" for domain in rng.sample(words.EMAIL_DOMAINS, _weighted_count(rng, (0.08, 0.72, 0.2)))
    ]
    whatsapp = phones[0] if phones and rng.random() < 0.45 else ""
    instagram = f"{mail_name.replace('-', '_')}{rng.randint(1, 99)}" if rng.random() < 0.3 else ""
    created_at = (now - timedelta(days=rng.uniform(1, 1100))).replace(microsecond=0)
    talks, last_contacted_at = _interactions(actor, rng, now, contact_id, created_at, interactions_per_contact)
    # The first two contacts of every fill carry the edge cases the app must handle.
    birthday = "--02-29" if position == 0 else _calendar_day(rng, now, 0.7, 0.2, 18, 80)
    anniversary = _calendar_day(rng, now, 0.12, 0.1, 1, 40)
    vip = position == 1 or rng.random() < 0.05
    archived = position > 1 and rng.random() < 0.02
    active = position <= 1 or rng.random() >= 0.1
    stamp = _stamp(created_at)
    contact = _ContactValues(
        id=contact_id,
        owner=actor.user_id,
        name=name,
        sort_name=sort_key(name),
        emails=_json_list(emails),
        phones=_json_list(phones),
        whatsapp=whatsapp,
        instagram=instagram,
        company=company_id,
        title=rng.choice(words.JOB_TITLES) if rng.random() < 0.8 else "",
        relationship=rng.choice(RELATIONSHIP_POOL),
        industry=rng.choice(INDUSTRY_POOL) if rng.random() < 0.7 else "",
        location=location if rng.random() < 0.85 else "",
        address=_address(rng, location) if rng.random() < 0.2 else "",
        notes=_note(rng) if rng.random() < 0.4 else "",
        birthday=birthday,
        birthday_md=birthday[-5:] if birthday else None,
        anniversary=anniversary,
        anniversary_md=anniversary[-5:] if anniversary else None,
        picture_url="",
        vip=vip,
        active=active,
        archived=archived,
        cadence_days=rng.choice((7, 14, 30, 60, 90, 180)) if rng.random() < 0.25 else None,
        last_contacted_at=last_contacted_at,
        created_at=stamp,
        updated_at=last_contacted_at or stamp,
    )
    return contact, talks


def _person(rng: random.Random) -> tuple[str, str]:
    """A full name and the ASCII spelling used for its e-mail address."""
    if rng.random() < 0.04:
        return rng.choice(words.CJK_NAMES)
    first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
    return f"{first} {last}", f"{_ascii(first)}.{_ascii(last)}"


def _ascii(name: str) -> str:
    """`name` lower-cased with accents and anything not a letter dropped: "Łukasz" -> "lukasz"."""
    decomposed = unicodedata.normalize("NFKD", name.translate(words.LETTERS_WITHOUT_DECOMPOSITION))
    return "".join(char for char in decomposed.lower() if char.isascii() and char.isalpha())


def _phone(rng: random.Random, prefix: str, digits: int) -> str:
    """An E.164 number: the location's prefix and random digits."""
    return f"{prefix}{rng.randrange(10**digits):0{digits}d}"


def _weighted_count(rng: random.Random, weights: tuple[float, ...]) -> int:
    """0, 1, 2... with the given probabilities."""
    roll = rng.random()
    for count, weight in enumerate(weights):
        roll -= weight
        if roll < 0:
            return count
    return len(weights) - 1


def _tag_count(rng: random.Random) -> int:
    return _weighted_count(rng, (0.3, 0.35, 0.25, 0.1))


def _calendar_day(
    rng: random.Random, now: datetime, share: float, yearless_share: float, min_years: int, max_years: int
) -> str | None:
    """A birthday or anniversary for `share` of contacts: `YYYY-MM-DD`, or `--MM-DD` for `yearless_share` of them."""
    if rng.random() >= share:
        return None
    day = date(2024, 1, 1) + timedelta(days=rng.randrange(366))  # 2024 is a leap year: 29 February included
    if rng.random() < yearless_share:
        return f"--{day:%m-%d}"
    year = now.year - rng.randint(min_years, max_years)
    while day.month == 2 and day.day == 29 and not calendar.isleap(year):
        year -= 1
    return f"{year:04d}-{day:%m-%d}"


def _address(rng: random.Random, location: str) -> str:
    return f"{rng.randint(1, 180)} {rng.choice(words.STREETS)}, {location}"


def _note(rng: random.Random) -> str:
    return f"{rng.choice(words.NOTE_OPENINGS)} {rng.choice(words.NOTE_PLACES)}. {rng.choice(words.NOTE_DETAILS)}"


def _interactions(
    actor: Actor, rng: random.Random, now: datetime, contact_id: int, created_at: datetime, per_contact: float
) -> tuple[list[_Row], str | None]:
    """A contact's interactions (INTERACTION_FIELDS order), oldest first, between its creation and now,
    and the moment of the last one."""
    count = int(rng.random() * (2 * per_contact + 1))
    start = max(created_at, now - timedelta(days=HISTORY_DAYS))
    span_minutes = int((now - start).total_seconds() // 60)
    minutes = sorted(rng.randrange(span_minutes) for _ in range(count))
    rows: list[_Row] = []
    for offset in minutes:
        moment = start + timedelta(minutes=offset)
        medium = rng.choice(MEDIUM_POOL)
        follow_up_on, follow_up_done_at = _follow_up(rng, now, moment)
        stamp = _stamp(moment)
        rows.append(
            (
                actor.user_id,
                contact_id,
                actor.user_id,
                stamp,
                medium,
                rng.choice(words.INTERACTION_TYPES[medium]),
                rng.choice(words.INTERACTION_NOTES) if rng.random() < 0.7 else "",
                rng.choice(words.OUTCOMES) if rng.random() < 0.5 else "",
                follow_up_on,
                follow_up_done_at,
                stamp,
                stamp,
            )
        )
    return rows, rows[-1][3] if rows else None


def _follow_up(rng: random.Random, now: datetime, moment: datetime) -> tuple[str | None, str | None]:
    """A follow-up date for some interactions, marked done when it has passed (mostly)."""
    if rng.random() >= 0.08:
        return None, None
    due = (moment + timedelta(days=rng.randint(2, 21))).date()
    done = due < now.date() and rng.random() < 0.75
    return due.isoformat(), _stamp(datetime.combine(due, datetime.min.time()) + timedelta(hours=9)) if done else None


def _background(rng: random.Random, contact: _ContactValues, company: str, now: datetime) -> _Row:
    return (
        contact.id,
        rng.choice(words.FAMILY_NOTES),
        company,
        rng.choice(words.LIKES_DISLIKES),
        rng.choice(words.MISC_NOTES),
        _stamp(now),
    )


def _contact_info(rng: random.Random, contact: _ContactValues, now: datetime) -> _Row:
    emails, phones = json.loads(contact.emails), json.loads(contact.phones)
    links = [f"https://www.linkedin.com/in/demo-{contact.id}"]
    if contact.instagram:
        links.append(f"https://instagram.com/{contact.instagram}")
    return (
        contact.id,
        rng.choice(words.MAIN_APPS),
        emails[0] if emails else "",
        phones[0] if phones else "",
        _json_list(links),
        _stamp(now),
    )


# --- the pipeline and tasks -------------------------------------------------------------------

DEAL_FIELDS = (
    Deal.id,
    Deal.owner,
    Deal.title,
    Deal.contact,
    Deal.company,
    Deal.product,
    Deal.stage,
    Deal.value_milli,
    Deal.currency,
    Deal.source,
    Deal.assignee,
    Deal.expected_close_on,
    Deal.archived,
    Deal.stage_changed_at,
    Deal.closed_at,
    Deal.created_at,
    Deal.updated_at,
)


def _products(actor: Actor, now: datetime) -> list[int]:
    """The demo products: active while fewer than three are, inactive after that."""
    active = owned(actor, Product).where(Product.is_active == True).count()  # noqa: E712
    ids: list[int] = []
    for name, description in words.PRODUCTS:
        is_active = active < MAX_ACTIVE_PRODUCTS and len(ids) < MAX_ACTIVE_PRODUCTS
        active += is_active
        ids.append(
            Product.insert(
                owner=actor.user_id,
                name=name,
                description=description,
                is_active=is_active,
                created_at=now,
                updated_at=now,
            ).execute()
        )
    return ids


def _deal_count(candidates: int) -> int:
    """One deal for about every eight contacts, and at least one per stage when there is anyone to sell to."""
    return 0 if not candidates else max(len(DEAL_STAGES), candidates // 8)


def _stage_path(rng: random.Random, final: str) -> tuple[str, ...]:
    """The stages a deal went through to reach `final`, in order."""
    if final in OPEN_STAGES:
        return OPEN_STAGES[: OPEN_STAGES.index(final) + 1]
    if final == "closed_won":
        return OPEN_STAGES + (final,)
    return OPEN_STAGES[: rng.randint(1, len(OPEN_STAGES))] + (final,)


def _deals(
    actor: Actor,
    rng: random.Random,
    now: datetime,
    candidates: list[_Customer],
    companies: dict[int, str],
    product_ids: list[int],
) -> tuple[list[int], int]:
    """Deals across every stage with their stage history; the deal ids and the number of history rows."""
    stage_pool = tuple(stage for stage, weight in STAGE_WEIGHTS.items() for _ in range(weight))
    count = _deal_count(len(candidates))
    first_id = reserve_ids(Deal, count)
    deal_rows, history_rows = [], []
    for index in range(count):
        deal_id = first_id + index
        final = DEAL_STAGES[index] if index < len(DEAL_STAGES) else rng.choice(stage_pool)
        path = _stage_path(rng, final)
        created_at = now - timedelta(days=rng.uniform(3, 540))
        span = (now - created_at).total_seconds()
        moments = [created_at] + sorted(created_at + timedelta(seconds=rng.uniform(0, span)) for _ in path[1:])
        moments = [moment.replace(microsecond=0) for moment in moments]
        for step, stage in enumerate(path):
            history_rows.append(
                (deal_id, path[step - 1] if step else None, stage, _stamp(moments[step]), actor.user_id)
            )
        deal_rows.append(_deal_row(actor, rng, now, deal_id, final, moments, candidates, companies, product_ids))
    insert_rows(Deal, DEAL_FIELDS, deal_rows)
    insert_rows(
        DealStageHistory,
        (
            DealStageHistory.deal,
            DealStageHistory.from_stage,
            DealStageHistory.to_stage,
            DealStageHistory.changed_at,
            DealStageHistory.changed_by,
        ),
        history_rows,
    )
    return [row[0] for row in deal_rows], len(history_rows)


def _deal_row(
    actor: Actor,
    rng: random.Random,
    now: datetime,
    deal_id: int,
    stage: str,
    moments: list[datetime],
    candidates: list[_Customer],
    companies: dict[int, str],
    product_ids: list[int],
) -> _Row:
    """One deal (DEAL_FIELDS order) whose stage and dates agree with its history `moments`."""
    customer = rng.choice(candidates)
    product_id = rng.choice(product_ids) if rng.random() < 0.8 else None
    product_name = words.PRODUCTS[product_ids.index(product_id)][0] if product_id else "Consulting"
    buyer = _company_name(companies, customer.company_id) or customer.name
    closed = stage.startswith("closed_")
    changed_at = moments[-1]
    expected = changed_at.date() if closed else (now + timedelta(days=rng.randint(7, 120))).date()
    cents = rng.randrange(250_00, 50_000_00, 50)
    return (
        deal_id,
        actor.user_id,
        f"{product_name} for {buyer}",
        customer.contact_id,
        customer.company_id,
        product_id,
        stage,
        cents * 10,
        rng.choice(words.CURRENCIES),
        rng.choice(words.DEAL_SOURCES),
        actor.name,
        expected.isoformat(),
        closed and rng.random() < 0.1,
        _stamp(changed_at),
        _stamp(changed_at) if closed else None,
        _stamp(moments[0]),
        _stamp(changed_at),
    )


def _tasks(actor: Actor, rng: random.Random, now: datetime, candidates: list[_Customer], deal_ids: list[int]) -> int:
    """A few tasks, some done, some overdue, some about a contact or a deal; how many."""
    count = max(3, min(200, len(candidates) // 25))
    rows = []
    for _ in range(count):
        due = (now + timedelta(days=rng.randint(-10, 30))).date()
        done_at = _stamp(now - timedelta(hours=rng.randint(1, 240))) if rng.random() < 0.3 else None
        contact_id = rng.choice(candidates).contact_id if candidates and rng.random() < 0.7 else None
        deal_id = rng.choice(deal_ids) if deal_ids and rng.random() < 0.2 else None
        rows.append(
            (
                actor.user_id,
                rng.choice(words.TASK_TITLES),
                "",
                due.isoformat(),
                done_at,
                contact_id,
                deal_id,
                _stamp(now),
                _stamp(now),
            )
        )
    insert_rows(
        Task,
        (
            Task.owner,
            Task.title,
            Task.notes,
            Task.due_on,
            Task.done_at,
            Task.contact,
            Task.deal,
            Task.created_at,
            Task.updated_at,
        ),
        rows,
    )
    return count
