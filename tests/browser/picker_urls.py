"""A page with one occupation picker, as later capabilities will use it (tests only)."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

from lotse.occupations.forms import OccupationField

PAGE = engines["django"].from_string(
    """{% extends "lotse/base.html" %}{% block content %}
<h1>Profile</h1>
<form method="post">{% csrf_token %}
  <p><label for="id_occupation">{{ form.occupation.label }}</label> {{ form.occupation }}</p>
  {{ form.occupation.errors }}
  <p><button type="submit" class="primary">Save</button></p>
</form>
{% if chosen %}<p id="chosen">{{ chosen.key }}</p>{% endif %}
{% endblock %}"""
)


class ProfileForm(forms.Form):
    occupation = OccupationField(label="Occupation")


def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None)
    chosen = form.cleaned_data["occupation"] if form.is_valid() else None
    return HttpResponse(PAGE.render({"form": form, "chosen": chosen}, request))


urlpatterns = [path("picker/", profile), path("", include("lotse.urls"))]
