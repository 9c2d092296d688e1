"""The demo network: the two networks of the seed documents and a demo user of every role.

Loading is idempotent: records that already match are not written, so a second load changes
nothing (no rows, no audit entries). Everything is written through the apps' services, as the
system actor, with its audit entries.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from lotse.accounts import selectors as accounts_read
from lotse.accounts import services as accounts
from lotse.accounts.models import User
from lotse.companies import demo as companies_demo
from lotse.network import selectors as network_read
from lotse.network import services as network
from lotse.network.models import Organisation
from lotse.participants import demo as participants_demo
from lotse.permissions import SYSTEM, Role
from lotse.recognition import demo as recognition_demo

DEMO_FILE = Path(__file__).parent / "data" / "demo_network.json"


@dataclass
class DemoLogin:
    email: str
    full_name: str
    role: Role
    organisation: str


@dataclass
class DemoResult:
    password: str
    written: int = 0
    logins: list[DemoLogin] = field(default_factory=list)


def read_demo_data(path: Path = DEMO_FILE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@transaction.atomic
def load_demo(path: Path = DEMO_FILE) -> DemoResult:
    data = read_demo_data(path)
    result = DemoResult(password=data["password"])
    organisations: dict[tuple[str, str], Organisation] = {}
    for network_data in data["networks"]:
        values = {k: v for k, v in network_data.items() if k not in {"slug", "organisations"}}
        net, written = network.save_network(actor=SYSTEM, slug=network_data["slug"], **values)
        result.written += written
        for org_data in network_data["organisations"]:
            org_values = {
                "project_name": "",
                "postcode": "",
                "website": "",
                "description": "",
                "is_fictional": False,
                **org_data,
            }
            slug = org_values.pop("slug")
            organisation, written = network.save_organisation(
                actor=SYSTEM, network=net, slug=slug, **org_values
            )
            result.written += written
            organisations[(net.slug, slug)] = organisation
    for user_data in data["users"]:
        network_slug, organisation_slug, role_name = user_data["memberships"][0]
        first_role = (organisations[(network_slug, organisation_slug)], Role(role_name))
        user = _ensure_user(user_data, first_role, password=result.password, result=result)
        held = accounts_read.active_memberships_of(user.pk)
        for network_slug, organisation_slug, role_name in user_data["memberships"]:
            organisation = organisations[(network_slug, organisation_slug)]
            role = Role(role_name)
            if not any(r == role and o == organisation.pk for r, o, _ in held):
                accounts.grant_role(actor=SYSTEM, user=user, organisation=organisation, role=role)
                result.written += 1
            result.logins.append(DemoLogin(user.email, user.full_name, role, organisation.name))
    result.written += generate_demo_cases(count=DEMO_CASES, seed=DEMO_SEED).created
    result.written += companies_demo.add_companies()
    return result


DEMO_SEED = 2026
DEMO_CASES = 60


def demo_case_staff() -> list[participants_demo.Staff]:
    """The demo organisations with counsellors, and those counsellors."""
    staff = []
    counsellor_roles = frozenset({Role.COUNSELLOR})
    organisations = network_read.organisations_visible_to(actor=SYSTEM).order_by("pk")
    for organisation in organisations:
        counsellors = accounts_read.members_of(
            organisation_id=organisation.pk, roles=counsellor_roles
        )
        ids = list(counsellors.values_list("pk", flat=True))
        if ids:
            state = "DE-NW" if organisation.state == "Nordrhein-Westfalen" else "DE-MV"
            staff.append(participants_demo.Staff(organisation, ids, state))
    return staff


def generate_demo_cases(
    *, count: int, seed: int, progress: Callable[[int], None] = lambda done: None
) -> participants_demo.GenerateResult:
    staff = demo_case_staff()
    if not staff:
        return participants_demo.GenerateResult()
    result = participants_demo.generate(count=count, seed=seed, staff=staff, progress=progress)
    recognition_demo.add_procedures(seed=seed)
    return result


def _ensure_user(
    user_data: dict[str, Any],
    first_role: tuple[Organisation, Role],
    *,
    password: str,
    result: DemoResult,
) -> User:
    user = accounts_read.user_with_email(email=user_data["email"])
    if user is None:
        user = accounts.create_user(
            actor=SYSTEM,
            email=user_data["email"],
            full_name=user_data["full_name"],
            password=password,
            first_role=first_role,
        )
        result.written += 2
    technical_admin = bool(user_data.get("technical_admin"))
    result.written += accounts.set_technical_admin(
        actor=SYSTEM, user=user, technical_admin=technical_admin
    )
    return user
