"""The `lotse` command as an operator runs it: real processes, a real server on loopback."""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.utils import translation

from lotse.permissions import Role

LOTSE = [sys.executable, "-m", "lotse.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LOTSE_", "DJANGO_", "DATABASE_URL"))
    }
    return {**environment, "LOTSE_DATA_DIR": str(tmp_path), **extra}


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  loopback only
        return response.status, response.read().decode()


def test_demo_prints_a_login_for_every_role(tmp_path):
    result = subprocess.run(
        [*LOTSE, "demo", "--no-serve"],
        env=clean_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    with translation.override("de"):  # the platform's language: German
        for role in Role:
            assert str(role.label) in result.stdout
    assert "Lotse-Demo-2026!" in result.stdout


def test_serve_runs_the_production_server_with_hashed_static_files(tmp_path):
    port = free_port()
    environment = clean_environment(
        tmp_path,
        LOTSE_SECRET_KEY=secrets.token_urlsafe(60),
        LOTSE_FIELD_KEYS="Hk3B0kq7u3vPp1q2Vx6d0JvJX3Cq8xj6b8cO9r0yK2E=",
        LOTSE_ALLOWED_HOSTS="127.0.0.1",
        LOTSE_SSL_REDIRECT="false",
        LOTSE_BIND=f"127.0.0.1:{port}",
        LOTSE_WORKERS="1",
    )
    server = subprocess.Popen(
        [*LOTSE, "serve", "--migrate"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(900):  # migrating a new database takes about 25 s here, more under load
            try:
                status, body = fetch(f"{base}/readyz")
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"lotse serve stopped with exit code {server.returncode}")
                time.sleep(0.1)
        assert (status, '"ready"' in body) == (200, True)
        _, page = fetch(f"{base}/accounts/login/")
        stylesheet = re.search(r'href="(/static/lotse/css/lotse\.[0-9a-f]{12}\.css)"', page)
        assert stylesheet, "static files are not served with hashed names"
        assert fetch(base + stylesheet.group(1))[0] == 200
        # Its own gunicorn control socket, in its data folder: servers never share one.
        assert (tmp_path / "gunicorn.ctl").exists()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def test_check_refuses_to_start_production_without_a_secret_key(tmp_path):
    result = subprocess.run(
        [*LOTSE, "check"],
        env=clean_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "LOTSE_SECRET_KEY" in result.stderr


def test_numerical_libraries_run_one_thread_per_process(tmp_path):
    environment = clean_environment(tmp_path)
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        environment.pop(variable, None)
    environment["MKL_NUM_THREADS"] = "3"  # an operator's setting wins
    script = (
        "import os, sys; from lotse import cli; sys.argv = ['lotse', 'help']; cli.main(); "
        "print([os.environ[v] for v in cli.SINGLE_THREAD_LIBRARIES])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().endswith("['1', '1', '3']")


def production_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    settings = {
        "LOTSE_SECRET_KEY": secrets.token_urlsafe(60),
        "LOTSE_ALLOWED_HOSTS": "lotse.example.org",
        "LOTSE_FIELD_KEYS": "Hk3B0kq7u3vPp1q2Vx6d0JvJX3Cq8xj6b8cO9r0yK2E=",
        "LOTSE_BIND": f"127.0.0.1:{free_port()}",
    }
    return clean_environment(tmp_path, **(settings | extra))


@pytest.mark.parametrize(
    ("setting", "reason"),
    [
        ({"LOTSE_SECRET_KEY": "short"}, "LOTSE_SECRET_KEY must be at least 50"),
        ({"LOTSE_SECRET_KEY": "a" * 60}, "LOTSE_SECRET_KEY must be at least 50"),
        ({"LOTSE_DEBUG": "1"}, "LOTSE_DEBUG must be off in production"),
        ({"LOTSE_FIELD_KEYS": ""}, "LOTSE_FIELD_KEYS must hold the key"),
    ],
)
def test_serve_refuses_to_start_production_with_unsafe_settings(tmp_path, setting, reason):
    result = subprocess.run(
        [*LOTSE, "serve"],
        env=production_environment(tmp_path, **setting),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert reason in result.stderr and "refusing to start" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_secret_key_is_one_sentence_not_a_traceback(tmp_path):
    result = subprocess.run(
        [*LOTSE, "serve"], env=clean_environment(tmp_path), capture_output=True, text=True
    )
    assert result.returncode != 0
    assert result.stderr.strip().startswith("lotse: Set LOTSE_SECRET_KEY")
    assert "Traceback" not in result.stderr


def test_check_fails_on_pending_migrations_and_on_a_missing_search_index(tmp_path):
    environment = production_environment(tmp_path)
    pending = subprocess.run([*LOTSE, "check"], env=environment, capture_output=True, text=True)
    assert pending.returncode != 0 and "migrations are pending" in pending.stderr
    subprocess.run([*LOTSE, "migrate"], env=environment, capture_output=True, check=True)
    environment["LOTSE_OCCUPATION_SEMANTIC_SEARCH"] = "false"  # a lexical index builds in seconds
    no_index = subprocess.run([*LOTSE, "check"], env=environment, capture_output=True, text=True)
    assert no_index.returncode != 0 and "search index is missing or outdated" in no_index.stderr
    subprocess.run(
        [*LOTSE, "occupations", "build-index"], env=environment, capture_output=True, check=True
    )
    ready = subprocess.run([*LOTSE, "check"], env=environment, capture_output=True, text=True)
    assert ready.returncode == 0, ready.stderr
