from django.contrib import admin
from django.urls import include, path

from lotse.api.api import api
from lotse.core import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("people/users/<int:user_id>/", views.user_detail, name="user_detail"),
    path("people/", include("lotse.accounts.urls")),
    path("audit/", include("lotse.audit.urls")),
    path("occupations/", include("lotse.occupations.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("favicon.ico", views.favicon),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
