"""A YAML document whose values remember their line, so errors can name it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kit.errors import TemplateError


class LocatedYaml:
    """Values of a YAML document with the line each came from."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines: dict[tuple, int] = {}
        try:
            loader = yaml.SafeLoader(text)
            try:
                node = loader.get_single_node()
                self.data = loader.construct_document(node) if node is not None else None
            finally:
                loader.dispose()
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 1 if mark else 0
            raise TemplateError(f"{path.name}, line {line}: this is not valid YAML "
                                f"({getattr(error, 'problem', error)}).",
                                "Fix the indentation or quoting there.") from None
        if node is not None:
            self._walk(node, ())

    def _walk(self, node: yaml.Node, where: tuple) -> None:
        self.lines[where] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self.lines[(*where, f"{key.value}:key")] = key.start_mark.line + 1
                self._walk(value, (*where, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, (*where, index))

    def line(self, *where: Any) -> int:
        """The line of the value at ``where`` (or of the nearest enclosing value)."""
        key = tuple(where)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)

    def key_line(self, *where: Any) -> int:
        """The line of the key at ``where``."""
        return self.lines.get((*where[:-1], f"{where[-1]}:key"), self.line(*where))

    def error(self, line: int, message: str, hint: str) -> TemplateError:
        """A :class:`TemplateError` naming this file and ``line``."""
        return TemplateError(f"{self.path.name}, line {line}: {message}", hint)
