"""Loopback ports: pick a free one, check one, wait until a server answers on one."""

from __future__ import annotations

import contextlib
import socket
import time
import urllib.request


def free_port() -> int:
    """Return a port nothing listens on now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_free(port: int) -> bool:
    """Whether a server could listen on `port` on loopback now.

    SO_REUSEADDR as servers set it: connections of a server that just stopped linger in
    TIME_WAIT for a minute and would otherwise make the port look taken.
    """
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_for_port(port: int, timeout: float = 60.0) -> None:
    """Wait until something accepts connections on 127.0.0.1:`port` (TimeoutError if not)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


def wait_for_health(url: str, timeout: float = 180.0) -> None:
    """Wait until `url`/healthz answers 200 (gunicorn's workers import the app after binding)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=30) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(1)
