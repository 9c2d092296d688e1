from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "lotse.network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from lotse.network import panels, policies  # noqa: F401  registers the policies

        panels.register()
