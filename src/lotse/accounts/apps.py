from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lotse.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from lotse.accounts import policies, signals  # noqa: F401  registers them
