"""Accounts: sign-up, login, remembered sessions, logout.

Passwords are hashed with Argon2id and never stored, printed or logged in
clear. A session token is random, kept only hashed in the database, and
expires unless used: each use pushes the expiry forward. Repeated failed
logins with one address slow down; a forgotten password is reset with a
one-time token mailed to the account's address.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from peewee import IntegrityError

from . import clock, session_store, validation
from .errors import AuthError, CrmError, NotFound, ValidationError
from .models import LoginThrottle, PasswordReset, Session, User, database
from .scope import Actor, owned
from .terminal_text import quoted

if TYPE_CHECKING:  # for the annotations only: the code imports both where it uses them (Argon2 is slow to load)
    from argon2 import PasswordHasher

    from .notify.messages import Message

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
SESSION_LIFETIME = timedelta(days=30)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

WRONG_LOGIN = "wrong e-mail or password"


@functools.cache
def _hasher() -> PasswordHasher:
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
        raise ValidationError("email", f"{quoted(email.strip())} is not an e-mail address")
    return validation.email(value, "email")


def check_password(password: str) -> None:
    """Raise a ValidationError unless `password` is acceptable."""
    if not password:
        raise ValidationError("password", "the password cannot be empty")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError("password", f"the password is too short: use at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError("password", f"the password is too long: at most {MAX_PASSWORD_LENGTH} characters")
    if not password.strip():
        raise ValidationError("password", "the password is only spaces: use letters, digits or signs too")


def signup(email: str, name: str, password: str, timezone: str | None = None) -> Actor:
    """Create an account; the new user's Actor. Nothing is stored when a value is refused."""
    address = normalise_email(email)
    display_name = validation.display_name(name or "", "name")
    check_password(password)
    zone_name = clock.canonical_zone((timezone or "").strip() or clock.detect_timezone())
    now = clock.utcnow()
    try:
        with database.atomic():
            user = User.create(
                email=address,
                name=display_name,
                password_hash=_hasher().hash(password),
                timezone=zone_name,
                settings={},
                created_at=now,
                updated_at=now,
            )
    except IntegrityError:
        raise ValidationError("email", f"{address} is already registered: log in instead") from None
    return actor_for(user)


def authenticate(email: str, password: str) -> Actor:
    """The Actor of the account with this e-mail and password, or AuthError (never saying which was wrong).

    After FREE_LOGIN_FAILURES failed tries with one address, each next try is refused unchecked
    until a growing delay has passed (login_delay); the delay is kept per typed address, so it
    comes the same way whether or not an account uses it. A success clears it.
    """
    address = (email or "").strip().lower()
    _refuse_while_throttled(address)
    user = User.get_or_none(User.email == address)
    if user is None:
        _hasher().hash(password or "-")  # take as long as a real check, so timing tells nothing
        _note_failed_login(address)
        raise AuthError(WRONG_LOGIN)
    if not _password_matches(user.password_hash, password or ""):
        with database.atomic():
            User.update(failed_logins=User.failed_logins + 1, last_failed_login_at=clock.utcnow()).where(
                User.id == user.id
            ).execute()
            _note_failed_login(address)
        raise AuthError(WRONG_LOGIN)
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = _hasher().hash(password)
    user.failed_logins = 0
    with database.atomic():
        user.save()
        _clear_failed_logins(address)
    return actor_for(user)


# -- slowing down repeated failed logins ---------------------------------------------------------------------------

FREE_LOGIN_FAILURES = 3
"""Failed logins with one address that cost nothing; each one after them doubles the wait."""
MAX_LOGIN_DELAY = timedelta(minutes=5)
THROTTLE_MEMORY = timedelta(days=1)
"""Failures older than this are forgotten."""


def login_delay(failures: int) -> timedelta:
    """How long the next login with an address waits after `failures` failed ones in a row: 0, then 1 s, 2 s, 4 s..."""
    if failures < FREE_LOGIN_FAILURES:
        return timedelta(0)
    return min(timedelta(seconds=2 ** (failures - FREE_LOGIN_FAILURES)), MAX_LOGIN_DELAY)


def _address_hash(address: str) -> str:
    # Only a digest is kept, so the table is not a list of the addresses people typed.
    return hashlib.sha256(f"crm-login:{address}".encode()).hexdigest()


def login_wait(email: str) -> timedelta:
    """How long until a login with `email` may be tried again (zero when it may be tried now)."""
    row = LoginThrottle.get_or_none(LoginThrottle.address_hash == _address_hash((email or "").strip().lower()))
    if row is None:
        return timedelta(0)
    return max(timedelta(0), row.last_failed_at + login_delay(row.failures) - clock.utcnow())


