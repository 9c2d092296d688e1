from django.urls import path

from lotse.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.people, name="people"),
    path("memberships/<id:membership_id>/end/", views.end_membership, name="end_membership"),
    path(
        "invitations/<id:invitation_id>/withdraw/",
        views.withdraw_invitation,
        name="withdraw_invitation",
    ),
    path("invitations/<str:secret>/", views.invitation, name="invitation"),
]
