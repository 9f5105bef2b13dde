"""Keep-alive stays honest when a request is refused before its body was read.

A chunk PUT refused early (database or storage down: 503; a refused upload: 4xx) leaves its
body unread. gunicorn drains at most 64 KiB of it after the response; for a bigger body it
closes the connection, but the response already said "keep-alive" (an application cannot send
"Connection: close" through WSGI). The client then sends its next request on that connection
and meets "Remote end closed connection without response". So the app reads and discards the
rest of a refused request's body itself, up to the largest body it accepts at all
(MAX_CONTENT_LENGTH); anything bigger is refused by Werkzeug with 413 and closed as before.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from werkzeug.wrappers import Response

PIECE = 64 * 1024


def drain_unread_body(response: Response) -> Response:
    """after_request: read what is left of a refused request's body (bounded)."""
    length = request.content_length
    if response.status_code < 400 or not length:
        return response
    if length > (current_app.config.get("MAX_CONTENT_LENGTH") or 0):
        return response
    stream = request.stream  # gunicorn's own input (it terminates it) or Werkzeug's limited one
    try:
        while stream.read(PIECE):
            pass
    except Exception:  # the client went away: nothing left to keep alive
        current_app.logger.debug("draining the refused body failed", exc_info=True)
    return response


def init_app(app: Flask) -> None:
    app.after_request(drain_unread_body)
