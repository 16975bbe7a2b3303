"""A workspace folder: its settings (``kit.yaml``), its folders and its people."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kit.errors import WorkspaceError
from kit.filemodes import make_folder
from kit.model.records import PersonId, problems_from
from kit.store.atomic import write_text
from kit.store.record_store import DEFAULT_KEY_FOLDER, Store

SETTINGS_FILE = "kit.yaml"
MAX_SETTINGS_BYTES = 2**20
"""The largest ``kit.yaml`` read (1 MiB: thousands of people); a bigger one is refused."""
WORKSPACE_ENV = "CANDLE_WORKSPACE"
HUB_USER_ENV = "JUPYTERHUB_USER"
USER_ENV = "CANDLE_USER"
FOLDERS = ("records", "tables", "drafts", "private", "quarantine", "reviews", "exports")

PersonKind = Literal["practitioner", "lead", "link", "researcher", "admin"]
"""``admin``: an administrator, who may download anyone's whole record (on a hub, the
``candle-admins`` group); on one machine whoever runs the ``candle`` commands is one."""


class Person(BaseModel):
    """Someone who uses this workspace."""

    model_config = ConfigDict(extra="forbid")

    id: PersonId
    name: str = Field(min_length=1, max_length=100)
    kinds: list[PersonKind] = Field(min_length=1)


class Retention(BaseModel):
    """How long the kit keeps things, ``retention:`` in ``kit.yaml`` (each rule may be left out,
    and ``null`` switches it off). The defaults are conservative: they keep things longer rather
    than shorter, and ``candle retention`` only lists what is due until it is run with ``--apply``.

    - ``licence_ended_years``: a practitioner's records once their licence ended this many years
      ago (6: the usual limitation period in England and Wales);
    - ``draft_days``: an autosaved form draft not touched for this many days (365);
    - ``audit_years``: a line of the hub service's audit log this many years old (6).
    """

    model_config = ConfigDict(extra="forbid")

    licence_ended_years: int | None = Field(default=6, ge=1, le=100)
    draft_days: int | None = Field(default=365, ge=1, le=36_500)
    audit_years: int | None = Field(default=6, ge=1, le=100)


class Settings(BaseModel):
    """The contents of ``kit.yaml``."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    settings_version: int = 1
    review_period: Literal["monthly", "quarterly"] = "quarterly"
    renewal_months: int = Field(default=12, ge=1, le=60)
    current_user: PersonId | None = None
    people: list[Person] = Field(default_factory=list)
    key_folder: str | None = Field(default=DEFAULT_KEY_FOLDER.as_posix(), min_length=1, max_length=4096)
    """Where the people's data keys are (relative: inside the workspace). Back it up apart from
    the records. None (``key_folder: null``) keeps records plain: only a hub user's own copy."""
    retention: Retention = Field(default_factory=Retention)


