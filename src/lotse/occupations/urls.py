from django.urls import path

from lotse.occupations import views

app_name = "occupations"
urlpatterns = [
    path("", views.occupation_search_page, name="search"),
    path("suggest/", views.occupation_suggestions, name="suggest"),
    path("<id:occupation_id>/", views.occupation_page, name="detail"),
]
