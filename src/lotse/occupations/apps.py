from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OccupationsConfig(AppConfig):
    name = "lotse.occupations"
    verbose_name = _("Occupations")

    def ready(self) -> None:
        from lotse.occupations import policies  # noqa: F401  registers the policies
