from django.urls import path

from lotse.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.people, name="people"),
    path("memberships/<int:membership_id>/end/", views.end_membership, name="end_membership"),
]
