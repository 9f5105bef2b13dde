"""Command-line commands: demo data and the all-in-one development server."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys

import click
from flask import Flask, current_app
from werkzeug.serving import run_simple


def register(app: Flask) -> None:
    from ksf_b.assessment.reminders import register_commands as register_reminder_commands

    register_reminder_commands(app)

    @app.cli.command("seed-demo")
    @click.option("--if-empty", is_flag=True, help="Only seed when there are no users yet.")
    def seed_demo_command(if_empty: bool) -> None:
        """Create demo accounts (one per role), candidates in several states and scenarios."""
        from ksf_b.demo import seed_demo

        seed_demo(only_if_empty=if_empty)

    @app.cli.command("demo-accounts")
    def demo_accounts_command() -> None:
        """Print the demo logins (what `make run` and `make run-prod` show on start)."""
        from ksf_b.demo import print_accounts

        print_accounts()

    @app.cli.command("serve")
    @click.option("--port", default=5000, type=int, help="Port to listen on (127.0.0.1).")
    @click.option("--host", default="127.0.0.1", help="Interface to listen on.")
    def serve_command(port: int, host: str) -> None:
        """Serve the site and run a background media worker next to it (no extra server)."""
        from ksf_b.demo import print_accounts

        worker = start_worker()
        # `kill` (SIGTERM) stops the worker too, like Ctrl-C: run the `finally` below
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        url = f"http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port}"  # noqa: S104
        click.echo(f"\nKSF certificaat B draait op {url}  (healthz: {url}/healthz)")
        print_accounts()
        try:
            # run_simple, not app.run: Flask ignores app.run() inside a `flask` command
            run_simple(host, port, current_app._get_current_object(), threaded=True)
        finally:
            worker.terminate()
            worker.wait(timeout=30)


def start_worker() -> subprocess.Popen:
    """Start the Huey consumer for the media jobs as a child process of the web server.

    On Linux the child also gets SIGTERM when the server dies without cleaning up (SIGKILL),
    so no orphaned worker keeps running after `make run` is gone.
    """
    command = [sys.executable, "-m", "media.worker"]
    return subprocess.Popen(command, env=os.environ.copy(), preexec_fn=_die_with_parent)  # noqa: S603


def _die_with_parent() -> None:
    """In the child before exec: ask the kernel for SIGTERM when the parent exits (Linux)."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
