from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse import permissions
from lotse.accounts.models import Membership, User
from lotse.network.models import Organisation
from lotse.permissions import Actor, Role


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
        self, *args: Any, actor: Actor, organisations: QuerySet[Organisation], **kwargs: Any
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


class SetPasswordForm(forms.Form):
    """A new account's password, chosen while accepting its first invitation."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
