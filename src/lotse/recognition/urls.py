from django.urls import path

from lotse.recognition import views

app_name = "recognition"
urlpatterns = [
    path("", views.navigator_page, name="navigator"),
    path("answer.pdf", views.navigator_pdf, name="navigator_pdf"),
]
