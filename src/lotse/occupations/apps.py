from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OccupationsConfig(AppConfig):
    name = "lotse.occupations"
    verbose_name = _("Occupations")

    def ready(self) -> None:
        from lotse.occupations import panels, policies  # noqa: F401  registers the policies

        panels.register()

        post_migrate.connect(_load_reference_catalogue, sender=self)


def _load_reference_catalogue(**kwargs: object) -> None:
    """The German reference occupations ship with the product: every migrate brings them in."""
    from lotse.occupations.services import link_esco_to_reference, load_reference_catalogue
    from lotse.permissions import SYSTEM

    if load_reference_catalogue(actor=SYSTEM).changed:
        link_esco_to_reference(actor=SYSTEM)
