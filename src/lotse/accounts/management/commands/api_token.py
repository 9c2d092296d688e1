from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lotse.accounts.selectors import user_with_email
from lotse.accounts.services import create_api_token
from lotse.permissions import actor_for

MAX_DAYS = 3650


class Command(BaseCommand):
    help = "Create an API token for a user (as a platform admin). The secret is shown once."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="create a token")
        create.add_argument("--email", required=True, help="the user the token acts as")
        create.add_argument("--name", required=True, help="what the token is for")
        create.add_argument("--days", type=int, default=90, help="valid for this many days")
        create.add_argument("--by", required=True, help="e-mail of the platform admin issuing it")

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_with_email(email=options["email"])
        issuer = user_with_email(email=options["by"])
        if user is None or issuer is None:
            raise CommandError("No user with that e-mail address.")
        if not 1 <= options["days"] <= MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {MAX_DAYS}.")
        expires = timezone.now() + timedelta(days=options["days"])
        try:
            token, secret = create_api_token(
                actor=actor_for(issuer), user=user, name=options["name"], expires_at=expires
            )
        except PermissionDenied as denied:
            raise CommandError(f"{issuer.email} may not issue tokens for {user.email}.") from denied
        self.stdout.write(f"Token {token.prefix} for {user.email}, valid until {expires:%Y-%m-%d}:")
        self.stdout.write(secret)
