"""Who sees a case file.

* A counsellor sees the cases of their organisation they are assigned to, or all of them where
  the organisation opened its cases to the team (``CaseAccess.team_access``).
* An organisation admin sees every case of the organisation.
* Nobody else sees a case file: not platform admins, researchers, multipliers, business liaisons
  or company users. Coordinators see aggregates; what a partner receives is decided by consent.

Every part of a case (languages, sessions, consents, …) follows its participant.
"""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from lotse.participants.models import (
    CASE_PARTS,
    CaseAccess,
    Consent,
    ErasureRecord,
    EsfRecord,
    Participant,
    Referral,
    RetainedEsfRecord,
)
from lotse.permissions import ADD, CHANGE, DELETE, VIEW, Actor, Policy, Role, define, register

CASE_ROLES = (Role.COUNSELLOR, Role.ORGANISATION_ADMIN)
# Who in an organisation receives referrals (a coordinator's organisation is told explicitly).
RECEIVING_ROLES = (Role.COUNSELLOR, Role.ORGANISATION_ADMIN, Role.NETWORK_COORDINATOR)


def case_filter(actor: Actor) -> Q:
    """The cases an actor may open, as a filter on participants.

    Only the terms that apply are written (the organisations are known before the query), so
    the database can walk an index in the list's order instead of sorting every case."""
    whole = set(actor.organisations(Role.ORGANISATION_ADMIN))
    counselled = set(actor.organisations(Role.COUNSELLOR)) - whole
    if counselled:
        whole |= set(
            CaseAccess.objects.filter(organisation_id__in=counselled, team_access=True).values_list(
                "organisation_id", flat=True
            )
        )
        counselled -= whole
    terms = Q(pk__in=[])
    if whole:
        terms |= Q(organisation_id__in=sorted(whole))
    if counselled:
        assigned = Participant.counsellors.through.objects.filter(user_id=actor.id)
        terms |= Q(organisation_id__in=sorted(counselled), pk__in=assigned.values("participant_id"))
    return terms


class ParticipantPolicy(Policy[Participant]):
    model = Participant

    def scope(
        self, actor: Actor, action: str, queryset: QuerySet[Participant]
    ) -> QuerySet[Participant]:
        if action in {VIEW, CHANGE}:
            return queryset.filter(case_filter(actor))
        return queryset.none()  # erasure is a service of its own, never a plain delete

    def allows_new(self, actor: Actor, action: str, instance: Participant) -> bool:
        return action == ADD and instance.organisation_id in actor.organisations(*CASE_ROLES)


class CaseRecordPolicy(Policy[Model]):
    """A part of a case: whoever may change the case may add, change and remove its parts."""

    def __init__(self, model: type[Model], *, removable: bool = True) -> None:
        self.model = model
        self.removable = removable

    def scope(self, actor: Actor, action: str, queryset: QuerySet[Model]) -> QuerySet[Model]:
        if action == DELETE and not self.removable:
            return queryset.none()
        visible = Participant.objects.filter(case_filter(actor)).values("pk")
        return queryset.filter(participant__in=visible)

    def allows_new(self, actor: Actor, action: str, instance: Model) -> bool:
        if action != ADD:
            return False
        participant_id = getattr(instance, "participant_id", None)
        if participant_id is None:
            return False
        return Participant.objects.filter(case_filter(actor), pk=participant_id).exists()


class CaseAccessPolicy(Policy[CaseAccess]):
    model = CaseAccess

    def scope(
        self, actor: Actor, action: str, queryset: QuerySet[CaseAccess]
    ) -> QuerySet[CaseAccess]:
        if action in {VIEW, CHANGE}:
            return queryset.filter(organisation_id__in=actor.organisations(Role.ORGANISATION_ADMIN))
        return queryset.none()

    def allows_new(self, actor: Actor, action: str, instance: CaseAccess) -> bool:
        return action == ADD and instance.organisation_id in actor.organisations(
            Role.ORGANISATION_ADMIN
        )


register(ParticipantPolicy())
# The ledger keeps every consent (withdrawn, never removed); ESF+ monitoring rests on a legal
# obligation and goes only with the whole case; referrals have a policy of their own.
KEPT_PARTS = (Consent, EsfRecord)
for part in CASE_PARTS:
    if part is not Referral:
        register(CaseRecordPolicy(part, removable=part not in KEPT_PARTS))


class ReferralPolicy(CaseRecordPolicy):
    """The sending case's people see and add referrals; the receiving organisation's
    counsellors, admins and coordinators see them and answer."""

    def __init__(self) -> None:
        super().__init__(Referral, removable=False)

    def scope(self, actor: Actor, action: str, queryset: QuerySet[Model]) -> QuerySet[Model]:
        receiving = queryset.filter(recipient_id__in=actor.organisations(*RECEIVING_ROLES))
        if action == VIEW:
            return super().scope(actor, action, queryset) | receiving
        if action == CHANGE:
            return receiving
        return queryset.none()


register(ReferralPolicy())


class RetainedEsfRecordPolicy(Policy[RetainedEsfRecord]):
    """Kept for the funder's audit only: no page shows a single one (reports count them)."""

    model = RetainedEsfRecord


register(RetainedEsfRecordPolicy())
register(CaseAccessPolicy())


class ErasureRecordPolicy(Policy[ErasureRecord]):
    """The ledger is read by the organisation's admins; only the erasure service writes it."""

    model = ErasureRecord

    def scope(
        self, actor: Actor, action: str, queryset: QuerySet[ErasureRecord]
    ) -> QuerySet[ErasureRecord]:
        if action == VIEW:
            return queryset.filter(organisation_id__in=actor.organisations(Role.ORGANISATION_ADMIN))
        return queryset.none()


register(ErasureRecordPolicy())

define("participants.work_with_cases", lambda actor: bool(actor.organisations(*CASE_ROLES)))
define("participants.receive_referrals", lambda actor: bool(actor.organisations(*RECEIVING_ROLES)))
define(
    "participants.configure_case_access",
    lambda actor: bool(actor.organisations(Role.ORGANISATION_ADMIN)),
)
define(
    "participants.view_network_counts",
    lambda actor: bool(actor.networks(Role.NETWORK_COORDINATOR)),
)
