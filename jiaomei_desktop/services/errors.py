"""Errors a user can cause; each carries a message in the UI language (Chinese source text through `_`) that the GUI
and command line show as-is."""

from __future__ import annotations

from jiaomei_desktop.domain.progress import Cancelled  # noqa: F401  (re-exported: services raise it)
from jiaomei_desktop.i18n import _


class ServiceError(Exception):
    """A request that cannot be carried out; nothing was written."""


class NotFoundError(ServiceError):
    pass


class ValidationFailed(ServiceError):
    """The data breaks a rule; `errors` maps field names to messages for the form."""

    def __init__(self, errors: dict[str, str], message: str | None = None) -> None:
        self.errors = errors
        super().__init__(message or _("；").join(errors.values()))


class ReadOnlyRecord(ServiceError):
    """The record (or the unit a new record would be filed under) is kept by another office: read-only here."""
