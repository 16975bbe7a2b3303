"""The README's "How the code is laid out" names every part of kit/ in the layer order the
import-linter contracts enforce, so a newcomer's map matches the code."""

from __future__ import annotations

import re
import tomllib

from checkout import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def layout_section() -> str:
    match = re.search(r"^## How the code is laid out\n(.*?)^## ", README, re.S | re.M)
    assert match, "README has no 'How the code is laid out' section"
    return match.group(1)


def tree_entries() -> list[str]:
    """The names in the section's kit/ tree, top to bottom (``forms``, ``cli``, ``errors``...)."""
    blocks = re.findall(r"```\n(kit/.*?)```", layout_section(), re.S)
    assert len(blocks) == 1, "one code block starting with kit/"
    return re.findall(r"(?:^|\s)(_?[a-z_]+)(?:/|\.py)(?=\s)", blocks[0].split("\ntemplates/")[0])


def layer_of() -> dict[str, int]:
    contract = next(c for c in PYPROJECT["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    return {name.strip(): index for index, layer in enumerate(contract["layers"])
            for name in layer.split("|")}


def test_the_section_shows_the_one_way_flow() -> None:
    section = layout_section()
    for step in ("kit.forms", "kit.capture", "kit.store", "kit.tables", "kit.views", "kit.reviews",
                 "kit.research", "kit.charts"):
        assert step in section
    assert "─►" in section


def test_the_tree_names_every_package_and_top_module_of_kit() -> None:
    packages = {p.name for p in (REPO_ROOT / "kit").iterdir() if (p / "__init__.py").is_file()}
    modules = {p.stem for p in (REPO_ROOT / "kit").glob("*.py")} - {"__init__", "__main__"}
    assert set(tree_entries()) - {"kit"} == packages | modules


def test_the_tree_lists_the_layers_top_to_bottom() -> None:
    layers = layer_of()
    order = [layers[name] for name in tree_entries() if name in layers]
    assert len(order) >= 12
    assert order == sorted(order)
