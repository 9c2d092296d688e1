from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "lotse.recognition"
    verbose_name = _("Recognition")

    def ready(self) -> None:
        from lotse.recognition import nav
        from lotse.recognition.engine.rules import rule_book

        rule_book()  # a broken rule file stops the start, never an answer
        nav.register()
