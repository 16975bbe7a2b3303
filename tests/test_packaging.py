"""Packaging: pyproject.toml and environment.yml agree; the entry points and the
two README commands exist; CI runs exactly the README's test command."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from checkout import REPO_ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from kit.cli import build_parser, main

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ENVIRONMENT = yaml.safe_load((REPO_ROOT / "environment.yml").read_text(encoding="utf-8"))
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def bounds(requirements: list[str]) -> dict[str, str]:
    """Canonical package name -> its version bounds, e.g. {'pandas': '>=2.2'}."""
    parsed = [Requirement(text) for text in requirements]
    return {canonicalize_name(r.name): str(r.specifier) for r in parsed}


def pyproject_requirements() -> dict[str, str]:
    project = PYPROJECT["project"]
    return bounds(project["dependencies"] + project["optional-dependencies"]["test"])


def environment_requirements() -> dict[str, str]:
    pip_lists = [item["pip"] for item in ENVIRONMENT["dependencies"] if isinstance(item, dict)]
    assert len(pip_lists) == 1, "environment.yml should have one pip: section"
    return bounds([line for line in pip_lists[0] if not line.startswith("-")])


def test_environment_yml_has_the_same_dependencies_as_pyproject() -> None:
    assert environment_requirements() == pyproject_requirements()


def test_environment_yml_python_matches_requires_python() -> None:
    conda = [item for item in ENVIRONMENT["dependencies"] if isinstance(item, str)]
    python = [item for item in conda if item.startswith("python")]
    assert python == ["python" + PYPROJECT["project"]["requires-python"]]


def test_environment_yml_installs_the_kit_itself() -> None:
    pip_list = next(item["pip"] for item in ENVIRONMENT["dependencies"] if isinstance(item, dict))
    assert "-e ." in pip_list


def test_every_dependency_has_a_lower_bound() -> None:
    for name, specifier in pyproject_requirements().items():
        assert ">=" in specifier, f"{name} has no lower version bound"


def _entry_point(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=60, check=False)


def test_candle_help_works_and_lists_the_commands() -> None:
    candle = Path(sys.executable).with_name("candle")
    result = _entry_point(str(candle), "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: candle")
    listed = re.findall(r"^    ([a-z][a-z-]*)\b", result.stdout, re.M)
    assert sorted(listed) == _commands()


def test_python_m_kit_help_works() -> None:
    result = _entry_point(sys.executable, "-m", "kit", "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: candle")


def _commands() -> list[str]:
    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(action.choices)


@pytest.mark.parametrize("command", _commands())
def test_every_listed_command_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: candle {command}")


@pytest.mark.parametrize("command", _commands())
def test_the_readme_documents_every_command(command: str) -> None:
    assert f"`candle {command}" in README


def test_the_readme_opens_with_the_two_commands() -> None:
    first_block = re.search(r"```\n(.*?)```", README, re.S)
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert commands == ["make lab", "make test"]
    assert README.index("make demo") > first_block.end()


def test_ci_runs_exactly_make_test() -> None:
    script = REPO_ROOT / ".ci" / "run"
    assert os.access(script, os.X_OK)
    commands = [line.strip() for line in script.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    assert commands[-1] in ("make test", "exec make test")


def test_makefile_targets_exist_and_parse() -> None:
    targets = ["setup", "lab", "test", "demo", "lint", "bench", "clean"]
    result = subprocess.run(["make", "-n", "-C", str(REPO_ROOT), *targets], capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "pytest" in result.stdout and "jupyter lab" in result.stdout
    assert "candle compact data/demo" in result.stdout


def test_setup_applies_the_import_time_fix() -> None:
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip uninstall --quiet --disable-pip-version-check -y rfc3987-syntax" in makefile
    assert "$(STAMP): pyproject.toml" in makefile
