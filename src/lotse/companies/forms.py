"""Forms of the company files (thin: the services check and write)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lotse.companies.models import (
    Company,
    Contact,
    ContactEvent,
    DeclineReason,
    Obstacle,
    Opening,
    ProposalStatus,
    Stage,
    SupportAction,
    SupportRequest,
    TrainingAuthorisation,
)
from lotse.occupations.forms import OccupationField
from lotse.participants.forms import FastSelect, FastSelectMultiple
from lotse.places.countries import country_choices, language_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FIELD_ORDER = [
    "name", "legal_form", "street", "postcode", "municipality", "sector", "is_craft", "size_class",
    "chamber_kind", "chamber_name", "website", "trains_today", "aevo_trainer", "joint_training",
    "next_contact_on", "owner_data_agreed", "migrant_owned", "owner_origin", "owner_languages",
]  # fmt: skip
CHECKBOXES = {
    "is_craft",
    "trains_today",
    "aevo_trainer",
    "joint_training",
    "owner_data_agreed",
    "migrant_owned",
}


class CompanyForm(forms.ModelForm):  # type: ignore[type-arg]  # not generic at run time
    owner_languages = forms.MultipleChoiceField(label=_("owner's languages"), required=False)
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Company
        fields = FIELD_ORDER
        widgets = {"next_contact_on": DATE}
        help_texts = {
            "chamber_kind": _("Leave empty: derived from the sector, or the crafts register."),
            "owner_data_agreed": _("Only then are origin and languages kept."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language() or "de"
        origin = cast(forms.ChoiceField, self.fields["owner_origin"])
        origin.widget = FastSelect(choices=[("", "—"), *country_choices(language)])
        languages = cast(forms.MultipleChoiceField, self.fields["owner_languages"])
        languages.choices = language_choices(language)
        languages.widget = FastSelectMultiple(choices=languages.choices, attrs={"size": 6})

    def _post_clean(self) -> None:
        # The service derives the place and the chamber and checks the whole company.
        pass

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in FIELD_ORDER}


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    changed_on = forms.DateField(label=_("on"), required=False, widget=DATE)


class ContactEventForm(forms.ModelForm):  # type: ignore[type-arg]
    next_contact_on = forms.DateField(label=_("next contact"), required=False, widget=DATE)

    class Meta:
        model = ContactEvent
        fields = ["kind", "happened_on", "note"]
        widgets = {"happened_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class ContactForm(forms.ModelForm):  # type: ignore[type-arg]
    languages = forms.MultipleChoiceField(label=_("languages"), required=False)

    class Meta:
        model = Contact
        fields = ["name", "role", "channel", "email", "phone", "languages"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["languages"])
        field.choices = language_choices(get_language() or "de")
        field.widget = FastSelectMultiple(choices=field.choices, attrs={"size": 4})


class AuthorisationForm(forms.ModelForm):  # type: ignore[type-arg]
    occupation = OccupationField(label=_("Occupation"))

    class Meta:
        model = TrainingAuthorisation
        fields = ["occupation", "since"]
        widgets = {"since": DATE}


OPENING_FIELDS = [
    "kind", "occupation", "postcode", "starts_on", "places", "min_school", "min_german",
    "languages_valued", "driving_licence", "other_requirements", "working_time", "published",
]  # fmt: skip


class OpeningForm(forms.ModelForm):  # type: ignore[type-arg]
    occupation = OccupationField(label=_("Occupation"))
    languages_valued = forms.MultipleChoiceField(label=_("languages valued"), required=False)

    class Meta:
        model = Opening
        fields = OPENING_FIELDS
        widgets = {"starts_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["languages_valued"])
        field.choices = language_choices(get_language() or "de")
        field.widget = FastSelectMultiple(choices=field.choices, attrs={"size": 4})


class ObstacleForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Obstacle
        fields = ["kind", "note", "noted_on"]
        widgets = {"noted_on": DATE}


class SupportForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SupportAction
        fields = ["kind", "given_on", "result", "obstacle", "note"]
        widgets = {"given_on": DATE}

    def __init__(self, *args: Any, company: Company, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        obstacles = cast(forms.ModelChoiceField, self.fields["obstacle"])  # type: ignore[type-arg]
        obstacles.queryset = Obstacle.objects.filter(company=company)


class FeedbackForm(forms.Form):
    """Feedback on a proposal: the steps offered are those that may follow its last one."""

    status = forms.ChoiceField(label=_("What happened"))
    on = forms.DateField(label=_("on"), required=False, widget=DATE)
    decline_reason = forms.ChoiceField(
        label=_("reason (when declined)"),
        required=False,
        choices=[("", "–"), *DeclineReason.choices],
    )
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def __init__(self, *args: Any, steps: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ProposalStatus.choices)
        field = cast(forms.ChoiceField, self.fields["status"])
        field.choices = [(step, labels[step]) for step in steps]


class SupportRequestForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SupportRequest
        fields = ["topic", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}


class PortalInviteForm(forms.Form):
    full_name = forms.CharField(label=_("name"), max_length=150)
    email = forms.EmailField(label=_("e-mail"))
