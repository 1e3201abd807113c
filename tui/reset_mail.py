"""The mail server password-reset tokens go out through: this machine's, set in the environment.

Not an account's own `smtp.*` settings: the person asking has not proven who they are,
the account they name may have no mail settings at all, and a reply that depended on
that account would tell a stranger whether the address has one. So the machine's
operator sets one mail server for crm (`CRM_MAIL_HOST`, ...), and it is contacted the
same way whether or not an account uses the address: a token is mailed when one
does; otherwise crm only says hello to the server and leaves.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from typing import Any

from .errors import CrmError, ValidationError
from .notify.mail import SMTP_TIMEOUT_S, EmailChannel
from .notify.messages import Message

VARIABLES = {
    "smtp.host": "CRM_MAIL_HOST",
    "smtp.port": "CRM_MAIL_PORT",
    "smtp.starttls": "CRM_MAIL_STARTTLS",
    "smtp.user": "CRM_MAIL_USER",
    "smtp.password": "CRM_MAIL_PASSWORD",
    "smtp.from": "CRM_MAIL_FROM",
}
"""Each SMTP setting and the environment variable that gives it for reset mails."""
DEFAULTS = {"smtp.port": "587", "smtp.starttls": "on", "smtp.user": "", "smtp.password": "", "smtp.from": ""}
NOT_SET_UP = (
    "password reset by e-mail is not set up on this machine: set CRM_MAIL_HOST "
    "(and CRM_MAIL_PORT, CRM_MAIL_STARTTLS, CRM_MAIL_USER, CRM_MAIL_PASSWORD, CRM_MAIL_FROM as needed) "
    "to the mail server crm may use"
)


def mail_settings() -> dict[str, Any]:
    """The reset mailer's settings from the environment; a CrmError when it is not set up or a value is wrong."""
    raw = {key: os.environ.get(variable, DEFAULTS.get(key, "")).strip() for key, variable in VARIABLES.items()}
    if not raw["smtp.host"]:
        raise CrmError(NOT_SET_UP)
    try:
        port = int(raw["smtp.port"])
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise ValidationError("smtp.port", f"CRM_MAIL_PORT must be a port number, not {raw['smtp.port']!r}")
    switch = raw["smtp.starttls"].lower()
    if switch not in ("on", "off", "true", "false", "yes", "no", "1", "0"):
        raise ValidationError("smtp.starttls", f"CRM_MAIL_STARTTLS must be on or off, not {raw['smtp.starttls']!r}")
    return {**raw, "smtp.port": port, "smtp.starttls": switch in ("on", "true", "yes", "1")}


def send(to_address: str, message: Message, timeout: float = SMTP_TIMEOUT_S) -> None:
    """Mail `message` to `to_address` through the reset mailer; a CrmError saying why it could not."""
    problem = EmailChannel(mail_settings(), to_address, timeout).send(message)
    if problem is not None:
        raise CrmError(f"the reset mail could not be sent: {problem}")


def greet(timeout: float = SMTP_TIMEOUT_S) -> None:
    """Connect to the reset mailer as a send would, and leave without sending; a CrmError as `send` gives."""
    channel = EmailChannel(mail_settings(), "nobody@invalid", timeout)
    ok, why = channel.availability()
    if not ok:
        raise CrmError(f"the reset mail could not be sent: {why}")
    try:
        server = smtplib.SMTP(channel.host, channel.port, timeout=timeout)
    except Exception as problem:  # noqa: BLE001 - every failure becomes the same sentence a send gives
        raise CrmError(f"the reset mail could not be sent: {channel.describe(problem)}") from None
    try:
        if channel.starttls:
            server.starttls(context=ssl.create_default_context())
        if channel.user:
            server.login(channel.user, channel.password)
        server.quit()
    except Exception as problem:  # noqa: BLE001
        server.close()
        raise CrmError(f"the reset mail could not be sent: {channel.describe(problem)}") from None
