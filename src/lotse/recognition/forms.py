"""The navigator's question as a form (public: nothing of it is stored)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lotse.occupations.forms import TEXT_SUFFIX, OccupationField, OccupationPicker
from lotse.participants.models import PathwayStep, StepKind
from lotse.places.countries import country_choices
from lotse.recognition import selectors
from lotse.recognition.models import Difference, RecognitionCase, RecognitionPause
from lotse.recognition.services import EDITABLE_FIELDS


class NavigatorForm(forms.Form):
    occupation = forms.CharField(
        label=_("Your occupation"),
        max_length=200,
        required=False,  # the typed text counts too: checked in clean_occupation
        widget=OccupationPicker(),
        help_text=_("What you trained for, in your own words and language."),
    )
    country = forms.ChoiceField(label=_("Country where you obtained the qualification"))
    place = forms.CharField(
        label=_("Where you want to work: postcode or town"),
        max_length=100,
        required=False,
    )
    state = forms.ChoiceField(
        label=_("or, if you are still abroad, the federal state"), required=False
    )
    academic = forms.BooleanField(label=_("It is a university degree"), required=False)
    documents_missing = forms.BooleanField(
        label=_("Some of my documents are missing"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language() or "de"
        cast(forms.ChoiceField, self.fields["country"]).choices = [
            ("", "—"),
            *country_choices(language),
        ]
        cast(forms.ChoiceField, self.fields["state"]).choices = [
            ("", "—"),
            *selectors.state_choices(),
        ]

    def clean_occupation(self) -> str:
        # The picker submits the chosen id; a typed text that was not picked is searched.
        chosen = str(self.cleaned_data.get("occupation") or "")
        typed = str(self.data.get("occupation" + TEXT_SUFFIX, "")).strip()[:200]
        value = chosen if chosen.isdigit() else (typed or chosen)
        if not value:
            raise forms.ValidationError(_("Type your occupation."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("place", "").strip() and not data.get("state"):
            self.add_error("place", _("Enter a postcode or town, or choose a federal state."))
        return data

    def answer(self) -> selectors.Answer | None:
        """The navigator's answer, or None with the refusal added to the field it concerns."""
        data = self.cleaned_data
        try:
            return selectors.advice(
                occupation=data["occupation"],
                country=data["country"],
                place=data["place"],
                state=data["state"],
                academic=data["academic"],
                documents_complete=not data["documents_missing"],
                language=get_language() or "de",
            )
        except selectors.InvalidQuestion as refusal:
            field = refusal.field if refusal.field in self.fields else None
            self.add_error(field, refusal.message)
            return None


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OpenProcedureForm(forms.Form):
    qualification = forms.ChoiceField(label=_("Qualification"))
    occupation = OccupationField(label=_("German reference occupation"))
    authority_key = forms.ChoiceField(label=_("Competent authority"))
    state_code = forms.ChoiceField(label=_("Federal state of the work"))
    accelerated = forms.BooleanField(
        label=_("Accelerated procedure for skilled workers (§ 81a AufenthG)"), required=False
    )
    submitted_on = forms.DateField(label=_("Application submitted on"), required=False, widget=DATE)

    def __init__(self, *args: Any, qualifications: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["qualification"]).choices = [
            (q.pk, f"{q.title_as_written} ({q.country}{', ' + str(q.year) if q.year else ''})")
            for q in qualifications
        ]
        cast(forms.ChoiceField, self.fields["authority_key"]).choices = [
            ("", "—"),
            *selectors.authority_choices(),
        ]
        cast(forms.ChoiceField, self.fields["state_code"]).choices = selectors.state_choices()


class ProcedureForm(forms.ModelForm):  # type: ignore[type-arg]  # not generic at run time
    authority_key = forms.ChoiceField(label=_("Competent authority"))

    class Meta:
        model = RecognitionCase
        fields = list(EDITABLE_FIELDS)
        widgets = dict.fromkeys(
            (
                "submitted_on",
                "receipt_confirmed_on",
                "file_complete_on",
                "decided_on",
                "withdrawn_on",
                "first_cost_on",
                "funding_applied_on",
            ),
            DATE,
        ) | {"missing_documents": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ChoiceField, self.fields["authority_key"]
        ).choices = selectors.authority_choices()
        steps = cast(forms.ModelChoiceField, self.fields["adaptation_step"])  # type: ignore[type-arg]
        steps.queryset = PathwayStep.objects.filter(
            participant_id=self.instance.participant_id, kind=StepKind.ADAPTATION
        )

    def fieldsets(self) -> list[tuple[str, list[Any]]]:
        return [(str(title), [self[name] for name in names]) for title, names in FIELDSETS]

    def _post_clean(self) -> None:
        # The service validates the whole procedure (deadlines, outcome, one open per
        # qualification) and reports it field by field; the form only reads the values.
        pass


FIELDSETS = (
    (
        _("Application and deadlines"),
        ("authority_key", "accelerated", "submitted_on", "receipt_confirmed_on",
         "missing_documents", "file_complete_on", "extension_months", "extension_reason"),
    ),
    (
        _("Notice"),
        ("decided_on", "outcome", "compensation", "adaptation_step", "withdrawn_on"),
    ),
    (
        _("Costs and funding"),
        ("fee_eur", "other_costs_eur", "first_cost_on", "funding", "funding_applied_on",
         "funding_granted_eur"),
    ),
)  # fmt: skip


class PauseForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = RecognitionPause
        fields = ["kind", "started_on", "ended_on"]
        widgets = {"started_on": DATE, "ended_on": DATE}


class DifferenceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Difference
        fields = ["area", "description"]
