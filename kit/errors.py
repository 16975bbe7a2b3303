"""One family of errors for the whole kit.

Every message says what is wrong in the user's words and what to do next;
the CLI and the forms show ``str(error)`` and never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class KitError(Exception):
    """Base of every error the kit raises on purpose.

    ``message`` says what is wrong, ``hint`` what to do next; ``details`` (not part of the
    sentence) what whoever runs the kit needs to look into it: pages show them folded away.
    """

    def __init__(self, message: str, hint: str = "", details: str = "") -> None:
        self.message = message
        self.hint = hint
        self.details = details  # for whoever runs the kit (an address, the system's own words)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of one input (a form, a row, a file)."""

    field: str
    message: str
    code: str = "invalid"
    row: int | None = None
    value: object = None

    def __str__(self) -> str:
        where = f"row {self.row}, " if self.row is not None else ""
        return f"{where}{self.field}: {self.message}"


class ValidationProblems(KitError):
    """Every problem found in one input, reported at once (never just the first)."""

    def __init__(self, problems: list[Problem], what: str = "This entry") -> None:
        self.problems = list(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        details = "; ".join(str(p) for p in self.problems)
        super().__init__(
            f"{what} has {count} {noun}: {details}.",
            "Correct the fields named and try again; nothing was saved.",
        )

    def by_field(self) -> dict[str, list[str]]:
        """Group the messages by field name, for showing beside each input."""
        grouped: dict[str, list[str]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.field, []).append(problem.message)
        return grouped


class WorkspaceError(KitError):
    """The workspace folder or its settings cannot be used."""


class StoreError(KitError):
    """A record could not be written or read; nothing saved was lost."""


class RecordNotFound(StoreError):
    """No record has the id asked for (a mistaken or made-up id, not a fault of the store)."""


class StaleEdit(KitError):
    """An edit made from a version that has since been replaced (by someone else, or in another
    tab): refused, carrying ``current``, the version stored now, so both can be shown."""

    def __init__(self, message: str, hint: str = "", current: object = None) -> None:
        super().__init__(message, hint)
        self.current = current


class PermissionDenied(KitError):
    """The current user may not write this record."""


class NoRole(PermissionDenied):
    """A hub user in none of the kit's roles: a page says so once, at its top (its header),
    and its other parts show nothing. ``admin_page``: the hub's admin page, where they are
    added (empty when not known): a page links :data:`ADMIN_PAGE_WORDS` in the sentence to it."""

    ADMIN_PAGE_WORDS = "the hub's admin page"

    def __init__(self, message: str, hint: str = "", admin_page: str = "") -> None:
        self.admin_page = admin_page
        super().__init__(message, hint)


class TemplateError(KitError):
    """A form, vocabulary or review template is malformed."""


class ImportFileError(KitError):
    """A CSV or XLSX file given to ``candle import`` cannot be read."""


class ReviewError(KitError):
    """A review run was asked for something that cannot be produced."""


class ReviewOutdated(ReviewError):
    """A made review shows record versions the read rule no longer lets anyone but their owner
    read (or cannot be checked): it is not shown until the lead's next run makes it again."""


class ExportError(KitError):
    """A research export cannot be produced as asked."""


class TableError(KitError):
    """A compiled table cannot be read or written as asked."""
