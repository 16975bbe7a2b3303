"""``candle serve``'s own output, as whoever runs the hub reads it: each line once, with the
time. (The service used to configure the root logger as well as the kit's, so every line of
the kit printed twice.) It carries ids, never content: no workspace folder, no token sent in
a query string, and a client address a caller cannot set (unless the deployment says the
service sits behind the hub's proxy). The service is started as the hub would, by its
environment, and stopped by pid; no hub is needed to see what it prints while starting,
answering /health and refusing requests without a token."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from processes import free_port, stop

from kit.hub.audit import AUDIT_FILE
from kit.store.workspace import Settings, Workspace

ROOT = Path(__file__).resolve().parents[2]


def wait_for_health(url: str, process: subprocess.Popen, seconds: float = 60) -> bytes:
    """The /health answer once the service is up (fails if it exits first)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "candle serve exited while starting"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"candle serve did not answer {url} within {seconds:.0f} s")


SECRET = "secret-token-in-the-query-9f2c"
FORGED_IP = "203.0.113.9"


def get(url: str, headers: dict[str, str] | None = None) -> int:
    """The status of one GET."""
    try:
        request = urllib.request.Request(url, headers=headers or {})
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def served_log(tmp_path: Path) -> str:
    """What ``candle serve`` printed while starting, answering /health twice (once with a
    forged client address) and refusing two requests with a token in the query string, on a
    workspace whose kit.yaml lists people."""
    Workspace.create(tmp_path / "ws", Settings(name="Team", people=[
        {"id": "p01", "name": "Practitioner One", "kinds": ["practitioner"]},
        {"id": "lead9", "name": "Lead Nine", "kinds": ["lead"]}]))
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "JUPYTERHUB_API_TOKEN": "not-a-real-token",
           "JUPYTERHUB_API_URL": "http://127.0.0.1:9/hub/api",
           "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{port}",
           "JUPYTERHUB_SERVICE_PREFIX": "/services/candle/"}
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "kit", "serve", str(tmp_path / "ws")],
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            body = wait_for_health(f"http://127.0.0.1:{port}/services/candle/health", process)
            assert b'"status":"ok"' in body
            health = f"http://127.0.0.1:{port}/services/candle/health"
            assert get(health, {"X-Real-IP": FORGED_IP, "X-Forwarded-For": FORGED_IP}) == 200
            for path in ("api/whoami", "api/rows/reflections"):
                assert get(f"http://127.0.0.1:{port}/services/candle/{path}?token={SECRET}") == 401
        finally:
            stop(process)
    assert not (tmp_path / "ws" / AUDIT_FILE).exists()  # an unknown caller writes nothing
    return log.read_text(encoding="utf-8")


def test_each_line_of_candle_serve_is_printed_once_with_the_time(served_log: str) -> None:
    lines = served_log.splitlines()
    serving = [line for line in lines if "serving workspace Team" in line]
    assert len(serving) == 1, served_log
    assert serving[0][:4].isdigit() and " candle serve INFO kit.commands.serve: " in serving[0]
    health = [line for line in lines if "GET /services/candle/health" in line]
    assert len(health) == 2, served_log  # tornado's access line, once per request
    assert all(" candle serve INFO tornado.access: 200 " in line for line in health), health


def test_candle_serve_logs_ids_never_tokens_folders_or_a_forged_address(served_log: str,
                                                                        tmp_path: Path) -> None:
    """Before: the token in a query string was logged in full, the workspace's folder was
    named, and xheaders let a caller set the address the log shows."""
    assert SECRET not in served_log and str(tmp_path) not in served_log, served_log
    assert FORGED_IP not in served_log
    health = [line for line in served_log.splitlines() if "200 GET /services/candle/health" in line]
    assert len(health) == 2 and all("(127.0.0.1)" in line for line in health), health
    assert "401 GET" not in served_log  # not a line each: counted in memory, said once a minute
    [counted] = [line for line in served_log.splitlines() if "without a token the hub knows" in line]
    assert "WARNING kit.hub.audit: 1 request(s)" in counted, counted


def test_candle_serve_says_kit_yaml_grants_no_rights(served_log: str) -> None:
    [line] = [line for line in served_log.splitlines() if "kit.yaml lists 2 people" in line]
    assert "ignored for rights" in line and "Lead Nine" not in served_log
