"""Servers that tests (and bench/hub.py) start: a free port for them, and stopping them by pid.

Standard library and psutil only, so a benchmark can use it outside pytest."""

from __future__ import annotations

import signal
import socket
import subprocess
from contextlib import suppress

import psutil


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop(process: subprocess.Popen, seconds: float = 10) -> None:
    """Stop a server by its pid (SIGTERM: it shuts down its kernels, proxy or services), then
    kill whatever of its children is left over, by pid."""
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    for child in children:
        with suppress(psutil.NoSuchProcess):
            child.kill()
