"""The explore page's downloads: a research package's files (any ``.qdpx`` project, the CSV
tables, ``datapackage.json``, the README) listed with their sizes; one click copies them beside
the page, in ``research-packages/<package>/``, and offers them as links the page's own server
serves (as My learning's download button does: :func:`kit.notebook.records.file_address`).
Nothing is copied until the person asks."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import ipywidgets as widgets

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


def files_html(files: list[Path]) -> str:
    """What the package's files are for, and each one's name and size."""
    qdpx = ("a <code>.qdpx</code> project opens in QualCoder, NVivo, ATLAS.ti and MAXQDA; "
            if any(path.suffix == ".qdpx" for path in files) else "")
    total = size_text(sum(path.stat().st_size for path in files))
    return (f"<p><b>The package's files</b> ({len(files)}, {total} in all): {qdpx}the CSV tables "
            "open in any statistics tool, described by <code>datapackage.json</code>.</p>")


def links_html(copies: list[Path], page_folder: Path) -> str:
    """A list of download links to ``copies`` (files under ``page_folder``), with their sizes."""
    items = "".join(
        f'<li><a class="candle-package-file" href="{html.escape(file_address(path, page_folder))}" '
        f'download="{html.escape(path.name)}" style="text-decoration: underline; font-weight: 600">'
        f"{html.escape(path.name)}</a> ({size_text(path.stat().st_size)})</li>" for path in copies)
    return f'<p role="status">Ready to download (click a name):</p><ul>{items}</ul>'


class PackageFiles:
    """The chosen package's files, and a button that offers them as download links."""

    def __init__(self, package: ExportPackage, page_folder: Path) -> None:
        self.package, self.page_folder = package, page_folder
        self.button = widgets.Button(description="Download the package's files", icon="download",
                                     layout=widgets.Layout(width="auto"))
        self.button.add_class("candle-package-download")
        self.button.on_click(lambda _button: self.click())
        self.result = widgets.HTML()
        self.result.add_class("candle-package-links")
        self.widget = widgets.VBox([widgets.HTML(files_html(package.files())), self.button, self.result],
                                   layout=widgets.Layout(align_items="flex-start"))
        self.widget.add_class("candle-package-files")

    def click(self) -> None:
        """Copy the files beside the page and show their links (or why they could not be)."""
        self.button.disabled = True
        try:
            self.result.value = links_html(copy_beside(self.package, self.page_folder), self.page_folder)
        except OSError as error:
            self.result.value = (f'<p role="alert">The files could not be saved beside this page '
                                 f"({html.escape(error.strerror or str(error))}).</p>")
        finally:
            self.button.disabled = False
