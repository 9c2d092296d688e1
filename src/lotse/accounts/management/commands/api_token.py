from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lotse.accounts.models import User
from lotse.accounts.services import create_api_token


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
        try:
            user = User.objects.get(email=options["email"].lower())
            issuer = User.objects.get(email=options["by"].lower())
        except User.DoesNotExist as missing:
            raise CommandError("No user with that e-mail address.") from missing
        expires = timezone.now() + timedelta(days=options["days"])
        try:
            token, secret = create_api_token(
                actor=issuer, user=user, name=options["name"], expires_at=expires
            )
        except PermissionDenied as denied:
            raise CommandError(f"{issuer.email} may not issue tokens for {user.email}.") from denied
        self.stdout.write(f"Token {token.prefix} for {user.email}, valid until {expires:%Y-%m-%d}:")
        self.stdout.write(secret)
