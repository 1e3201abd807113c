"""Companies (seed 002): the organisations contacts work for and deals are made with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from peewee import IntegrityError, fn

from . import clock, validation
from .errors import NotFound, ValidationError
from .models import Company, Contact, Deal, database
from .scope import Actor, owned

T = TypeVar("T")


@dataclass
class CompanyInput:
    name: str = ""
    domain: str = ""
    industry: str = ""
    notes: str = ""


@dataclass(frozen=True)
class CompanyRow:
    id: int
    name: str
    industry: str
    people: int
    deals: int


def _values(data: CompanyInput) -> dict[str, str]:
    return {
        "name": validation.text(data.name, "name", 200, required=True),
        "domain": validation.domain(data.domain),
        "industry": validation.text(data.industry, "industry", 60).lower(),
        "notes": validation.text(data.notes, "notes", 5000, multiline=True),
    }


def _unique(write: Callable[[], T], name: str) -> T:
    try:
        with database.atomic():
            return write()
    except IntegrityError:
        raise ValidationError("name", f"there is already a company called {name!r}") from None


def add_company(actor: Actor, data: CompanyInput) -> Company:
    """A new company of `actor` (names are unique per user)."""
    values = _values(data)
    if owned(actor, Company, Company.id).where(fn.lower(Company.name) == values["name"].lower()).exists():
        raise ValidationError("name", f"there is already a company called {values['name']!r}")
    now = clock.utcnow()
    return _unique(
        lambda: Company.create(owner=actor.user_id, created_at=now, updated_at=now, **values), values["name"]
    )


def get_company(actor: Actor, company_id: int) -> Company:
    """One of `actor`'s companies, or NotFound."""
    company = owned(actor, Company).where(Company.id == company_id).first()
    if company is None:
        raise NotFound(f"no company with id {company_id}")
    return company


def find_company(actor: Actor, reference: str) -> Company:
    """A company by id or by exact name (any case)."""
    text = reference.strip()
    if text.isascii() and text.isdigit():
        return get_company(actor, int(text))
    company = owned(actor, Company).where(fn.lower(Company.name) == text.lower()).first()
    if company is None:
        raise NotFound(f"no company named {text!r}")
    return company


def company_id_for(actor: Actor, name: str) -> int | None:
    """The id of `actor`'s company called `name`, created when new; None for an empty name."""
    title = validation.text(name, "company", 200)
    if not title:
        return None
    existing = owned(actor, Company, Company.id).where(fn.lower(Company.name) == title.lower()).scalar()
    if existing:
        return existing
    now = clock.utcnow()
    return Company.insert(owner=actor.user_id, name=title, created_at=now, updated_at=now).execute()


def edit_company(actor: Actor, company_id: int, data: CompanyInput) -> Company:
    """Change a company; its people and deals follow (search included)."""
    company = get_company(actor, company_id)
    values = _values(data)
    _unique(
        lambda: Company.update(updated_at=clock.utcnow(), **values).where(Company.id == company.id).execute(),
        values["name"],
    )
    return get_company(actor, company.id)


def delete_company(actor: Actor, company_id: int) -> None:
    """Delete a company; its contacts and deals stay, without a company."""
    get_company(actor, company_id).delete_instance()


def list_companies(actor: Actor, search: str = "", limit: int = 500) -> list[CompanyRow]:
    """`actor`'s companies with how many people and deals each has, by name."""
    people = Contact.select(fn.COUNT(Contact.id)).where((Contact.company == Company.id) & (Contact.archived == False))  # noqa: E712
    deals = Deal.select(fn.COUNT(Deal.id)).where((Deal.company == Company.id) & (Deal.archived == False))  # noqa: E712
    query = owned(
        actor, Company, Company.id, Company.name, Company.industry, people.alias("people"), deals.alias("deals")
    )
    if search.strip():
        query = query.where(fn.lower(Company.name).contains(search.strip().lower()))
    return [CompanyRow(*row) for row in query.order_by(fn.lower(Company.name)).limit(limit).tuples()]


def people_of(actor: Actor, company_id: int) -> list[Contact]:
    """The contacts working at one of `actor`'s companies."""
    company = get_company(actor, company_id)
    return list(
        Contact.select()
        .where((Contact.company == company.id) & (Contact.archived == False))  # noqa: E712
        .order_by(Contact.sort_name, Contact.id)
    )


def deals_of(actor: Actor, company_id: int) -> list[Deal]:
    """The deals made with one of `actor`'s companies, newest first."""
    company = get_company(actor, company_id)
    return list(Deal.select().where(Deal.company == company.id).order_by(Deal.created_at.desc(), Deal.id.desc()))
