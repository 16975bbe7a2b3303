"""The layer and no-cycle contracts of pyproject.toml hold (what `make lint` checks), and bite."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(folder: Path, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", str(config)], cwd=folder,
                          capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"})


def test_kit_keeps_its_layers_and_has_no_cycles() -> None:
    result = lint_imports(REPO, REPO / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contracts_catch_an_upward_and_a_type_only_cycle(tmp_path: Path) -> None:
    """The same contract kinds, on a two-layer toy package that breaks both."""
    package = tmp_path / "toy"
    (package / "low").mkdir(parents=True)
    (package / "high").mkdir()
    for folder in (package, package / "low", package / "high"):
        (folder / "__init__.py").write_text("")
    (package / "high" / "a.py").write_text("from toy.high import b\n")
    (package / "high" / "b.py").write_text(textwrap.dedent("""\
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from toy.high import a
        """))
    (package / "low" / "c.py").write_text("import toy.high.a\n")
    config = tmp_path / "contracts.toml"
    config.write_text(textwrap.dedent("""\
        [tool.importlinter]
        root_package = "toy"

        [[tool.importlinter.contracts]]
        name = "layers"
        type = "layers"
        containers = ["toy"]
        layers = ["high", "low"]

        [[tool.importlinter.contracts]]
        name = "cycles"
        type = "acyclic_siblings"
        ancestors = ["toy"]
        """))
    result = lint_imports(tmp_path, config)
    assert result.returncode == 1
    assert "toy.low.c -> toy.high.a" in result.stdout
    assert "No cycles are allowed in toy.high" in result.stdout
