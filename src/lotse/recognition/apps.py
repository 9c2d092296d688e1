from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "lotse.recognition"
    verbose_name = _("Recognition")

    def ready(self) -> None:
        from lotse.participants.models import OtherCasePart, register_case_part
        from lotse.recognition import nav, policies  # noqa: F401  registers the policies
        from lotse.recognition.engine.rules import rule_book
        from lotse.recognition.models import RecognitionCase

        rule_book()  # a broken rule file stops the start, never an answer
        nav.register()
        register_case_part(
            OtherCasePart(
                report_key="recognition_procedures",
                model=RecognitionCase,
                report_fields=REPORT_FIELDS,
            )
        )
        post_migrate.connect(_schedule_reminders, sender=self)


REPORT_FIELDS = (
    "qualification_id",
    "occupation_id",
    "authority_name",
    "submitted_on",
    "receipt_confirmed_on",
    "file_complete_on",
    "extension_months",
    "decided_on",
    "outcome",
    "compensation",
    "withdrawn_on",
    "fee_eur",
    "other_costs_eur",
    "funding",
    "funding_applied_on",
    "funding_granted_eur",
)


def _schedule_reminders(**kwargs: object) -> None:
    from lotse.recognition.tasks import ensure_reminders_scheduled

    ensure_reminders_scheduled()
