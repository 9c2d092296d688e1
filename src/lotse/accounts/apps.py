from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lotse.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from lotse import permissions
        from lotse.accounts import panels, policies, selectors, signals  # noqa: F401  registers

        permissions.register_membership_loader(selectors.active_memberships_of)
        panels.register()
