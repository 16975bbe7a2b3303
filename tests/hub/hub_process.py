"""A real JupyterHub for tests: configurable-http-proxy from npm, the dummy authenticator and
the simple local spawner (test only), everything on 127.0.0.1 and free ports, the candle
service managed by the hub. Every process it starts it stops, by pid."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from processes import free_port, stop

ROOT = Path(__file__).resolve().parents[2]
PROXY_BIN = Path(sys.prefix) / "node" / "node_modules" / ".bin"  # where `make setup` puts it
START_TIMEOUT = 120.0
ADMIN = "hubadmin"


def http(method: str, url: str, token: str | None = None, body: Any = None,
         raw: bytes | None = None) -> tuple[int, Any]:
    """``(status, parsed JSON or None)`` for one request."""
    data = raw if raw is not None else None if body is None else json.dumps(body).encode()
    headers = {"Authorization": f"token {token}"} if token else {}
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read()
    try:
        return status, json.loads(text) if text else None
    except ValueError:
        return status, None


@dataclass
class Hub:
    """A running hub: its public URL, the candle service's URL through the proxy, the admin token."""

    url: str
    service_url: str
    admin_token: str
    workspace: Path
    process: subprocess.Popen

    def api(self, method: str, path: str, body: Any = None) -> Any:
        """The hub API as the test's admin (used only to mint each user's own token)."""
        status, data = http(method, f"{self.url}hub/api/{path}", self.admin_token, body)
        assert status < 300, (status, data)
        return data

    def user_token(self, user: str) -> str:
        """A new token owned by ``user``, with the scopes a user server's token has."""
        return self.api("POST", f"users/{user}/tokens",
                        {"note": "candle test", "expires_in": 3600})["token"]

    def service_health(self) -> dict[str, Any] | None:
        """The service's /health answer through the proxy (None while it is down)."""
        try:
            status, data = http("GET", f"{self.service_url}health")
        except OSError:
            return None
        return data if status == 200 else None


def hub_config(folder: Path, workspace: Path, ports: Mapping[str, int], groups: Mapping[str, list[str]],
               service_env: Mapping[str, str], extra: str = "") -> Path:
    """Write the test hub's jupyterhub_config.py (the deploy config, plus test-only parts)."""
    config = folder / "jupyterhub_config.py"
    config.write_text(f"""
import sys
exec(open({str(ROOT / 'deploy' / 'jupyterhub' / 'jupyterhub_config.py')!r}).read())
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {ports['public']}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {ports['hub']}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports['proxy_api']}"
c.JupyterHub.db_url = "sqlite:///{folder / 'hub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(folder / 'cookie_secret')!r}
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.Spawner.args = ["--allow-root"]
c.Spawner.poll_interval = 1
c.Authenticator.allow_all = True
c.Authenticator.admin_users = {{{ADMIN!r}}}
c.JupyterHub.load_groups = {json.dumps({g: {"users": u} for g, u in groups.items()})}
c.JupyterHub.services[0]["url"] = "http://127.0.0.1:{ports['service']}"
c.Spawner.environment["CANDLE_SERVICE_URL"] = "http://127.0.0.1:{ports['service']}/services/candle/"
c.JupyterHub.services[0]["command"] = [sys.executable, "-m", "kit", "serve", {str(workspace)!r}]
c.JupyterHub.services[0]["environment"].update({dict(service_env)!r})
c.JupyterHub.services.append({{"name": "test-admin", "api_token": {ADMIN_TOKEN!r}}})
c.JupyterHub.load_roles.append({{"name": "test-admin", "scopes": ["admin:users", "tokens", "read:servers"],
                                 "services": ["test-admin"]}})
c.SimpleLocalProcessSpawner.home_dir_template = {str(folder / 'home' / '{username}')!r}
""" + extra, encoding="utf-8")
    return config


ADMIN_TOKEN = "candle-test-admin-" + os.urandom(8).hex()


def wait_for(check, what: str, timeout: float = START_TIMEOUT) -> Any:
    """Poll ``check()`` until it returns something truthy; fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError(f"{what} did not happen within {timeout:.0f} s")


@contextmanager
def running_hub(folder: Path, workspace: Path, groups: Mapping[str, list[str]],
                service_env: Mapping[str, str] | None = None, extra: str = "") -> Iterator[Hub]:
    """A hub with the candle service for ``workspace``, until the block ends."""
    assert (PROXY_BIN / "configurable-http-proxy").exists() or shutil.which("configurable-http-proxy"), \
        f"configurable-http-proxy is not in {PROXY_BIN} nor on PATH: run `make setup` (it installs it)"
    ports = {name: free_port() for name in ("public", "hub", "proxy_api", "service")}
    config = hub_config(folder, workspace, ports, groups, service_env or {}, extra)
    path = os.pathsep.join([str(PROXY_BIN), str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = {**os.environ, "PATH": path,
           "PYTHONPATH": str(ROOT), "CONFIGPROXY_AUTH_TOKEN": os.urandom(16).hex()}
    for name in ("JUPYTERHUB_USER", "CANDLE_USER", "CANDLE_SERVICE_URL", "JUPYTERHUB_API_TOKEN"):
        env.pop(name, None)
    log = (folder / "hub.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=folder,
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{ports['public']}/"
    hub = Hub(url, f"{url}services/candle/", ADMIN_TOKEN, workspace, process)
    try:
        wait_for(lambda: process.poll() is not None or hub.service_health(), "the hub and its service start")
        assert process.poll() is None, (folder / "hub.log").read_text()[-3000:]
        yield hub
    finally:
        stop(process, seconds=30)  # the hub stops its proxy and services
        log.close()
