"""Helpers for import tests: write CSV/XLSX files and snapshot the store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kit.store.workspace import Workspace

Rows = list[list[object]]


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write ``rows`` (header first) as a CSV file in ``encoding``; returns its path."""

    def write(rows: Rows, name: str = "import.csv", encoding: str = "utf-8") -> Path:
        lines = []
        for row in rows:
            cells = []
            for cell in row:
                text = "" if cell is None else str(cell)
                if any(ch in text for ch in ',"\n'):
                    text = '"' + text.replace('"', '""') + '"'
                cells.append(text)
            lines.append(",".join(cells))
        path = tmp_path / name
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
        return path

    return write


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """Write ``rows`` (header first) as the first sheet of an XLSX workbook."""

    def write(rows: Rows, name: str = "import.xlsx") -> Path:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        for row in rows:
            sheet.append(row)
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


@pytest.fixture
def snapshot() -> Callable[[Workspace], dict[str, bytes]]:
    """A function returning every file under records/ and private/, by relative path."""

    def take(workspace: Workspace) -> dict[str, bytes]:
        files = {}
        for base in ("records", "private"):
            for path in sorted((workspace.root / base).rglob("*")):
                if path.is_file():
                    files[str(path.relative_to(workspace.root))] = path.read_bytes()
        return files

    return take
