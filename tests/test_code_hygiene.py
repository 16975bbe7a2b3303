"""House rules checked on the repository itself: no private imports from other packages,
no references to files the repository does not have."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import vl_convert
from checkout import REPO_ROOT

from kit.charts.svg import vl_convert_version

TEXT_SUFFIXES = {".py", ".md", ".toml", ".yaml", ".yml", ".cfg", ".ipynb", ".j2", ".txt"}
REPO_PATH = re.compile(r"`((?:kit|templates|notebooks|tests|bench|deploy|tools|data)/[\w./-]+)`")
MARKDOWN_NAME = re.compile(r"\b([\w-]+\.md)\b")


def tracked_files() -> list[Path]:
    """The files git tracks in the checkout (what a clone has)."""
    listed = subprocess.run(["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True,
                            check=True, timeout=60).stdout.splitlines()
    return [REPO_ROOT / name for name in listed if (REPO_ROOT / name).is_file()]


def private_imports(source: str) -> list[str]:
    """Modules imported from another package's private part (a ``_name`` in the dotted path)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                 else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level
                 else [])
        found += [name for name in names if name.split(".")[0] != "kit"
                  and any(part.startswith("_") for part in name.split(".") if part != "__future__")]
    return found


def test_the_private_import_check_catches_one() -> None:
    assert private_imports("from altair.utils._importers import x\nimport a._b\n") == [
        "altair.utils._importers", "a._b"]
    assert private_imports("from __future__ import annotations\nfrom kit._data import x\n") == []


def test_kit_imports_nothing_private_from_other_packages() -> None:
    found = {str(path.relative_to(REPO_ROOT)): private_imports(path.read_text(encoding="utf-8"))
             for path in sorted((REPO_ROOT / "kit").rglob("*.py"))}
    assert {name: modules for name, modules in found.items() if modules} == {}


def test_the_vega_lite_version_is_one_vl_convert_knows() -> None:
    assert vl_convert_version().removeprefix("v").replace("_", ".") in vl_convert.get_vegalite_versions()


def test_every_markdown_file_named_is_in_the_repository() -> None:
    present = {path.name for path in tracked_files()}
    missing = {}
    for path in tracked_files():
        if path.suffix in TEXT_SUFFIXES or path.name == "Makefile":
            names = set(MARKDOWN_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
            if names - present:
                missing[str(path.relative_to(REPO_ROOT))] = sorted(names - present)
    assert missing == {}


def test_every_path_the_readme_names_exists() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    named = {match for match in REPO_PATH.findall(readme) if not set(match) & set("<>*{}")}
    assert len(named) >= 5
    assert sorted(name for name in named if not (REPO_ROOT / name.rstrip("/")).exists()) == []