def _refuse_while_throttled(address: str) -> None:
    wait = login_wait(address)
    if wait > timedelta(0):
        seconds = math.ceil(wait.total_seconds())
        raise AuthError(f"too many failed logins with this address: try again in {seconds} s")


def _note_failed_login(address: str) -> None:
    now = clock.utcnow()
    with database.atomic():
        LoginThrottle.delete().where(LoginThrottle.last_failed_at < now - THROTTLE_MEMORY).execute()
        (
            LoginThrottle.insert(address_hash=_address_hash(address), failures=1, last_failed_at=now)
            .on_conflict(
                conflict_target=[LoginThrottle.address_hash],
                update={LoginThrottle.failures: LoginThrottle.failures + 1, LoginThrottle.last_failed_at: now},
            )
            .execute()
        )


def _clear_failed_logins(address: str) -> None:
    LoginThrottle.delete().where(LoginThrottle.address_hash == _address_hash(address)).execute()


def _reset_token() -> str:
    """A new password reset token, never starting with "-": `crm reset-password --token -x...` reads as an option."""
    while True:
        token = secrets.token_urlsafe(24)
        if not token.startswith("-"):
            return token


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
        user=actor.user_id,
        token_hash=_token_hash(token),
        label=session_label() if label is None else label,
        created_at=now,
        last_used_at=now,
        expires_at=now + SESSION_LIFETIME,
    )
    return token


def resume_session(token: str | None) -> Actor | None:
    """The Actor of a remembered, unexpired session, renewing its expiry; None otherwise."""
    if not token:
        return None
    now = clock.utcnow()
    with database.atomic():
        session = Session.select(Session, User).join(User).where(Session.token_hash == _token_hash(token)).first()
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


# -- remembered sessions: listing them, ending one or all ---------------------------------------------------------


@dataclass(frozen=True)
class SessionInfo:
    """One remembered login of an account, as the sessions list shows it."""

    id: int
    label: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    current: bool
    """Whether it is the login this machine remembers for the database asked about."""


def _current_hash(database_key: str | None) -> str | None:
    token = session_store.load_token(database_key) if database_key else None
    return _token_hash(token) if token else None


def list_sessions(actor: Actor, database_key: str | None = None) -> list[SessionInfo]:
    """`actor`'s unexpired remembered logins, last used first; the one this machine remembers is marked current."""
    current = _current_hash(database_key)
    rows = (
        owned(actor, Session)
        .where(Session.expires_at > clock.utcnow())
        .order_by(Session.last_used_at.desc(), Session.id.desc())
    )
    return [
        SessionInfo(row.id, row.label, row.created_at, row.last_used_at, row.expires_at, row.token_hash == current)
        for row in rows
    ]


def end_session_by_id(actor: Actor, session_id: int, database_key: str | None = None) -> SessionInfo:
    """Sign `actor` out of one of their remembered logins; the session as it was.

    When it is the one this machine remembers for `database_key`, the machine forgets it too.
    """
    found = next((info for info in list_sessions(actor, database_key) if info.id == session_id), None)
    if found is None:
        raise NotFound(f"no session with id {session_id}: `crm sessions` lists yours")
    Session.delete().where((Session.id == session_id) & (Session.user == actor.user_id)).execute()
    if found.current and database_key:
        session_store.forget_token(database_key)
    return found


def end_all_sessions(actor: Actor, database_key: str | None = None, keep_current: bool = False) -> int:
    """Sign `actor` out everywhere (or everywhere but this machine, with `keep_current`); how many sessions ended."""
    current = _current_hash(database_key)
    query = Session.delete().where(Session.user == actor.user_id)
    if keep_current and current:
        query = query.where(Session.token_hash != current)
    ended = query.execute()
    if not keep_current and database_key:
        session_store.forget_token(database_key)
    return ended


# -- password reset by e-mail (seed 004) ---------------------------------------------------------------------------

RESET_LIFETIME = timedelta(minutes=30)


