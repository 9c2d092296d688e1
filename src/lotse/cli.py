"""The ``lotse`` command: the one entry point for operators.

lotse demo      migrate, load the demo network, print the logins, serve on 127.0.0.1:8000
                (with a task worker beside the server for reminders)
lotse demo generate --participants N [--seed S]
                add N synthetic case files (idempotent per seed) to the demo database
lotse serve     production server (gunicorn + whitenoise), settings from the environment
lotse check     configuration and deploy checks
lotse <command> any Django management command (migrate, createsuperuser, openapi, ...)
"""

from __future__ import annotations

import os
import sys
import time

USAGE = __doc__ or ""
# Numerical libraries start a thread per core for each matrix product. Lotse runs one process
# per core instead (server workers, batch ranking), and its products are small: more threads
# only contend (batch mode with two processes: 93 queries/s with them, 291 without). An
# operator's own setting wins.
SINGLE_THREAD_LIBRARIES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _one_thread_per_process() -> None:
    for variable in SINGLE_THREAD_LIBRARIES:
        os.environ.setdefault(variable, "1")


def _setup(default_env: str) -> None:
    """Load the settings; a configuration error ends the command with its one sentence."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
    os.environ.setdefault("LOTSE_ENV", default_env)
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        sys.exit(f"lotse: {error}")


def _refuse_on_check_errors(command: str) -> None:
    """Run the deploy checks; on any error say why in one line each and stop."""
    from django.conf import settings
    from django.core import checks

    messages = checks.run_checks(include_deployment_checks=settings.ENV == "production")
    errors = [m for m in messages if m.is_serious()]
    for message in messages:
        if not message.is_serious():
            print(f"lotse {command}: warning: {message.msg} ({message.id})", file=sys.stderr)
    if errors:
        for error in errors:
            print(f"lotse {command}: {error.msg} ({error.id})", file=sys.stderr)
        sys.exit(f"lotse {command}: refusing to start; fix the settings above.")


def _exec_gunicorn(bind: str, workers: str, *, access_log: bool) -> None:
    from django.conf import settings

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    arguments = [
        sys.executable,
        "-m",
        "gunicorn",
        "lotse.wsgi:application",
        "--bind",
        bind,
        "--workers",
        workers,
        "--timeout",
        os.environ.get("LOTSE_TIMEOUT", "60"),
        "--max-requests",
        "5000",
        "--max-requests-jitter",
        "100",
        "--preload",
        "--forwarded-allow-ips",
        os.environ.get("LOTSE_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        # Each server its own control socket, in its data folder: servers never share one.
        "--control-socket",
        str(settings.DATA_DIR / "gunicorn.ctl"),
    ]
    if access_log:
        arguments += ["--access-logfile", "-"]
    sys.stdout.flush()
    os.execv(sys.executable, arguments)


def demo(arguments: list[str]) -> None:
    if arguments[:1] == ["generate"]:
        generate(arguments[1:])
        return
    started = time.monotonic()
    _setup("demo")
    from django.core.management import call_command

    from lotse.core.demo import load_demo
    from lotse.core.management.commands.load_demo import print_logins

    print("Lotse demo: preparing the database …", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    result = load_demo()
    from lotse.occupations import search

    if not search.index_exists():
        print("Building the occupation search index (once) …", flush=True)
        search.build_index()
    port = os.environ.get("LOTSE_PORT", "8000")
    print(
        f"Demo network ready ({result.written} records written) "
        f"in {time.monotonic() - started:.1f} s."
    )
    print_logins(result, print, base_url=f"http://127.0.0.1:{port}")
    if "--no-serve" in arguments:
        return
    print(f"Serving on http://127.0.0.1:{port}  (Ctrl+C stops)", flush=True)
    _start_task_worker()
    _exec_gunicorn(f"127.0.0.1:{port}", os.environ.get("LOTSE_WORKERS", "2"), access_log=False)


def _start_task_worker() -> None:
    """The worker that runs reminders, in the same process group: Ctrl+C stops both."""
    import subprocess

    subprocess.Popen(
        [sys.executable, "-c", "from lotse.cli import main; main(['db_worker'])"],
        env=os.environ.copy(),
    )


def generate(arguments: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="lotse demo generate")
    parser.add_argument("--participants", type=int, default=0, help="how many people")
    parser.add_argument("--companies", type=int, default=0, help="how many companies")
    parser.add_argument("--seed", type=int, default=1, help="the same seed adds nothing twice")
    options = parser.parse_args(arguments)
    if not 0 <= options.participants <= 10_000_000 or not 0 <= options.companies <= 1_000_000:
        parser.error("--participants up to 10,000,000 and --companies up to 1,000,000")
    if not options.participants and not options.companies:
        parser.error("say how many: --participants N and/or --companies N")
    _setup("demo")
    from django.core.management import call_command
    from tqdm import tqdm

    from lotse.core.demo import generate_demo_cases, load_demo

    call_command("migrate", interactive=False, verbosity=0)
    load_demo()
    started = time.monotonic()
    if options.participants:
        with tqdm(total=options.participants, unit=" people", file=sys.stderr) as bar:
            result = generate_demo_cases(
                count=options.participants, seed=options.seed, progress=bar.update
            )
        print(
            f"{result.created} case files created, {result.skipped} already there "
            f"(seed {options.seed}) in {time.monotonic() - started:.1f} s."
        )
    if options.companies:
        from lotse.companies.demo import generate as generate_companies

        started = time.monotonic()
        made = generate_companies(count=options.companies, seed=options.seed)
        print(
            f"{made} companies created (seed {options.seed}) in {time.monotonic() - started:.1f} s."
        )


def serve(arguments: list[str]) -> None:
    _setup("production")
    from django.core.management import call_command

    _refuse_on_check_errors("serve")
    if "--migrate" in arguments:
        call_command("migrate", interactive=False)
    call_command("collectstatic", interactive=False, verbosity=0)
    _exec_gunicorn(
        os.environ.get("LOTSE_BIND", "127.0.0.1:8000"),
        os.environ.get("LOTSE_WORKERS", str((os.cpu_count() or 1) * 2 + 1)),
        access_log=True,
    )


def check(arguments: list[str]) -> None:
    _setup("production")
    from django.conf import settings
    from django.core.management import call_command

    database = settings.DATABASES["default"]
    print(f"environment:  {settings.ENV}")
    print(f"database:     {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('NAME', '')}")
    print(f"MFA required: {settings.LOTSE_REQUIRE_MFA}")
    print(f"e-mail:       {settings.EMAIL_BACKEND}")
    deploy = ["--deploy"] if settings.ENV == "production" else []
    call_command("check", *deploy, "--database", "default", "--fail-level", "WARNING")
    from lotse.core.health import pending_migrations
    from lotse.occupations.search import index_needs_rebuild, index_status

    pending = pending_migrations()
    print(f"migrations:   {f'{pending} pending: run lotse migrate' if pending else 'all applied'}")
    print(f"occupations:  {index_status()}")
    if pending:
        sys.exit("lotse check: migrations are pending: run lotse migrate")
    if index_needs_rebuild():
        sys.exit(
            "lotse check: the occupation search index is missing or outdated: run "
            "lotse occupations build-index"
        )


COMMANDS = {"demo": demo, "serve": serve, "check": check}


def main(argv: list[str] | None = None) -> None:
    _one_thread_per_process()  # before anything imports numpy
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or arguments[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return
    name, rest = arguments[0], arguments[1:]
    if name in COMMANDS:
        COMMANDS[name](rest)
        return
    _setup("production")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lotse", name.replace("-", "_"), *rest])


if __name__ == "__main__":
    main()
