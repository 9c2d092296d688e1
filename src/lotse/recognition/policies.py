"""Who sees a recognition procedure: whoever may open the case file it belongs to.

The procedure, its pauses and its differences follow the participant's policy (the counsellors
of the case and the organisation's admins; nobody else). Statistics are counts only, for the
network's coordinators and researchers and for organisation admins (their organisation).
"""

from __future__ import annotations

from django.db.models import Model, QuerySet

from lotse import permissions
from lotse.participants.models import Participant
from lotse.permissions import ADD, CHANGE, VIEW, Actor, Policy, Role, define, register
from lotse.recognition.models import Difference, RecognitionCase, RecognitionPause

STATISTICS_NETWORK_ROLES = (Role.NETWORK_COORDINATOR, Role.RESEARCHER)


def _cases(actor: Actor, action: str) -> QuerySet[Participant]:
    # Changing a procedure is changing the case; removing one is too (the case stays).
    participant_action = VIEW if action == VIEW else CHANGE
    return permissions.visible(actor, participant_action, Participant.objects.all())


class RecognitionCasePolicy(Policy[RecognitionCase]):
    model = RecognitionCase

    def scope(
        self, actor: Actor, action: str, queryset: QuerySet[RecognitionCase]
    ) -> QuerySet[RecognitionCase]:
        return queryset.filter(participant__in=_cases(actor, action).values("pk"))

    def allows_new(self, actor: Actor, action: str, instance: RecognitionCase) -> bool:
        return action == ADD and _cases(actor, CHANGE).filter(pk=instance.participant_id).exists()


class ProcedurePartPolicy(Policy[Model]):
    """A pause or a difference: whoever may change the procedure."""

    def __init__(self, model: type[Model]) -> None:
        self.model = model

    def scope(self, actor: Actor, action: str, queryset: QuerySet[Model]) -> QuerySet[Model]:
        cases = _cases(actor, VIEW if action == VIEW else CHANGE)
        return queryset.filter(recognition__participant__in=cases.values("pk"))

    def allows_new(self, actor: Actor, action: str, instance: Model) -> bool:
        recognition_id = getattr(instance, "recognition_id", None)
        if action != ADD or recognition_id is None:
            return False
        procedures = RecognitionCase.objects.filter(pk=recognition_id)
        return RecognitionCasePolicy().scope(actor, CHANGE, procedures).exists()


register(RecognitionCasePolicy())
register(ProcedurePartPolicy(RecognitionPause))
register(ProcedurePartPolicy(Difference))


def statistics_organisations(actor: Actor) -> tuple[frozenset[int], frozenset[int]]:
    """(networks, organisations) whose procedures the actor may count."""
    return actor.networks(*STATISTICS_NETWORK_ROLES), actor.organisations(Role.ORGANISATION_ADMIN)


define(
    "recognition.view_statistics",
    lambda actor: any(statistics_organisations(actor)),
)
