from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "lotse.participants"
    verbose_name = _("Participants and counselling")

    def ready(self) -> None:
        from lotse.participants import panels, policies  # noqa: F401  registers the policies

        panels.register()
