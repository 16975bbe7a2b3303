"""``--help`` works on every registered command and describes it."""

from __future__ import annotations

import argparse

import pytest

from kit.cli import COMMAND_MODULES, build_parser, main


def registered_commands() -> list[str]:
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(actions[0].choices)


def test_the_foundation_commands_are_registered() -> None:
    assert {"check", "status"} <= set(registered_commands())
    assert len(registered_commands()) <= len(COMMAND_MODULES)


@pytest.mark.parametrize("command", registered_commands())
def test_every_command_has_help(capsys, command: str) -> None:
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: candle {command}")
    assert len(out.splitlines()) >= 3


def test_top_level_help_lists_every_command(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for command in registered_commands():
        assert command in out
