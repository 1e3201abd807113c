"""E-mail reminders over SMTP (smtplib): plain or STARTTLS, with or without a login.

Every failure comes back as one sentence that says what went wrong and what to
check; nothing is raised through, so one bad setting cannot stop the other channels.
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from .. import clock
from ..terminal_text import one_line
from .messages import Message

SMTP_TIMEOUT_S = 10.0
PASSWORD_VARIABLE = "CRM_SMTP_PASSWORD"


def smtp_password(settings: dict[str, Any]) -> str:
    """The SMTP password: the stored setting, else $CRM_SMTP_PASSWORD."""
    return settings.get("smtp.password") or os.environ.get(PASSWORD_VARIABLE, "")


class EmailChannel:
    """Sends each notification as one mail to the user's own address."""

    name = "email"

    def __init__(self, settings: dict[str, Any], to_address: str, timeout: float = SMTP_TIMEOUT_S) -> None:
        self.host = settings["smtp.host"]
        self.port = int(settings["smtp.port"])
        self.starttls = bool(settings["smtp.starttls"])
        self.user = settings["smtp.user"]
        self.password = smtp_password(settings)
        self.sender = settings["smtp.from"] or to_address
        self.to_address = to_address
        self.timeout = timeout

    @property
    def where(self) -> str:
        """host:port, as messages name the server."""
        return f"{self.host}:{self.port}"

    def availability(self) -> tuple[bool, str]:
        """Whether the settings are complete enough to try; says what is missing."""
        if not self.host:
            return False, "smtp.host is not set: crm settings set smtp.host HOST"
        if self.user and not self.password:
            return False, (
                f"smtp.user is set but there is no password: set ${PASSWORD_VARIABLE} or crm settings set smtp.password"
            )
        return True, f"SMTP {self.where}" + (" with STARTTLS" if self.starttls else "") + f" to {self.to_address}"

    def compose(self, message: Message) -> EmailMessage:
        """The mail for `message`."""
        # EmailMessage (email.policy.default) parses each header and folds it as RFC 5322 says (encoded words for
        # non-ASCII); a value is never pasted into the header text. Every value is first made one safe line, so no
        # stored text (a display name, a contact's name) can add a header or make the policy refuse the mail.
        mail = EmailMessage()
        mail["From"] = one_line(self.sender)
        mail["To"] = one_line(self.to_address)
        mail["Subject"] = one_line(message.title)
        mail["Date"] = format_datetime(clock.now())
        # The sender's domain, not the host name: make_msgid's default looks the machine's name up in DNS.
        mail["Message-ID"] = make_msgid(domain=one_line(self.sender).rpartition("@")[2] or "crm.invalid")
        mail.set_content(message.text)
        return mail

    def send(self, message: Message) -> str | None:
        """Send `message`; None when the server accepted it, else why it did not."""
        ok, why = self.availability()
        if not ok:
            return why
        try:
            mail = self.compose(message)
        except (ValueError, TypeError, IndexError) as problem:  # email's header parser refuses the value
            return f"the reminder e-mail could not be written ({problem}): nothing was sent"
        try:
            server = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        except Exception as problem:  # noqa: BLE001 - every failure becomes the channel's message
            return self.describe(problem)
        try:
            if self.starttls:
                server.starttls(context=ssl.create_default_context())
            if self.user:
                server.login(self.user, self.password)
            server.send_message(mail)
        except Exception as problem:  # noqa: BLE001
            server.close()
            return self.describe(problem)
        try:
            server.quit()
        except (smtplib.SMTPException, OSError):
            # The server already took the mail: a failed goodbye must not make us send it again.
            server.close()
        return None

    def describe(self, problem: BaseException) -> str:
        """One sentence for an SMTP failure."""
        where = self.where
        if isinstance(problem, ConnectionRefusedError):
            return f"cannot connect to the SMTP server {where}: connection refused (check smtp.host and smtp.port)"
        if isinstance(problem, socket.gaierror):
            return f"unknown SMTP host {self.host!r}: {problem.strerror}"
        # smtplib reports a read that timed out as a disconnection; the timeout is the real story.
        if isinstance(problem, (TimeoutError, socket.timeout)) or isinstance(problem.__context__, TimeoutError):
            return f"the SMTP server {where} did not answer within {self.timeout:g} s"
        if isinstance(problem, smtplib.SMTPAuthenticationError):
            return (
                f"the SMTP server {where} refused the login of {self.user!r} "
                f"({problem.smtp_code} {_text(problem.smtp_error)}): check smtp.user and the password"
            )
        if isinstance(problem, smtplib.SMTPNotSupportedError):
            return f"the SMTP server {where} does not support what crm asked for: {problem} (check smtp.starttls)"
        if isinstance(problem, smtplib.SMTPRecipientsRefused):
            return f"the SMTP server {where} refused the recipient {self.to_address}: " + "; ".join(
                f"{code} {_text(text)}" for code, text in problem.recipients.values()
            )
        if isinstance(problem, smtplib.SMTPSenderRefused):
            return (
                f"the SMTP server {where} refused the sender {self.sender} "
                f"({problem.smtp_code} {_text(problem.smtp_error)}): check smtp.from"
            )
        if isinstance(problem, smtplib.SMTPServerDisconnected):
            return f"the SMTP server {where} closed the connection: {problem or 'no reason given'}"
        if isinstance(problem, smtplib.SMTPResponseException):
            return f"the SMTP server {where} answered {problem.smtp_code} {_text(problem.smtp_error)}"
        if isinstance(problem, ssl.SSLCertVerificationError):
            return f"the SMTP server {where} has a certificate crm cannot trust: {problem.verify_message}"
        if isinstance(problem, ssl.SSLError):
            return f"TLS with the SMTP server {where} failed: {problem.reason or problem}"
        if isinstance(problem, OSError):
            return f"cannot reach the SMTP server {where}: {problem.strerror or problem}"
        return f"sending mail through {where} failed: {type(problem).__name__}: {problem}"


def _text(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
