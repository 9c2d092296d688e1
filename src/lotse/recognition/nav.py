"""What the recognition app adds to the menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lotse.hooks import NavEntry, register_nav_entry


def register() -> None:
    register_nav_entry(
        NavEntry(
            key="recognition.navigator",
            label=_("Recognition navigator"),
            url_name="recognition:navigator",
            public=True,
            namespace="recognition",
            weight=45,
        )
    )
