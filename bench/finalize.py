"""Finalize on S3: assembling a 3-minute take from its chunk objects, against a bare PUT.

Starts moto's S3 server in its own process (as `make run-prod` does), stores
BENCH_FINALIZE_CHUNKS (85) chunk objects of 75–100 KB (the fake camera's 3-minute take; real
cameras give about 350 KB a chunk, BENCH_FINALIZE_KB=350 tries that) and times the server's
side of finalize: `media.finalize.assemble_chunks`, which reads the chunk objects back (fetched
ahead concurrently), checks each chunk's and the whole file's SHA-256 and writes the original.
The database part of finalize (a few queries) is not in it. Baseline from the same run: the
same bytes PUT once with boto3 (one `put_object`, no checks). Best of BENCH_FINALIZE_ROUNDS (5).

Figures: finalize_ms (target <= 600) and finalize_vs_bare_put (finalize time / bare PUT time,
target <= 10: fetching 85 objects back is 85 requests, each a few ms of botocore's and moto's
CPU, the PUT is one; 85 bare GETs alone, 8 at a time, take about 9 bare PUTs here).
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import time
import uuid
from dataclasses import dataclass

from bench.common import BIN, Line

CHUNKS = int(os.environ.get("BENCH_FINALIZE_CHUNKS", "85"))
CHUNK_KB = os.environ.get("BENCH_FINALIZE_KB")  # fixed size; default: 75–100 KB at random
ROUNDS = int(os.environ.get("BENCH_FINALIZE_ROUNDS", "5"))


@dataclass(frozen=True)
class _Chunk:
    index: int
    storage_key: str
    size: int
    sha256: str


def _chunk_bytes(rng: random.Random) -> list[bytes]:
    sizes = [
        int(CHUNK_KB) * 1024 if CHUNK_KB else rng.randint(75_000, 100_000) for _ in range(CHUNKS)
    ]
    return [rng.randbytes(size) for size in sizes]


def _moto() -> tuple[subprocess.Popen, str]:
    from devtools.ports import free_port, wait_for_port

    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port)
    return process, f"http://127.0.0.1:{port}"


def _best(action, rounds: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def run() -> list[Line]:
    from media.finalize import assemble_chunks
    from media.s3 import S3Storage

    process, endpoint = _moto()
    try:
        storage = S3Storage(
            bucket=f"ksf-bench-{uuid.uuid4().hex[:8]}",
            endpoint_url=endpoint,
            region="us-east-1",
            access_key_id="bench",
            secret_access_key="bench",
        )
        storage.ensure_bucket()
        rng = random.Random(12)
        pieces = _chunk_bytes(rng)
        whole = b"".join(pieces)
        digest = hashlib.sha256(whole).hexdigest()
        chunks = []
        for index, piece in enumerate(pieces):
            key = f"bench/chunks/{index:06d}"
            storage.client.put_object(Bucket=storage.bucket, Key=key, Body=piece)
            chunks.append(_Chunk(index, key, len(piece), hashlib.sha256(piece).hexdigest()))

        def bare() -> None:
            storage.client.put_object(Bucket=storage.bucket, Key="bench/bare", Body=whole)

        def finalize() -> None:
            stored = assemble_chunks(storage, chunks, "bench/original", digest)
            assert stored.size == len(whole) and stored.sha256 == digest

        bare()  # warm the connection pool
        finalize()
        finalize_s = _best(finalize, ROUNDS)
        bare_s = _best(bare, ROUNDS)
    finally:
        process.terminate()
        process.wait(timeout=30)
    label = f"{CHUNKS}_chunks_{len(whole) / 1e6:.1f}MB"
    print(
        f"bench finalize: {CHUNKS} chunks, {len(whole)} bytes: assemble {finalize_s * 1000:.0f}"
        f" ms, bare PUT {bare_s * 1000:.0f} ms (best of {ROUNDS}), load average"
        f" {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        flush=True,
    )
    return [
        (f"finalize_ms_{label}", round(finalize_s * 1000), "<=600"),
        (f"finalize_vs_bare_put_{label}", round(finalize_s / bare_s, 2), "<=10"),
    ]


def main() -> None:
    from bench.common import print_figures

    print_figures(run())


if __name__ == "__main__":
    main()
