from django.urls import path

from lotse.recognition import views

app_name = "recognition"
urlpatterns = [
    path("", views.navigator_page, name="navigator"),
    path("answer.pdf", views.navigator_pdf, name="navigator_pdf"),
    path("cases/<id:participant_id>/", views.case_procedures, name="case"),
    path("procedures/<id:procedure_id>/", views.procedure_page, name="procedure"),
    path("statistics/", views.statistics_page, name="statistics"),
]
