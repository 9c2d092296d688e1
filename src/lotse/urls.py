from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from lotse.accounts import views as accounts_views
from lotse.api.api import api
from lotse.core import health, views

# One way in: the technical admin's login is allauth's, with its second factor and rate limits.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("search/", views.search, name="search"),
    path("people/users/<id:user_id>/", views.user_detail, name="user_detail"),
    path("people/", include("lotse.accounts.urls")),
    path("audit/", include("lotse.audit.urls")),
    path("occupations/", include("lotse.occupations.urls")),
    path("cases/", include("lotse.participants.urls")),
    path("recognition/", include("lotse.recognition.urls")),
    path("companies/", include("lotse.companies.urls")),
    # Staff addresses are managed by admins: allauth's address page is replaced, not offered.
    path("accounts/email/", accounts_views.email_addresses, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("favicon.ico", views.favicon),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
