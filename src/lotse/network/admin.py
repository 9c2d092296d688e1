from django.contrib import admin

from lotse.audit.admin import AuditedAdmin
from lotse.network.models import Network, Organisation


@admin.register(Network)
class NetworkAdmin(AuditedAdmin):
    list_display = ["short_name", "name", "region"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "network", "city", "is_fictional", "is_active"]
    list_filter = ["network", "kind", "counsels_on_recognition", "is_fictional", "is_active"]
    search_fields = ["name", "city", "project_name"]
