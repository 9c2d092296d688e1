"""Insight for the liaison team: what its work wins, as charts with their tables. Only counts
of the companies the reader may see, never a person.

* places won per month (by kind), by occupation and by district;
* companies won (reached "ready to train" or further) per month, migrant-owned or not;
* the obstacles met most often, how many were removed, and which support removed them;
* the funnel from identified company to filled place.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lotse import charts, permissions
from lotse.charts import Chart, Column
from lotse.companies.models import (
    STAGE_ORDER,
    Company,
    Obstacle,
    ObstacleKind,
    Opening,
    OpeningKind,
    OpeningStatus,
    Stage,
    StageChange,
    SupportAction,
    SupportKind,
    SupportResult,
)
from lotse.dates import add_months
from lotse.occupations.models import Occupation
from lotse.occupations.selectors import preferred_titles
from lotse.permissions import Actor

PERIODS = (6, 12, 24)
TOP = 10
WON_STAGES = STAGE_ORDER[STAGE_ORDER.index(Stage.READY) :]


@dataclass(frozen=True)
class Insight:
    since: date
    until: date
    months: int
    places_won: int
    companies_won: int
    migrant_owned_won: int
    charts: list[Chart]


def _months(since: date, until: date) -> list[date]:
    found, month = [], since.replace(day=1)
    while month <= until:
        found.append(month)
        month = add_months(month, 1)
    return found


def _month_label(month: date) -> str:
    return date_format(month, "M Y")


def insight(*, actor: Actor, months: int = 12, today: date | None = None) -> Insight:
    until = today or timezone.localdate()
    since = add_months(until.replace(day=1), 1 - months)
    companies = permissions.visible(actor, permissions.VIEW, Company.objects.all())
    won = Opening.objects.filter(
        company__in=companies, status=OpeningStatus.FILLED, filled_on__range=(since, until)
    )
    firsts = _first_won(companies, since, until)
    places_won = won.aggregate(n=Sum("places"))["n"] or 0
    migrant = sum(1 for _, is_migrant in firsts if is_migrant)
    return Insight(
        since=since,
        until=until,
        months=months,
        places_won=places_won,
        companies_won=len(firsts),
        migrant_owned_won=migrant,
        charts=[
            _places_by_month(won, since, until),
            _places_by_occupation(won),
            _places_by_district(won),
            _companies_won(firsts, since, until),
            _obstacles(companies, since, until),
            _what_removed_them(companies, since, until),
            _funnel(companies),
        ],
    )


def _places_by_month(won: QuerySet[Opening], since: date, until: date) -> Chart:
    kinds = dict(OpeningKind.choices)
    counts = {
        (row["month"], row["kind"]): row["n"]
        for row in won.annotate(month=TruncMonth("filled_on"))
        .values("month", "kind")
        .annotate(n=Sum("places"))
    }
    month_labels = [_month_label(m) for m in _months(since, until)]
    rows = [
        {"month": _month_label(month), "kind": str(kinds[kind]), "places": n}
        for (month, kind), n in sorted(counts.items())
    ]
    return charts.bars(
        key="places-by-month",
        title=_("Places won per month"),
        description=_("Filled places per month of filling, by kind of place."),
        rows=rows,
        category=Column("month", _("Month")),
        value=Column("places", _("Places")),
        stack=Column("kind", _("Kind")),
        order=month_labels,
    )


def _places_by_occupation(won: QuerySet[Opening]) -> Chart:
    totals = (
        won.values("occupation_id").annotate(n=Sum("places")).order_by("-n", "occupation_id")[:TOP]
    )
    occupations = Occupation.objects.prefetch_related(preferred_titles("labels")).in_bulk(
        [row["occupation_id"] for row in totals]
    )
    language = get_language() or "de"
    rows = [
        {"occupation": occupations[row["occupation_id"]].title(language), "places": row["n"]}
        for row in totals
    ]
    return charts.bars(
        key="places-by-occupation",
        title=_("Places won by occupation"),
        description=_("The occupations with the most filled places in the period."),
        rows=rows,
        category=Column("occupation", _("Occupation")),
        value=Column("places", _("Places")),
        order=[row["occupation"] for row in rows],
        horizontal=True,
    )


def _places_by_district(won: QuerySet[Opening]) -> Chart:
    totals = won.values("district").annotate(n=Sum("places")).order_by("-n", "district")[:TOP]
    rows = [{"district": row["district"] or _("unknown"), "places": row["n"]} for row in totals]
    return charts.bars(
        key="places-by-district",
        title=_("Places won by district"),
        description=_("The districts with the most filled places in the period."),
        rows=rows,
        category=Column("district", _("District")),
        value=Column("places", _("Places")),
        order=[row["district"] for row in rows],
        horizontal=True,
    )


def _first_won(companies: QuerySet[Company], since: date, until: date) -> list[tuple[date, bool]]:
    """(month, migrant-owned) of each company that first reached a won stage in the period."""
    firsts = (
        StageChange.objects.filter(company__in=companies, to_stage__in=WON_STAGES)
        .values("company_id", "company__migrant_owned")
        .annotate(first=Min("changed_on"))
        .filter(first__range=(since, until))
    )
    return [(row["first"].replace(day=1), row["company__migrant_owned"]) for row in firsts]


def _companies_won(firsts: list[tuple[date, bool]], since: date, until: date) -> Chart:
    counts = Counter(firsts)
    owners = {True: _("migrant-owned"), False: _("other companies")}
    rows: list[dict[str, charts.Value]] = [
        {"month": _month_label(month), "owner": str(owners[is_migrant]), "companies": n}
        for (month, is_migrant), n in sorted(counts.items())
    ]
    return charts.bars(
        key="companies-won",
        title=_("Companies won per month"),
        description=_(
            "Companies that reached “ready to train” or further for the first time, by month, "
            "migrant-owned or not."
        ),
        rows=rows,
        category=Column("month", _("Month")),
        value=Column("companies", _("Companies")),
        stack=Column("owner", _("Owner")),
        order=[_month_label(m) for m in _months(since, until)],
    )


def _obstacles(companies: QuerySet[Company], since: date, until: date) -> Chart:
    kinds = dict(ObstacleKind.choices)
    totals = (
        Obstacle.objects.filter(company__in=companies, noted_on__range=(since, until))
        .values("kind")
        .annotate(met=Count("pk"), removed=Count("pk", filter=Q(removed_on__isnull=False)))
        .order_by("-met", "kind")
    )
    removed, still = str(_("removed")), str(_("still there"))
    rows = []
    for row in totals:
        rows.append({"obstacle": str(kinds[row["kind"]]), "state": removed, "n": row["removed"]})
        rows.append(
            {"obstacle": str(kinds[row["kind"]]), "state": still, "n": row["met"] - row["removed"]}
        )
    return charts.bars(
        key="obstacles",
        title=_("Obstacles met most often"),
        description=_("Obstacles to training noted in the period, removed or still there."),
        rows=rows,
        category=Column("obstacle", _("Obstacle")),
        value=Column("n", _("Companies")),
        stack=Column("state", _("State")),
        order=[str(kinds[row["kind"]]) for row in totals],
        horizontal=True,
    )


def _what_removed_them(companies: QuerySet[Company], since: date, until: date) -> Chart:
    obstacles, supports = dict(ObstacleKind.choices), dict(SupportKind.choices)
    pairs = (
        SupportAction.objects.filter(
            company__in=companies,
            result=SupportResult.HELPED,
            obstacle__removed_on__range=(since, until),
        )
        .values("obstacle__kind", "kind")
        .annotate(n=Count("obstacle_id", distinct=True))
        .order_by("-n")
    )
    rows = [
        {"obstacle": str(obstacles[row["obstacle__kind"]]), "support": str(supports[row["kind"]]),
         "n": row["n"]}
        for row in pairs
    ]  # fmt: skip
    return charts.grid(
        key="what-removed-them",
        title=_("Which support removed which obstacle"),
        description=_("Obstacles removed in the period, by the support that helped against them."),
        rows=rows,
        across=Column("support", _("Support")),
        down=Column("obstacle", _("Obstacle")),
        value=Column("n", _("Obstacles removed")),
    )


def _funnel(companies: QuerySet[Company]) -> Chart:
    at = dict(companies.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    labels = dict(Stage.choices)
    rows: list[dict[str, charts.Value]] = [
        {
            "stage": str(labels[stage]),
            "companies": sum(at.get(later, 0) for later in STAGE_ORDER[index:]),
        }
        for index, stage in enumerate(STAGE_ORDER)
    ]
    return charts.bars(
        key="funnel",
        title=_("From identified company to filled place"),
        description=_("How many companies reached each stage of the pipeline (today)."),
        rows=rows,
        category=Column("stage", _("Stage")),
        value=Column("companies", _("Companies")),
        order=[str(labels[stage]) for stage in STAGE_ORDER],
        horizontal=True,
    )
