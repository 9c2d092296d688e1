from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse import permissions
from lotse.accounts.models import Membership, User
from lotse.accounts.roles import Role
from lotse.network.models import Organisation


class AddPersonForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"dir": "ltr"})
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(
        self, *args: Any, actor: User, organisations: QuerySet[Organisation], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.actor = actor
        organisation_field = self.fields["organisation"]
        organisation_field.queryset = organisations  # type: ignore[attr-defined]
        if len(organisations) == 1:
            organisation_field.empty_label = None  # type: ignore[attr-defined]
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (role.value, role.label)
            for role in Role
            if any(
                permissions.can(actor, permissions.ADD, Membership(organisation=o, role=role))
                for o in organisations
            )
        ]

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation, role = data.get("organisation"), data.get("role")
        if organisation and role:
            candidate = Membership(organisation=organisation, role=Role(role))
            if not permissions.can(self.actor, permissions.ADD, candidate):
                self.add_error("role", _("You may not give this role in this organisation."))
        return data