def reset_requested_message(address: str) -> str:
    """The one answer to a reset request, whether or not an account uses `address`."""
    minutes = int(RESET_LIFETIME.total_seconds() // 60)
    return f"if an account uses {address}, a reset token is on its way to it; it works once, within {minutes} minutes"


def _reset_mail(user: User, token: str, expires_at: datetime) -> Message:
    from .notify.messages import Message

    until = clock.local(expires_at, clock.zone(user.timezone)).strftime("%H:%M on %A %d %B %Y (%Z)")
    text = "\n".join(
        [
            f"Somebody, hopefully you, asked to reset the password of the crm account {user.email}.",
            "",
            f"Your reset token: {token}",
            "",
            f'It works once, until {until}. Use it on crm\'s login screen under "Forgot password", or with:',
            "",
            "    crm reset-password --token TOKEN",
            "",
            "Setting a new password signs the account out everywhere.",
            "If you did not ask for this, ignore this mail: your password stays as it is.",
        ]
    )
    return Message("Your crm password reset token", "A one-time token to set a new password", text + "\n")


def request_password_reset(email: str) -> str:
    """Mail a one-time reset token (valid RESET_LIFETIME) to the account using `email`; what to tell the person.

    The answer is the same whether or not an account uses the address, and the mail server
    is contacted either way (see `tui.reset_mail`). Only the token's hash is stored; older
    unused tokens of the account stop working. When the mail cannot be sent, nothing is kept.
    """
    from . import reset_mail

    address = normalise_email(email)
    reset_mail.mail_settings()  # refuse an unset mailer before anything else, the same for every address
    user = User.get_or_none(User.email == address)
    if user is None:
        reset_mail.greet()
        return reset_requested_message(address)
    token = _reset_token()
    now = clock.utcnow()
    expires_at = now + RESET_LIFETIME
    with database.atomic():
        PasswordReset.delete().where((PasswordReset.user == user.id) & PasswordReset.used_at.is_null()).execute()
        reset = PasswordReset.create(user=user.id, token_hash=_token_hash(token), created_at=now, expires_at=expires_at)
    try:
        reset_mail.send(user.email, _reset_mail(user, token, expires_at))
    except CrmError:
        reset.delete_instance()
        raise
    return reset_requested_message(address)


def _usable_reset(token: str) -> PasswordReset:
    cleaned = (token or "").strip()
    hint = "ask for a new one with crm reset-password --email E, or under Forgot password"
    if not cleaned:
        raise ValidationError("token", "type the reset token from the mail")
    if not cleaned.isascii():
        raise ValidationError("token", f"this reset token is not valid: {hint}")
    reset = PasswordReset.get_or_none(PasswordReset.token_hash == _token_hash(cleaned))
    if reset is None:
        raise ValidationError("token", f"this reset token is not valid: {hint}")
    if reset.used_at is not None:
        raise ValidationError("token", f"this reset token has already been used: {hint}")
    if reset.expires_at <= clock.utcnow():
        minutes = int(RESET_LIFETIME.total_seconds() // 60)
        raise ValidationError("token", f"this reset token has expired (tokens last {minutes} minutes): {hint}")
    return reset


def reset_password(token: str, new_password: str) -> int:
    """Set a new password with a reset token, once; every session of the account ends. How many ended.

    An unknown, used or expired token, or a refused password, changes nothing.
    """
    reset = _usable_reset(token)
    check_password(new_password)
    now = clock.utcnow()
    with database.atomic():
        used = (
            PasswordReset.update(used_at=now)
            .where((PasswordReset.id == reset.id) & PasswordReset.used_at.is_null())
            .execute()
        )
        if not used:  # another process used it a moment ago
            raise ValidationError("token", "this reset token has already been used: ask for a new one")
        user = User.get_by_id(reset.user_id)
        User.update(password_hash=_hasher().hash(new_password), failed_logins=0, updated_at=now).where(
            User.id == user.id
        ).execute()
        PasswordReset.delete().where((PasswordReset.user == user.id) & PasswordReset.used_at.is_null()).execute()
        _clear_failed_logins(user.email)
        return Session.delete().where(Session.user == user.id).execute()


def change_password(actor: Actor, current: str, new: str, database_key: str | None = None) -> int:
    """Replace `actor`'s password after checking the current one; how many other sessions were ended.

    Every remembered session of the account ends except the one this machine remembers for
    `database_key`: whoever may have learnt the old password is signed out everywhere else.
    Unused password-reset tokens go too, since they were asked for against the old password.
    """
    user = current_user(actor)
    if not current:
        raise ValidationError("current", "type your current password")
    if not _password_matches(user.password_hash, current):
        raise ValidationError("current", "that is not your current password")
    try:
        check_password(new)
    except ValidationError as refusal:
        raise ValidationError("new", refusal.message) from None
    if new == current:
        raise ValidationError("new", "the new password is the same as the current one")
    with database.atomic():
        User.update(password_hash=_hasher().hash(new), failed_logins=0, updated_at=clock.utcnow()).where(
            User.id == user.id
        ).execute()
        PasswordReset.delete().where((PasswordReset.user == user.id) & PasswordReset.used_at.is_null()).execute()
        return end_all_sessions(actor, database_key, keep_current=True)
