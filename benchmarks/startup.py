"""How long the first README command takes until the platform answers, and how fast it answers.

    python3 benchmarks/startup.py [--fresh-venv] [--cold-cache]

Starts ./scripts/start on a fresh SQLite database and a free port, waits for /readyz, then sends
a bounded number of requests over loopback and prints the timings. With --fresh-venv the
project's virtual environment is created anew first; with --cold-cache uv also starts from an
empty package cache, so every package is downloaded as on a fresh machine.
"""

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUESTS = 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  loopback only
        response.read()
        return int(response.status)


def wait_until_ready(url: str, process: subprocess.Popen[bytes], limit: float = 300) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if process.poll() is not None:
            sys.exit(f"the server stopped (exit {process.returncode})")
        try:
            if get(url) == 200:
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit("the server did not become ready in time")


def latencies(url: str) -> list[float]:
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fresh-venv", action="store_true")
    parser.add_argument("--cold-cache", action="store_true")
    arguments = parser.parse_args()
    flags = [
        f for f in ("--fresh-venv", "--cold-cache") if getattr(arguments, f[2:].replace("-", "_"))
    ]
    if arguments.fresh_venv or arguments.cold_cache:
        shutil.rmtree(ROOT / ".venv", ignore_errors=True)
    port = free_port()
    data_dir = tempfile.mkdtemp(prefix="lotse-bench-")
    environment = {**os.environ, "LOTSE_PORT": str(port), "LOTSE_DATA_DIR": data_dir}
    environment.pop("DATABASE_URL", None)
    cache_dir = tempfile.mkdtemp(prefix="lotse-uv-cache-")
    if arguments.cold_cache:
        environment["UV_CACHE_DIR"] = cache_dir
    process = subprocess.Popen(  # noqa: S603
        [str(ROOT / "scripts" / "start")],
        env=environment,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        ready = wait_until_ready(f"{base}/readyz", process)
        print(f"./scripts/start until /readyz answers: {ready:.1f} s {' '.join(flags)}")
        for path in ("/healthz", "/accounts/login/", "/"):
            timings = sorted(latencies(base + path))
            p95 = timings[int(len(timings) * 0.95) - 1]
            print(
                f"GET {path:<17} {REQUESTS} requests: median {statistics.median(timings):.1f} ms,"
                f" p95 {p95:.1f} ms"
            )
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.rmtree(cache_dir, ignore_errors=True)
    print(f"command: python3 benchmarks/startup.py {' '.join(flags)}")


if __name__ == "__main__":
    main()
