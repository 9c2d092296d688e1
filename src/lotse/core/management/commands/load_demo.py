from typing import Any

from django.core.management.base import BaseCommand

from lotse.core.demo import DemoResult, load_demo


def print_logins(result: DemoResult, write: Any, base_url: str = "http://127.0.0.1:8000") -> None:
    write(f"\nDemo logins (password for all: {result.password})  {base_url}/accounts/login/\n")
    width = max(len(login.email) for login in result.logins)
    for login in result.logins:
        write(f"  {login.email:<{width}}  {login.role.label:<22} {login.organisation}")
    write("")


class Command(BaseCommand):
    help = "Load the demo network (idempotent) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo()
        self.stdout.write(f"Demo network loaded: {result.written} records written.")
        print_logins(result, self.stdout.write)
