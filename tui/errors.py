"""The errors the domain raises for a person to read: one clear sentence each."""

from __future__ import annotations


class CrmError(Exception):
    """Something the user can fix; the message says what and how."""


class ValidationError(CrmError):
    """A value that does not fit its field; `field` names the field it belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class NotFound(CrmError):
    """A record that does not exist, or that the acting user may not see."""


class PermissionDenied(CrmError):
    """A record the acting user may see but not change."""


class AuthError(CrmError):
    """Sign-in failed, or there is no signed-in user."""


class DatabaseRefused(CrmError):
    """A database file that crm will not open: not ours, too new, or unreachable."""
