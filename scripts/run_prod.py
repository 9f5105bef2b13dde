"""`make run-prod`: the production shape on this one machine, on loopback only.

PostgreSQL (a cluster in instance/prod/, run as the `postgres` user), Redis (job queue and
login limiter), moto's S3 API server, gunicorn (gthread) and one Huey media worker on Redis.
It applies the migrations, seeds the demo data, prints the demo accounts and stops everything
on Ctrl-C (SIGINT) or SIGTERM. Ports: PORT (default 8000) for the site, PORT+1 PostgreSQL,
PORT+2 Redis, PORT+3 S3.

moto keeps objects in memory, so every start is a fresh world: the cluster folder is made anew.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))  # run as a script: devtools/ lives at the root

from devtools.ports import port_free, wait_for_port  # noqa: E402
from devtools.services import (  # noqa: E402
    pg_create_database,
    pg_init,
    pg_start,
    pg_stop,
    redis_command,
)


def log(message: str) -> None:
    print(f"[run-prod] {message}", flush=True)


class Stack:
    """Start the servers in order; `stop()` ends them in reverse order."""

    def __init__(self, port: int, folder: Path | None = None) -> None:
        self.port = port
        self.pg_port, self.redis_port, self.s3_port = port + 1, port + 2, port + 3
        self.folder = folder or ROOT / "instance" / "prod"
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.pg_data = self.folder / "pg" / "data"

    def prepare(self) -> None:
        busy = [
            p for p in (self.port, self.pg_port, self.redis_port, self.s3_port) if not port_free(p)
        ]
        if busy:
            raise SystemExit(f"ports in use: {busy} (set PORT=… to move all four)")
        shutil.rmtree(self.folder, ignore_errors=True)
        (self.folder / "pg").mkdir(parents=True)
        for folder in (self.folder / "pg", self.folder, self.folder.parent):
            os.chmod(folder, 0o755)  # the postgres user must reach its cluster folder
        if os.geteuid() == 0:
            shutil.chown(self.folder / "pg", "postgres", "postgres")

    def start_postgres(self) -> str:
        log(f"PostgreSQL on 127.0.0.1:{self.pg_port}")
        pg_init(self.pg_data)
        pg_start(self.pg_data, self.folder / "pg", self.pg_port)
        self.pg_started = True
        return pg_create_database(self.pg_port)

    def spawn(
        self, name: str, command: list[str], env: dict | None = None, quiet: bool = False
    ) -> subprocess.Popen:
        # own process group: Ctrl-C reaches us only, and we stop each child in order
        output = None
        if quiet:  # servers whose chatter is not ours go to a log file
            output = (self.folder / f"{name}.log").open("ab")
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, start_new_session=True, stdout=output, stderr=output
        )
        self.processes.append((name, process))
        return process

    def start_redis(self) -> str:
        log(f"Redis on 127.0.0.1:{self.redis_port}")
        self.spawn("redis", redis_command(self.redis_port, "--loglevel", "warning"), quiet=True)
        wait_for_port(self.redis_port)
        return f"redis://127.0.0.1:{self.redis_port}"

    def start_s3(self) -> str:
        log(f"S3 API server (moto) on 127.0.0.1:{self.s3_port} (log: {self.folder}/s3.log)")
        self.spawn(
            "s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.s3_port)], quiet=True
        )
        wait_for_port(self.s3_port)
        return f"http://127.0.0.1:{self.s3_port}"

    def stop(self) -> None:
        for name, process in reversed(self.processes):
            if process.poll() is None:
                log(f"stopping {name}")
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        if getattr(self, "pg_started", False):
            log("stopping PostgreSQL")
            pg_stop(self.pg_data)


def environment(stack: Stack, database: str, redis: str, s3: str) -> dict[str, str]:
    secret = stack.folder / ".secret_key"
    secret.write_text(secrets.token_hex(32))
    env = dict(os.environ)
    env.update(
        KSF_ENV="production",
        SECRET_KEY=secret.read_text(),
        SESSION_COOKIE_SECURE="0",  # plain HTTP on loopback; behind TLS leave it on
        KSF_INSTANCE_PATH=str(stack.folder / "instance"),
        DATABASE_URL=database,
        QUEUE_URL=f"{redis}/0",
        RATELIMIT_STORAGE_URI=f"{redis}/1",
        STORAGE_BACKEND="s3",
        S3_ENDPOINT_URL=s3,
        S3_BUCKET="ksf-media",
        S3_ACCESS_KEY_ID="ksf-local",
        S3_SECRET_ACCESS_KEY="ksf-local-secret",  # moto checks no signatures
        BASE_URL=f"http://localhost:{stack.port}",
        # the bucket's CORS rule: the browser PUTs recording chunks straight to S3
        S3_CORS_ORIGINS=f"http://localhost:{stack.port} http://127.0.0.1:{stack.port}",
        LOG_FORMAT="json",
        METRICS_TOKEN=env.get("METRICS_TOKEN") or secrets.token_urlsafe(18),
        PROMETHEUS_MULTIPROC_DIR=str(stack.folder / "prometheus"),
        PORT=str(stack.port),
        FLASK_APP="ksf_b.app:create_app",
    )
    env.setdefault("WORKER_CONCURRENCY", "2")
    env.setdefault("WORKER_NICE", "10")  # one machine: web requests before transcodes
    return env


def flask(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "flask"), *args], cwd=ROOT, env=env, check=True)


def main() -> int:
    port = int(os.environ.get("PORT", "8000"))
    stack = Stack(port)
    stopping = False

    def on_signal(_number, _frame) -> None:  # type: ignore[no-untyped-def]
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        stack.prepare()
        env = environment(stack, stack.start_postgres(), stack.start_redis(), stack.start_s3())
        Path(env["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)
        log("migrations")
        flask(env, "db", "upgrade")
        log("demo data (scenario videos go through the worker)")
        flask(env, "seed-demo", "--if-empty")
        web = stack.spawn("gunicorn", [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"], env)
        worker = stack.spawn("media worker", [str(BIN / "python"), "-m", "media.worker"], env)
        wait_for_port(port)
        url = f"http://localhost:{port}"
        print(f"\nKSF certificaat B (productievorm) draait op {url}", flush=True)
        print(f"  healthz: {url}/healthz", flush=True)
        print(
            f"  metrics: curl -H 'Authorization: Bearer {env['METRICS_TOKEN']}' {url}/metrics",
            flush=True,
        )
        flask(env, "demo-accounts")
        print("Stoppen: Ctrl-C", flush=True)
        while not stopping:
            for name, process in ((n, p) for n, p in stack.processes):
                if process.poll() is not None and not stopping:
                    log(f"{name} exited with {process.returncode}; stopping everything")
                    stopping = True
            time.sleep(0.5)
        del web, worker
    except (RuntimeError, TimeoutError) as error:  # PostgreSQL missing, a server never answered
        raise SystemExit(str(error)) from None
    finally:
        stack.stop()
        log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
