"""Accounts: sign-up, login, remembered sessions, logout.

Passwords are hashed with Argon2id and never stored, printed or logged in
clear. A session token is random, kept only hashed in the database, and
expires unless used: each use pushes the expiry forward.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
import socket
from datetime import timedelta

from peewee import IntegrityError

from . import clock, session_store
from .errors import AuthError, ValidationError
from .models import Session, User, database
from .scope import Actor

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
SESSION_LIFETIME = timedelta(days=30)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

WRONG_LOGIN = "wrong e-mail or password"


@functools.cache
def _hasher():
    """Argon2id with the library's recommended parameters (imported on first use: it is slow to load)."""
    from argon2 import PasswordHasher

    return PasswordHasher()


def _password_matches(stored_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def actor_for(user: User) -> Actor:
    """The Actor that stands for `user` in domain calls."""
    return Actor(user_id=user.id, email=user.email, name=user.name, timezone=user.timezone)


def normalise_email(email: str) -> str:
    """An e-mail address trimmed and lower-cased, or a ValidationError."""
    value = (email or "").strip().lower()
    if not value:
        raise ValidationError("email", "the e-mail address is required")
    if len(value) > 320 or not _EMAIL.match(value):
        raise ValidationError("email", f"{email.strip()!r} is not an e-mail address")
    return value


def check_password(password: str) -> None:
    """Raise a ValidationError unless `password` is acceptable."""
    if not password:
        raise ValidationError("password", "the password cannot be empty")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError("password", f"the password is too short: use at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError("password", f"the password is too long: at most {MAX_PASSWORD_LENGTH} characters")


def signup(email: str, name: str, password: str, timezone: str | None = None) -> Actor:
    """Create an account; the new user's Actor. Nothing is stored when a value is refused."""
    address = normalise_email(email)
    display_name = (name or "").strip()
    if not display_name:
        raise ValidationError("name", "the name is required")
    if len(display_name) > 200:
        raise ValidationError("name", "the name is too long: at most 200 characters")
    check_password(password)
    zone_name = (timezone or "").strip() or clock.detect_timezone()
    clock.zone(zone_name)
    now = clock.utcnow()
    try:
        with database.atomic():
            user = User.create(
                email=address, name=display_name, password_hash=_hasher().hash(password),
                timezone=zone_name, settings={}, created_at=now, updated_at=now)
    except IntegrityError:
        raise ValidationError("email", f"{address} is already registered: log in instead") from None
    return actor_for(user)


def authenticate(email: str, password: str) -> Actor:
    """The Actor of the account with this e-mail and password, or AuthError (never saying which was wrong)."""
    address = (email or "").strip().lower()
    user = User.get_or_none(User.email == address)
    if user is None:
        _hasher().hash(password or "-")  # take as long as a real check, so timing tells nothing
        raise AuthError(WRONG_LOGIN)
    if not _password_matches(user.password_hash, password or ""):
        User.update(failed_logins=User.failed_logins + 1, last_failed_login_at=clock.utcnow()).where(
            User.id == user.id).execute()
        raise AuthError(WRONG_LOGIN)
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = _hasher().hash(password)
    user.failed_logins = 0
    user.save()
    return actor_for(user)


def _token_hash(token: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough: there is nothing to guess.
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def session_label() -> str:
    """What tells this machine's session apart in a list: host name."""
    try:
        return socket.gethostname()[:100]
    except OSError:
        return ""


def start_session(actor: Actor, label: str | None = None) -> str:
    """A new remembered session for `actor`; the token (the only copy in clear)."""
    token = secrets.token_urlsafe(32)
    now = clock.utcnow()
    Session.create(
        user=actor.user_id, token_hash=_token_hash(token), label=session_label() if label is None else label,
        created_at=now, last_used_at=now, expires_at=now + SESSION_LIFETIME)
    return token


def resume_session(token: str | None) -> Actor | None:
    """The Actor of a remembered, unexpired session, renewing its expiry; None otherwise."""
    if not token:
        return None
    now = clock.utcnow()
    with database.atomic():
        session = (Session.select(Session, User).join(User)
                   .where(Session.token_hash == _token_hash(token)).first())
        if session is None:
            return None
        if session.expires_at <= now:
            session.delete_instance()
            return None
        # Never shorten a session: a run with --now in the past must not expire today's login.
        renewed = max(session.expires_at, now + SESSION_LIFETIME)
        Session.update(last_used_at=now, expires_at=renewed).where(Session.id == session.id).execute()
    return actor_for(session.user)


def end_session(token: str | None) -> None:
    """Forget the session of `token` in the database (logout)."""
    if token:
        Session.delete().where(Session.token_hash == _token_hash(token)).execute()


def require(actor: Actor | None) -> Actor:
    """`actor`, or AuthError telling how to sign in."""
    if actor is None:
        raise AuthError("not signed in: run crm login")
    return actor


def current_user(actor: Actor) -> User:
    """The User row of `actor` (name, e-mail, time zone, dates)."""
    return User.get_by_id(actor.user_id)


def refresh(actor: Actor) -> Actor:
    """`actor` re-read from the database, after a change of name or time zone."""
    return actor_for(current_user(actor))


def remembered_actor(database_key: str) -> Actor | None:
    """The user remembered on this machine for this database, if the session is still valid."""
    return resume_session(session_store.load_token(database_key))


def remember(database_key: str, actor: Actor) -> None:
    """Start a session for `actor` and remember it on this machine, replacing any other."""
    end_session(session_store.load_token(database_key))
    session_store.save_token(database_key, start_session(actor))


def forget(database_key: str) -> bool:
    """Log out on this machine: end the remembered session; whether there was one."""
    token = session_store.load_token(database_key)
    end_session(token)
    session_store.forget_token(database_key)
    return token is not None
