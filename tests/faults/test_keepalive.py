"""The cause of the dropped connection the PostgreSQL outage test met (issue 12).

A chunk PUT refused before its body was read (database down: 503) left more than gunicorn's
64 KiB drain on the socket; gunicorn then closed the connection although its response had said
keep-alive, and the client's next request on that connection met "Remote end closed connection
without response". ksf_b/ops/keepalive.py reads the rest of a refused body, so the connection
stays usable as announced.
"""

from __future__ import annotations

import re
import socket

import pytest

pytestmark = [pytest.mark.faults, pytest.mark.slow, pytest.mark.s3, pytest.mark.redis]


def _answer(sock: socket.socket) -> bytes:
    answer = b""
    while True:
        head, found, body = answer.partition(b"\r\n\r\n")
        match = re.search(rb"(?im)^content-length:\s*(\d+)", head)
        if found and match and len(body) >= int(match.group(1)):
            return answer
        chunk = sock.recv(65536)
        if not chunk:
            return answer
        answer += chunk


@pytest.mark.parametrize("size", [200_000, 2_000_000])
def test_a_refused_upload_keeps_its_kept_alive_connection(stack, size) -> None:  # type: ignore[no-untyped-def]
    with socket.create_connection(("127.0.0.1", stack.web.port), timeout=30) as sock:
        sock.sendall(
            b"PUT /media/uploads/abc/chunks/0 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/octet-stream\r\nAccept: application/json\r\n"
            + f"Content-Length: {size}\r\n\r\n".encode()
            + b"a" * size
        )
        refused = _answer(sock)
        assert re.match(rb"HTTP/1.1 4\d\d ", refused), refused[:200]
        assert b"connection: close" not in refused.lower()  # it promised to stay open
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        again = _answer(sock)
    assert again.startswith(b"HTTP/1.1 200"), again[:200]
