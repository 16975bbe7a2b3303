"""Pseudonyms: keyed, deterministic, prefixed by kind; the key is private and never replaced."""

from __future__ import annotations

import os
import stat

import pytest

from kit.errors import ExportError
from kit.research.pseudonyms import KEY_BYTES, Pseudonymiser, key_path, load_or_create_key
from kit.store.workspace import Workspace


def test_same_key_same_pseudonym_and_kinds_differ() -> None:
    key = bytes(range(KEY_BYTES))
    first, second = Pseudonymiser(key), Pseudonymiser(key)
    assert first("practitioner", "p01") == second("practitioner", "p01")
    assert first("practitioner", "p01").startswith("P-")
    assert first("reflection", "p01").startswith("R-")
    assert first("practitioner", "p01")[2:] != first("reflection", "p01")[2:]
    assert first("practitioner", "p01") != first("practitioner", "p02")
    assert first("practitioner", None) is None


def test_a_different_key_gives_different_pseudonyms() -> None:
    one = Pseudonymiser(bytes(KEY_BYTES))("practitioner", "p01")
    two = Pseudonymiser(bytes([1]) * KEY_BYTES)("practitioner", "p01")
    assert one != two


def test_missing_key_is_created_private_and_then_kept(research_ws: Workspace) -> None:
    path = key_path(research_ws)
    assert not path.exists()
    key = load_or_create_key(research_ws)
    assert len(key) == KEY_BYTES
    assert path.parent == research_ws.folder("private")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(research_ws) == key


def test_loose_key_permissions_are_tightened(research_ws: Workspace) -> None:
    load_or_create_key(research_ws)
    os.chmod(key_path(research_ws), 0o644)
    load_or_create_key(research_ws)
    assert stat.S_IMODE(key_path(research_ws).stat().st_mode) == 0o600


def test_a_damaged_key_is_refused_not_replaced(research_ws: Workspace) -> None:
    path = key_path(research_ws)
    path.write_bytes(b"short")
    with pytest.raises(ExportError, match="damaged"):
        load_or_create_key(research_ws)
    assert path.read_bytes() == b"short"


def test_export_creates_the_key_and_pseudonyms_are_stable(research_ws, run_export) -> None:
    _, first = run_export(research_ws)
    assert stat.S_IMODE(key_path(research_ws).stat().st_mode) == 0o600
    _, second = run_export(research_ws)
    assert (first / "reflections.csv").read_text() == (second / "reflections.csv").read_text()
