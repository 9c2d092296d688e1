from django.urls import path

from lotse.participants import views

app_name = "participants"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("new/", views.open_case, name="open"),
    path("access/", views.case_access, name="access"),
    path("referrals/", views.referrals, name="referrals"),
    path("referrals/<id:referral_id>/", views.referral, name="referral"),
    path("<id:participant_id>/", views.case, name="case"),
    path("<id:participant_id>/edit/", views.edit_person, name="edit"),
    path(
        "<id:participant_id>/profile/<str:which>/", views.edit_profile_fields, name="edit_profile"
    ),
    path("<id:participant_id>/parts/<str:part_key>/", views.add_part, name="add_part"),
    path(
        "<id:participant_id>/parts/<str:part_key>/<id:record_id>/remove/",
        views.remove_part,
        name="remove_part",
    ),
    path("<id:participant_id>/sessions/", views.add_session, name="add_session"),
    path("<id:participant_id>/documents/", views.add_document, name="add_document"),
    path("<id:participant_id>/documents/<id:document_id>/", views.document, name="document"),
    path("<id:participant_id>/steps/<id:step_id>/done/", views.complete_step, name="complete_step"),
    path("<id:participant_id>/consents/", views.add_consent, name="add_consent"),
    path(
        "<id:participant_id>/consents/<id:consent_id>/withdraw/",
        views.withdraw_consent,
        name="withdraw_consent",
    ),
    path("<id:participant_id>/pathway/exam/", views.exam_check, name="exam_check"),
    path("<id:participant_id>/access-report/", views.access_report, name="access_report"),
    path("<id:participant_id>/erase/", views.erase, name="erase"),
    path("<id:participant_id>/merge/", views.merge, name="merge"),
    path("<id:participant_id>/referrals/", views.add_referral, name="add_referral"),
    path("<id:participant_id>/esf/<str:stage>/", views.esf, name="esf"),
]
