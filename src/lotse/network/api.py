from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from lotse import permissions
from lotse.ids import ApiId
from lotse.network import selectors
from lotse.network.models import Network, Organisation

router = Router(tags=["network"])


class NetworkOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    region: str


class OrganisationOut(Schema):
    id: int
    network_id: int
    slug: str
    name: str
    kind: str
    project_name: str
    city: str
    postcode: str
    district: str
    state: str
    website: str
    is_fictional: bool
    is_active: bool


@router.get("/networks", response=list[NetworkOut], summary="Networks the caller belongs to")
def list_networks(request: HttpRequest) -> QuerySet[Network]:
    return selectors.networks_visible_to(actor=permissions.actor_for(request.user))


@router.get("/organisations", response=list[OrganisationOut], summary="Organisations")
@paginate
def list_organisations(
    request: HttpRequest, kind: str | None = None, network: ApiId | None = None
) -> QuerySet[Organisation]:
    organisations = selectors.organisations_visible_to(actor=permissions.actor_for(request.user))
    if kind:
        organisations = organisations.filter(kind=kind)
    if network:
        organisations = organisations.filter(network_id=network)
    return organisations.order_by("name")


@router.get(
    "/organisations/{organisation_id}", response=OrganisationOut, summary="One organisation"
)
def get_organisation(request: HttpRequest, organisation_id: ApiId) -> Organisation:
    return permissions.get_or_404(
        permissions.actor_for(request.user),
        permissions.VIEW,
        Organisation.objects.all(),
        pk=organisation_id,
    )
