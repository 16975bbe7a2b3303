"""``candle serve``'s own output, as whoever runs the hub reads it: each line once, with the
time. (The service used to configure the root logger as well as the kit's, so every line of
the kit printed twice.) The service is started as the hub would, by its environment, and
stopped by pid; no hub is needed to see what it prints while starting and answering /health."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from processes import free_port, stop

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


@pytest.fixture
def served_log(tmp_path: Path) -> str:
    """What ``candle serve`` printed while starting and answering /health twice."""
    Workspace.create(tmp_path / "ws", Settings(name="Team"))
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
            for _ in range(2):
                body = wait_for_health(f"http://127.0.0.1:{port}/services/candle/health", process)
                assert b'"status":"ok"' in body
        finally:
            stop(process)
    return log.read_text(encoding="utf-8")


def test_each_line_of_candle_serve_is_printed_once_with_the_time(served_log: str) -> None:
    lines = served_log.splitlines()
    serving = [line for line in lines if "serving workspace Team" in line]
    assert len(serving) == 1, served_log
    assert serving[0][:4].isdigit() and " candle serve INFO kit.commands.serve: " in serving[0]
    health = [line for line in lines if "GET /services/candle/health" in line]
    assert len(health) == 2, served_log  # tornado's access line, once per request
    assert all(" candle serve INFO tornado.access: 200 " in line for line in health), health
