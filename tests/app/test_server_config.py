"""The kit's server settings: the hook, Voilà's offline template, launcher entries, Start here."""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path

import pytest
from traitlets.config import Config

from kit.app import server
from kit.app.kernel_pool import PagesKernelManager
from kit.app.pages import PAGES
from kit.app.presave import strip_kit_notebook
from kit.app.warmup import PAGE_MODULES
from kit.charts import bundle
from kit.errors import KitError
from kit.resources import NOTEBOOKS_DIR


def test_configure_sets_the_hook_the_template_and_the_start_page(monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", "/elsewhere")
    c = server.configure(Config())
    assert c.ContentsManager.pre_save_hook is strip_kit_notebook
    assert c.VoilaConfiguration.template == "candle"
    assert c.VoilaConfiguration.show_tracebacks is False
    assert c.VoilaConfiguration.prelaunch_hook is server.issue_xsrf_cookie
    assert c.MappingKernelManager.cull_idle_timeout == 20 * 60  # the backstop stays
    assert c.LabApp.default_url == "/voila/render/notebooks/00_start_here.ipynb"
    assert os.environ["JUPYTER_PATH"].split(os.pathsep) == [str(server.DATA_DIR), "/elsewhere"]
    server.add_template_path()  # a second call adds nothing
    assert os.environ["JUPYTER_PATH"].count(str(server.DATA_DIR)) == 1


def test_every_page_has_a_launcher_entry_that_opens_it_as_an_app():
    entries = server.launcher_shortcuts()
    assert len(entries) == len(PAGES)
    targets = {entry["target"] for entry in entries.values()}
    for page in PAGES:
        assert (NOTEBOOKS_DIR / page.notebook).is_file()
        assert "{base_url}voila/render/notebooks/" + page.notebook in targets
    assert all(Path(entry["icon_path"]).is_file() for entry in entries.values())
    assert all(entry["title"].startswith("Mini Candle: ") for entry in entries.values())


def test_the_app_template_names_no_address_outside_the_server():
    template = (server.DATA_DIR / "voila" / "templates" / "candle" / "index.html.j2").read_text()
    assert "https://" not in template and "http://" not in template


def test_page_config_turns_off_the_plugins_that_would_fetch_from_a_cdn():
    config = server.offline_page_config({"disabledExtensions": ["x"]})
    assert config["disabledExtensions"][0] == "x"
    assert set(server.DISABLED_PLUGINS) <= set(config["disabledExtensions"])
    assert config["fullMathjaxUrl"] == ""


class PageRequest:
    """Stands in for Voilà's page handler: reading ``xsrf_token`` sets the cookie."""

    def __init__(self) -> None:
        self.cookies: dict[str, bytes] = {}

    @property
    def xsrf_token(self) -> bytes:
        self.cookies.setdefault("_xsrf", b"2|token")
        return self.cookies["_xsrf"]


def test_the_prelaunch_hook_sets_the_xsrf_cookie_and_leaves_the_notebook_as_it_is():
    request = PageRequest()
    assert server.issue_xsrf_cookie(request, notebook={"cells": []}, cwd="notebooks") is None
    assert request.cookies == {"_xsrf": b"2|token"}


def test_on_a_hub_the_pages_folder_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(server.PAGES_FOLDER_ENV, "candle")
    config = server.configure(Config())
    assert config.LabApp.default_url == "/voila/render/candle/00_start_here.ipynb"
    targets = [entry["target"] for entry in config.LauncherShortcuts.shortcuts.values()]
    assert targets and all(target.startswith("{base_url}voila/render/candle/") for target in targets)
    monkeypatch.delenv(server.PAGES_FOLDER_ENV)
    assert server.configure(Config()).LabApp.default_url == "/voila/render/notebooks/00_start_here.ipynb"


def test_pages_in_the_servers_root_itself_open_from_there(monkeypatch):
    """`candle notebooks DEST` puts the pages in DEST itself: CANDLE_PAGES_FOLDER=. says so."""
    monkeypatch.setenv(server.PAGES_FOLDER_ENV, ".")
    config = server.configure(Config())
    assert config.LabApp.default_url == "/voila/render/00_start_here.ipynb"
    targets = [entry["target"] for entry in config.LauncherShortcuts.shortcuts.values()]
    assert "{base_url}voila/render/research/release_queue.ipynb" in targets


def test_candle_server_config_names_the_file_a_server_loads(capsys):
    from kit.cli import main

    assert main(["server-config"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.is_file() and path.name == "jupyter_server_config.py"
    assert path == Path(server.__file__).with_name("jupyter_server_config.py")


def test_pages_open_on_spare_kernels_one_by_default_none_when_turned_off(monkeypatch):
    monkeypatch.delenv(server.SPARES_ENV, raising=False)
    c = server.configure(Config())
    assert c.ServerApp.kernel_manager_class is PagesKernelManager
    assert c.PagesKernelManager.spares == 1
    assert c.PagesKernelManager.pages_folder == "notebooks"
    assert c.VoilaConfiguration.prelaunch_hook is server.issue_xsrf_cookie  # still set: no preheat
    assert "preheat_kernel" not in c.VoilaConfiguration
    monkeypatch.setenv(server.SPARES_ENV, "0")
    monkeypatch.setenv(server.PAGES_FOLDER_ENV, "candle")
    c = server.configure(Config())
    assert (c.PagesKernelManager.spares, c.PagesKernelManager.pages_folder) == (0, "candle")


def test_a_spare_count_that_is_not_a_number_is_refused_with_what_to_set(monkeypatch):
    monkeypatch.setenv(server.SPARES_ENV, "two")
    with pytest.raises(KitError, match=r"CANDLE_PAGE_KERNELS is 'two'.*Set it to 0"):
        server.configure(Config())


def test_a_spare_imports_every_kit_module_a_page_imports():
    imported: set[str] = set()
    for path in NOTEBOOKS_DIR.rglob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            for node in ast.walk(ast.parse("".join(cell["source"]))):
                if isinstance(node, ast.Import):
                    imported |= {alias.name for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module:
                    imported |= {f"{node.module}.{alias.name}" for alias in node.names}
    kit_modules = {name for name in imported if name.startswith("kit.")}
    assert kit_modules == set(PAGE_MODULES)


def test_the_server_serves_the_charts_bundle_and_its_kernels_charts_load_it_from_there(monkeypatch):
    c = server.configure(Config())
    assert c.ServerApp.jpserver_extensions.to_dict()["update"] == {server.CHART_ROUTE: True}
    monkeypatch.delenv(bundle.SERVED_ENV, raising=False)
    assert bundle.served_here() is None  # a plain JupyterLab, papermill: the whole bundle
    monkeypatch.setenv(bundle.SERVED_ENV, "candle/charts/jupyterchart-0.0-0.0.js")
    assert bundle.served_here() is None  # another version's bundle would not fit this kernel
    monkeypatch.setenv(bundle.SERVED_ENV, bundle.served_path())
    module = bundle.chart_module()
    assert len(module) < 1000 and json.dumps(bundle.served_path()) in module
    assert "jupyter-config-data" in module and "baseUrl" in module  # under a hub's /user/<name>/
    assert bundle.bundle_name() in bundle.served_path()
