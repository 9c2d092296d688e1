"""Validation of everything typed into a case file, shared by the pages and the API.

Every message is translated, names the field and says what to do; a form that fails saves
nothing. Countries and languages are ISO codes shown with names in the reader's language.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lotse.network.models import Organisation
from lotse.occupations.forms import OccupationField
from lotse.participants.files import sniffed_type
from lotse.participants.models import (
    PERSON_DETAILS,
    ConsentMethod,
    ConsentPurpose,
    CounsellingSession,
    Document,
    EsfRecord,
    Gender,
    LanguageSkill,
    Participant,
    PathwayStep,
    Qualification,
    ReferralStatus,
    SchoolCertificate,
    SharedPart,
    Strength,
    Topic,
    WishedOccupation,
    WorkExperience,
)
from lotse.places import is_known, places_for
from lotse.places.countries import country_choices, language_choices

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BLANK = (("", "—"),)


def _language() -> str:
    return get_language() or "de"


class CapitalisedLabels:
    """Labels start with a capital letter, as the model's verbose names do in the admin."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            field.label = capfirst(field.label)


class FastSelect(forms.Select):
    """A select of a few hundred fixed options (countries, languages), written in one pass:
    Django's per-option templates cost about 0.1 ms an option, a page with four such lists
    100 ms."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs or {})
        final["name"] = name
        if self.allow_multiple_selected:
            final["multiple"] = True
        chosen = value if isinstance(value, list | tuple) else [value]
        selected = {str(v) for v in chosen if v not in (None, "")}
        options = mark_safe(  # noqa: S308 - each option is built by format_html
            "".join(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    code,
                    SafeString(" selected") if str(code) in selected else "",
                    label,
                )
                for code, label in self.choices
            )
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


class FastSelectMultiple(FastSelect):
    allow_multiple_selected = True

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return forms.SelectMultiple().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False


class CountryField(forms.ChoiceField):
    widget = FastSelect

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=lambda: BLANK + country_choices(_language()), **kwargs)


class LanguageField(forms.ChoiceField):
    widget = FastSelect

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=lambda: BLANK + language_choices(_language()), **kwargs)


class ParticipantForm(CapitalisedLabels, forms.ModelForm):  # type: ignore[type-arg]
    country_of_birth = CountryField(label=_("country of birth"), required=False)
    preferred_language = LanguageField(label=_("preferred language"), required=False)
    nationalities = forms.MultipleChoiceField(
        label=_("nationalities"),
        required=False,
        choices=lambda: country_choices(_language()),
        widget=FastSelectMultiple(attrs={"size": 4}),
    )

    class Meta:
        model = Participant
        fields = list(PERSON_DETAILS)
        widgets = {"date_of_birth": DATE_INPUT}

    GROUPS = (
        (_("Name"), ("given_names", "family_names", "given_names_latin", "family_names_latin")),
        (_("Birth and gender"), ("date_of_birth", "birth_year", "gender")),
        (_("Contact and language"), ("email", "phone", "preferred_language", "interpreter_needed")),
        (
            _("Origin and residence"),
            ("country_of_birth", "nationalities", "arrival_year", "residence_status"),
        ),
        (_("Place of residence"), ("postcode", "municipality")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gender"].required = False

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(title), [self[name] for name in names]) for title, names in self.GROUPS]

    def clean_gender(self) -> str:
        return self.cleaned_data.get("gender") or Gender.NOT_STATED

    def clean_postcode(self) -> str:
        postcode: str = self.cleaned_data.get("postcode", "").strip().replace(" ", "")
        if postcode and not is_known(postcode):
            raise forms.ValidationError(
                _("%(postcode)s is not a German postcode we know."), params={"postcode": postcode}
            )
        return postcode

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        postcode, municipality = data.get("postcode"), (data.get("municipality") or "").strip()
        if postcode and municipality and is_known(postcode):
            names = [place.municipality for place in places_for(postcode)]
            if municipality.casefold() not in {name.casefold() for name in names}:
                self.add_error(
                    "municipality",
                    _("%(municipality)s is not in postcode %(postcode)s. It covers: %(names)s.")
                    % {
                        "municipality": municipality,
                        "postcode": postcode,
                        "names": ", ".join(names),
                    },
                )
        return data


class StrengthsNoteForm(CapitalisedLabels, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Participant
        fields = ["strengths_note"]


class LanguageSkillForm(CapitalisedLabels, forms.ModelForm):  # type: ignore[type-arg]
    language = LanguageField(label=_("language"))

    class Meta:
        model = LanguageSkill
        fields = [
            "language",
            "is_native",
            "level",
            "listening",
            "reading",
            "speaking",
            "writing",
            "certificate",
            "certificate_year",
        ]


class SchoolCertificateForm(CapitalisedLabels, forms.ModelForm):  # type: ignore[type-arg]
    country = CountryField(label=_("country"))

    class Meta:
        model = SchoolCertificate
        fields = ["country", "kind", "isced_level", "german_equivalent", "year"]


class QualificationForm(CapitalisedLabels, forms.ModelForm):  # type: ignore[type-arg]
    country = CountryField(label=_("country"))
    occupation = OccupationField(label=_("reference occupation"), required=False)

    class Meta:
        model = Qualification
        fields = ["kind", "title_as_written", "country", "year", "duration_months"]


class WorkExperienceForm(CapitalisedLabels, forms.ModelForm):  # type: ignore[type-arg]
    country = CountryField(label=_("country"))
    occupation = OccupationField(label=_("reference occupation"), required=False)

    class Meta:
        model = WorkExperience
        fields = ["title", "occupation", "country", "started_on", "ended_on", "share_of_full_time"]
        widgets = {"started_on": DATE_INPUT, "ended_on": DATE_INPUT}


class StrengthForm(CapitalisedLabels, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Strength
        fields = ["kind", "description"]


class WishesForm(CapitalisedLabels, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Participant
        fields = ["wished_area", "max_commute_km", "working_time", "available_from"]
        widgets = {"available_from": DATE_INPUT}


class WishedOccupationForm(CapitalisedLabels, forms.ModelForm):  # type: ignore[type-arg]
    occupation = OccupationField(label=_("wished occupation"))

    class Meta:
        model = WishedOccupation
        fields = ["occupation", "note"]


class PathwayStepForm(CapitalisedLabels, forms.ModelForm):  # type: ignore[type-arg]
    occupation = OccupationField(label=_("occupation"), required=False)

    class Meta:
        model = PathwayStep
        fields = ["kind", "title", "occupation", "status", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}


class SessionForm(CapitalisedLabels, forms.ModelForm):  # type: ignore[type-arg]
    language = LanguageField(label=_("language"), required=False)
    topics = forms.MultipleChoiceField(
        label=_("topics"),
        required=False,
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    next_step = forms.CharField(label=_("next step"), max_length=300, required=False)
    next_step_due_on = forms.DateField(label=_("due on"), required=False, widget=DATE_INPUT)

    class Meta:
        model = CounsellingSession
        fields = [
            "held_on",
            "duration_minutes",
            "form",
            "language",
            "interpreter_present",
            "topics",
            "notes",
            "confidential_notes",
        ]
        widgets = {
            "held_on": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "confidential_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        step, due = data.get("next_step"), data.get("next_step_due_on")
        if step and not due:
            self.add_error("next_step_due_on", _("Give the date the next step is due."))
        if due and not step:
            self.add_error("next_step", _("Describe the next step."))
        if due and due < timezone.localdate():
            self.add_error("next_step_due_on", _("A next step cannot be due in the past."))
        return data


class DocumentForm(CapitalisedLabels, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Document
        fields = ["kind", "title", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"})}

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return upload
        limit = settings.LOTSE_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB. Scan it with a lower resolution."),
                params={"limit": limit // (1024 * 1024)},
            )
        kind = sniffed_type(upload)
        if kind is None:
            raise forms.ValidationError(_("Upload a PDF, JPEG or PNG file."))
        self.instance.content_type = kind
        self.instance.size = upload.size
        return upload


class ConsentForm(CapitalisedLabels, forms.Form):
    purpose = forms.ChoiceField(label=_("purpose"), choices=ConsentPurpose.choices)
    recipient = forms.ModelChoiceField(
        label=_("receiving organisation"),
        queryset=Organisation.objects.none(),  # the caller's network, set by the view
        required=False,
    )
    text_language = forms.ChoiceField(label=_("language of the text shown"))
    method = forms.ChoiceField(label=_("how it was given"), choices=ConsentMethod.choices)
    confirmed = forms.BooleanField(
        label=_("The person read (or was read) this text and agreed."), required=True
    )

    def __init__(self, *args: Any, recipients: Any, text_languages: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients  # type: ignore[attr-defined]
        names = dict(language_choices(_language()))
        self.fields["text_language"].choices = [  # type: ignore[attr-defined]
            (code, names.get(code, code)) for code in text_languages
        ]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("purpose") == ConsentPurpose.SHARING and not data.get("recipient"):
            self.add_error("recipient", _("Name the organisation the data may be shared with."))
        if data.get("purpose") != ConsentPurpose.SHARING:
            data["recipient"] = None
        return data


class ErasureForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            ("request", _("The person asked for erasure (Art. 17 GDPR)")),
            ("withdrawn", _("Consent to counselling withdrawn")),
            ("purpose_ended", _("The purpose has ended")),
        ],
    )
    confirm_case = forms.IntegerField(label=_("Type the case number to confirm"))

    def __init__(self, *args: Any, case_number: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case_number = case_number

    def clean_confirm_case(self) -> int:
        typed: int = self.cleaned_data["confirm_case"]
        if typed != self.case_number:
            raise forms.ValidationError(_("That is not this case's number."))
        return typed


class ReferralForm(CapitalisedLabels, forms.Form):
    recipient = forms.ModelChoiceField(
        label=_("to"),
        queryset=Organisation.objects.none(),  # the network's partners
    )
    offer = forms.CharField(label=_("offer or service"), max_length=200)
    message = forms.CharField(
        label=_("message to the partner"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    shared_parts = forms.MultipleChoiceField(
        label=_("shared with the partner"),
        choices=SharedPart.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The partner sees the name and only these parts, while the consent stands."),
    )

    def __init__(self, *args: Any, recipients: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients  # type: ignore[attr-defined]


class ReferralAnswerForm(CapitalisedLabels, forms.Form):
    status = forms.ChoiceField(
        label=_("answer"),
        choices=[
            (ReferralStatus.ACCEPTED, _("accept")),
            (ReferralStatus.DECLINED, _("decline")),
            (ReferralStatus.COMPLETED, _("completed")),
        ],
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class EsfEntryForm(CapitalisedLabels, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = EsfRecord
        fields = [
            "entered_on",
            "employment_status",
            "isced_level",
            "foreign_background",
            "disability",
            "homeless",
            "sensitive_questions_asked_on",
        ]
        widgets = {"entered_on": DATE_INPUT, "sensitive_questions_asked_on": DATE_INPUT}

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        asked = any(data.get(f) for f in ("disability", "homeless", "foreign_background"))
        if asked and not data.get("sensitive_questions_asked_on"):
            self.add_error(
                "sensitive_questions_asked_on", _("Give the date the questions were asked.")
            )
        entered = data.get("entered_on")
        if entered and entered > timezone.localdate():
            self.add_error("entered_on", _("The entry cannot lie in the future."))
        return data


class EsfExitForm(CapitalisedLabels, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = EsfRecord
        fields = ["exited_on", "immediate_result"]
        widgets = {"exited_on": DATE_INPUT}

    def clean_exited_on(self) -> Any:
        exited = self.cleaned_data.get("exited_on")
        if exited is None:
            raise forms.ValidationError(_("Give the exit date."))
        if exited > timezone.localdate():
            raise forms.ValidationError(_("The exit cannot lie in the future."))
        return exited


class EsfFollowUpForm(CapitalisedLabels, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = EsfRecord
        fields = ["longer_term_result"]

    def clean_longer_term_result(self) -> str:
        result: str = self.cleaned_data.get("longer_term_result", "")
        if not result:
            raise forms.ValidationError(_("Choose the result."))
        return result
