"""Products (seed 001): what the user sells; at most 3 active at any time.

The limit is checked here first, so the user is told before the attempt, and
enforced again by a database trigger, so no code path can get around it.
Deleting a product keeps its deals, with no product.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from peewee import IntegrityError

from . import clock, validation
from .errors import NotFound, ValidationError
from .models import Deal, Product, database
from .scope import Actor, owned

MAX_ACTIVE = 3
T = TypeVar("T")

LIMIT_MESSAGE = f"at most {MAX_ACTIVE} products can be active: deactivate one first"


def list_products(actor: Actor) -> list[Product]:
    """`actor`'s products: active ones first, then by name."""
    return list(owned(actor, Product).order_by(Product.is_active.desc(), Product.name, Product.id))


def active_count(actor: Actor) -> int:
    """How many of `actor`'s products are active."""
    return owned(actor, Product, Product.id).where(Product.is_active == True).count()  # noqa: E712


def can_activate(actor: Actor) -> bool:
    """Whether one more product may be active now."""
    return active_count(actor) < MAX_ACTIVE


def get_product(actor: Actor, product_id: int) -> Product:
    """One of `actor`'s products, or NotFound."""
    product = owned(actor, Product).where(Product.id == product_id).first()
    if product is None:
        raise NotFound(f"no product with id {product_id}")
    return product


def _guarded(write: Callable[[], T]) -> T:
    """Run a write; the trigger's refusal becomes the same clear message the domain gives."""
    try:
        with database.atomic():
            return write()
    except IntegrityError as error:
        if "active products" in str(error):
            raise ValidationError("is_active", LIMIT_MESSAGE) from None
        raise


def add_product(actor: Actor, name: str, description: str = "", active: bool = True) -> Product:
    """A new product; refused when it would be the fourth active one."""
    title = validation.text(name, "name", 200, required=True)
    text = validation.text(description, "description", 5000, multiline=True)
    if active and not can_activate(actor):
        raise ValidationError("is_active", LIMIT_MESSAGE)
    now = clock.utcnow()
    return _guarded(
        lambda: Product.create(
            owner=actor.user_id, name=title, description=text, is_active=active, created_at=now, updated_at=now
        )
    )


def edit_product(actor: Actor, product_id: int, name: str, description: str = "") -> Product:
    """Rename a product or change its description."""
    product = get_product(actor, product_id)
    title = validation.text(name, "name", 200, required=True)
    text = validation.text(description, "description", 5000, multiline=True)
    Product.update(name=title, description=text, updated_at=clock.utcnow()).where(Product.id == product.id).execute()
    return get_product(actor, product.id)


def set_active(actor: Actor, product_id: int, active: bool) -> Product:
    """Activate or deactivate a product; activating a fourth is refused with a clear message."""
    product = get_product(actor, product_id)
    if active and not product.is_active and not can_activate(actor):
        raise ValidationError("is_active", LIMIT_MESSAGE)
    _guarded(
        lambda: Product.update(is_active=active, updated_at=clock.utcnow()).where(Product.id == product.id).execute()
    )
    return get_product(actor, product.id)


def delete_product(actor: Actor, product_id: int) -> int:
    """Delete a product; its deals stay, with no product. How many deals it had."""
    product = get_product(actor, product_id)
    deals = Deal.select().where(Deal.product == product.id).count()
    product.delete_instance()
    return deals


def product_dict(product: Product) -> dict[str, Any]:
    """A product as plain values for JSON."""
    return {
        "id": product.id,
        "name": product.name,
        "description": product.description,
        "active": product.is_active,
        "created_at": clock.iso_utc(product.created_at),
    }
