from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lotse.core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from lotse.core import checks, converters  # noqa: F401  registers the system checks

        register_converter(converters.IdConverter, "id")
