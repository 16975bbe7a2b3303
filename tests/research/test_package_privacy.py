"""The package copies no model field whose privacy class forbids it."""

from __future__ import annotations

import pytest

from kit.research import package


def test_no_exported_column_breaks_its_privacy_class() -> None:
    assert package.privacy_violations() == []


@pytest.mark.parametrize(("table", "column", "privacy"), [
    ("profiles", "display_name", "direct"), ("support_contacts", "note", "private_note"),
    ("reflections", "practitioner_id", "id"), ("reflections", "reflection_date", "date"),
    ("focus_areas", "label", "free text"),
])
def test_a_forbidden_column_would_be_caught(monkeypatch, table, column, privacy) -> None:
    monkeypatch.setattr(package, "MODEL_COLUMNS", [*package.MODEL_COLUMNS, (table, column)])
    assert privacy in package.privacy_violations()[0]