@dataclass(frozen=True)
class Workspace:
    """One workspace on disk: settings, folders and the record store."""

    root: Path
    settings: Settings

    @classmethod
    def open(cls, path: Path | str | None = None) -> Workspace:
        """Open the workspace at ``path`` (default: $CANDLE_WORKSPACE; an error if unset)."""
        root = Path(path) if path else default_workspace_path()
        settings_path = root / SETTINGS_FILE
        if not settings_path.is_file():
            raise WorkspaceError(
                f"{root} is not a workspace: it has no {SETTINGS_FILE}.",
                "Create one with `candle init FOLDER`, or point to an existing workspace.",
            )
        return cls(root=root, settings=read_settings(settings_path))

    @classmethod
    def create(cls, path: Path | str, settings: Settings) -> Workspace:
        """Make a new workspace folder with ``settings``; refuse to overwrite one.

        The folder (if new) and its folders are ``0750``, ``private/`` ``0700``, ``kit.yaml``
        ``0640``, whatever the umask (:mod:`kit.filemodes`)."""
        root = Path(path)
        if (root / SETTINGS_FILE).exists():
            raise WorkspaceError(f"{root} is already a workspace.",
                                 "Choose an empty folder, or open the existing workspace.")
        for folder in FOLDERS:
            make_folder(root / folder)
        workspace = cls(root=root, settings=settings)
        if workspace.store.keys is not None:
            workspace.store.keys.make_folder()
        write_settings(root / SETTINGS_FILE, settings)
        return workspace

    @property
    def key_folder(self) -> Path | None:
        """The folder of the data keys (None: this workspace keeps its records plain)."""
        folder = self.settings.key_folder
        return None if folder is None else self.root / folder

    @cached_property
    def store(self) -> Store:
        """The record store of this workspace (its records sealed with the keys in
        :attr:`key_folder`)."""
        folder = self.settings.key_folder
        return Store(self.root, key_folder=None if folder is None else Path(folder))

    def folder(self, name: str) -> Path:
        """One of the workspace's folders (records, tables, drafts, private, ...)."""
        if name not in FOLDERS:
            raise WorkspaceError(f"'{name}' is not a workspace folder.",
                                 f"Use one of: {', '.join(FOLDERS)}.")
        return self.root / name

    def drafts_folder(self, private: bool = False) -> Path:
        """Where autosaved form drafts live, one folder a user: ``drafts/`` (for the forms of
        private records, names to hide, ``private/drafts/``)."""
        return self.folder("private") / "drafts" if private else self.folder("drafts")

    def person(self, person_id: str) -> Person:
        """The person ``person_id``; a clear error naming the known ids."""
        for person in self.settings.people:
            if person.id == person_id:
                return person
        known = ", ".join(p.id for p in self.settings.people) or "nobody yet"
        raise WorkspaceError(f"'{person_id}' is not a person in workspace {self.settings.name}.",
                             f"Known ids: {known}. Add them to {SETTINGS_FILE}.")

    def people_of_kind(self, kind: PersonKind) -> list[Person]:
        """Everyone with ``kind`` among their kinds, in the file's order."""
        return [person for person in self.settings.people if kind in person.kinds]

    def current_user(self) -> Person:
        """Who is using the kit: $JUPYTERHUB_USER, else $CANDLE_USER, else kit.yaml."""
        user_id = (os.environ.get(HUB_USER_ENV) or os.environ.get(USER_ENV)
                   or self.settings.current_user)
        if not user_id:
            raise WorkspaceError("This workspace does not say who you are.",
                                 f"Say who you are: candle people add {self.root} ID --current "
                                 f"(or set current_user in {self.root / SETTINGS_FILE}).")
        return self.person(user_id)


def default_workspace_path() -> Path:
    """$CANDLE_WORKSPACE; a clear error saying how to set it when it is not set.

    There is no fall-back: guessing a workspace would write someone's records into the
    wrong folder without saying so.
    """
    value = os.environ.get(WORKSPACE_ENV, "").strip()
    if not value:
        raise WorkspaceError(
            f"No workspace is chosen: the {WORKSPACE_ENV} environment variable is not set.",
            f"Start JupyterLab with it set to your workspace folder, e.g. "
            f"`{WORKSPACE_ENV}=/path/to/workspace jupyter lab` (in the kit's repository, "
            f"`make lab` does this for you); `candle init FOLDER` creates a workspace.")
    return Path(value)


# libyaml's safe loader when PyYAML was built with it (about 9 times faster: every page cell
# opens the workspace), else the pure-Python one; both build the same plain data.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_settings(path: Path) -> Settings:
    """Read and check ``kit.yaml``; every problem is named with the file."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_SETTINGS_BYTES + 1)
        if len(raw) > MAX_SETTINGS_BYTES:
            raise WorkspaceError(f"{path} is larger than {MAX_SETTINGS_BYTES // 2**20} MiB, the most "
                                 "a settings file may be, so it was not read.",
                                 "Keep only the settings in it (name, review period, people).")
        data = yaml.load(raw.decode("utf-8"), Loader=SAFE_LOADER) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise WorkspaceError(f"{path} cannot be read: {_reason(error)}.",
                             "Fix the file (it is YAML) and try again.") from None
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        details = "; ".join(str(p) for p in problems_from(error))
        raise WorkspaceError(f"{path} has problems: {details}.",
                             "Fix those settings and try again.") from None


def _reason(error: Exception) -> str:
    """A short reason: for YAML, the problem and where, not the echoed source lines."""
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        return f"{error.problem} (line {mark.line + 1}, column {mark.column + 1})"
    return str(error)


def write_settings(path: Path, settings: Settings) -> None:
    """Write ``kit.yaml`` (settings are small and edited by people, so YAML).

    Refuses settings it could not read back (over ``MAX_SETTINGS_BYTES``); the old file stays.
    """
    text = yaml.safe_dump(settings.model_dump(mode="json"), sort_keys=False, allow_unicode=True)
    if len(text.encode("utf-8")) > MAX_SETTINGS_BYTES:
        raise WorkspaceError(f"{path} would be larger than {MAX_SETTINGS_BYTES // 2**20} MiB with these "
                             "settings, too large to read back; nothing was changed.",
                             "Keep kit.yaml to the people of this workspace.")
    write_text(path, text)
