"""``--help`` works on every registered command and describes it; each command module
registers exactly one command with a handler."""

from __future__ import annotations

import argparse
import importlib

import pytest

from kit.cli import COMMAND_MODULES, build_parser, main

COMMANDS = ["check", "compact", "export", "import", "init", "migrate", "mirror", "notebooks", "people",
            "person", "release", "retention", "review", "serve", "server-config", "status"]


def subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def without_handler(parser: argparse.ArgumentParser, name: str) -> list[str]:
    """The commands (or their own subcommands, e.g. ``release list``) that set no handler."""
    nested = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not nested:
        return [] if callable(parser.get_default("handler")) else [name]
    return [missing for sub, child in nested[0].choices.items()
            for missing in without_handler(child, f"{name} {sub}")]


def registered_commands() -> list[str]:
    return sorted(subcommands(build_parser()).choices)


def test_the_commands_are_the_documented_ones() -> None:
    assert registered_commands() == COMMANDS


@pytest.mark.parametrize("module_name", COMMAND_MODULES)
def test_each_module_registers_one_command_with_a_handler(module_name: str) -> None:
    parser = argparse.ArgumentParser(prog="candle")
    added = parser.add_subparsers()
    importlib.import_module(module_name).register(added)
    assert len(added.choices) == 1, f"{module_name} should add exactly one command"
    ((name, command),) = added.choices.items()
    assert without_handler(command, name) == []
    assert command.description, f"{module_name} has no description for --help"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(capsys, command: str) -> None:
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: candle {command}")
    description = subcommands(build_parser()).choices[command].description
    assert " ".join(description.split()[:6]) in " ".join(out.split())


def test_top_level_help_lists_every_command_with_its_summary(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    summaries = {a.dest: a.help for a in subcommands(build_parser())._choices_actions}
    assert sorted(summaries) == COMMANDS
    for command, summary in summaries.items():
        assert f"{command} {' '.join(summary.split())}" in out
