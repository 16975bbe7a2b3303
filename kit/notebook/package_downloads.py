"""The explore page's downloads: a research package's files (any ``.qdpx`` project, the CSV
tables, ``datapackage.json``, the README) copied beside the page, in
``research-packages/<package>/``, and offered as links the page's own server serves (as My
learning's download: :func:`kit.notebook.records.file_address`)."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from kit.notebook.records import file_address
from kit.research.explore import ExportPackage

FOLDER = "research-packages"


def size_text(size: int) -> str:
    """A file's size in words a person reads: ``812 bytes``, ``14 KB``, ``3.2 MB``."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} KB"
    return f"{size / 1_000_000:.1f} MB"


def copy_beside(package: ExportPackage, page_folder: Path) -> list[Path]:
    """The package's files (:meth:`ExportPackage.files`) copied under ``page_folder``; a copy
    already there with the same size is kept."""
    target = page_folder / FOLDER / package.folder.name
    target.mkdir(parents=True, exist_ok=True)
    copies = []
    for source in package.files():
        copy = target / source.name
        if not copy.is_file() or copy.stat().st_size != source.stat().st_size:
            shutil.copyfile(source, copy)
        copies.append(copy)
    return copies


def links_html(copies: list[Path], page_folder: Path) -> str:
    """A list of download links to ``copies`` (files under ``page_folder``), with their sizes."""
    items = "".join(
        f'<li><a class="candle-package-file" href="{html.escape(file_address(path, page_folder))}" '
        f'download="{html.escape(path.name)}" style="text-decoration: underline; font-weight: 600">'
        f"{html.escape(path.name)}</a> ({size_text(path.stat().st_size)})</li>" for path in copies)
    qdpx = ("a <code>.qdpx</code> project opens in QualCoder, NVivo, ATLAS.ti and MAXQDA; "
            if any(path.suffix == ".qdpx" for path in copies) else "")
    return (f"<p><b>Download the package's files</b>: {qdpx}the CSV tables open in any "
            "statistics tool, described by <code>datapackage.json</code>.</p>"
            f"<ul>{items}</ul>")
