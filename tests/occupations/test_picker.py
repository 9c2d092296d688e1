"""The occupation field and its autocomplete widget, for every form that asks for an occupation."""

from django import forms
from django.utils import translation

from lotse.occupations.forms import OccupationField
from lotse.occupations.models import Occupation


class ProfileForm(forms.Form):
    occupation = OccupationField(label="Occupation")


def test_the_field_accepts_a_chosen_reference_occupation(db):
    cook = Occupation.objects.get(key="de:training:koch")
    form = ProfileForm({"occupation": str(cook.pk), "occupation__text": "Koch"})
    assert form.is_valid() and form.cleaned_data["occupation"] == cook


def test_typed_text_without_a_choice_gets_a_clear_message(db):
    form = ProfileForm({"occupation__text": "Koch"})
    assert form.errors["occupation"] == [
        "Geben Sie einen Beruf ein und wählen Sie ihn aus den Vorschlägen."
    ]
    esco_like = Occupation.objects.create(key="http://example.org/esco/1", kind="esco")
    with translation.override("en"):
        form = ProfileForm({"occupation": str(esco_like.pk)})
        assert form.errors["occupation"] == ["Choose an occupation from the suggestions."]


def test_the_widget_renders_an_accessible_combobox_with_the_chosen_title(db):
    cook = Occupation.objects.get(key="de:training:koch")
    with translation.override("en"):
        html = str(ProfileForm(initial={"occupation": cook.pk})["occupation"])
    assert 'role="combobox"' in html and 'aria-controls="id_occupation-options"' in html
    assert 'value="Koch/Köchin"' in html and f'value="{cook.pk}"' in html
    assert 'role="listbox"' in html and "ESCO classification of the European Commission" in html


def test_suggestions_list_options_for_what_was_typed(db, client, settings, tmp_path):
    from lotse.occupations import search

    settings.DATA_DIR = tmp_path
    search.build_index()
    response = client.get(
        "/occupations/suggest/",
        {"kind": "reference", "field": "occupation", "list": "x", "occupation__text": "aşçı"},
    )
    html = response.content.decode()
    cook = Occupation.objects.get(key="de:training:koch")
    assert 'role="option"' in html and f'data-value="{cook.pk}"' in html
    assert html.index("Koch/Köchin") < html.index('id="x-2"')
    bad = client.get("/occupations/suggest/", {"kind": "nonsense", "field": "o", "list": "x"})
    assert bad.status_code == 400
    injected = client.get("/occupations/suggest/", {"field": '"><script>', "list": "x"})
    assert injected.status_code == 400
