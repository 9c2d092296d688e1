from django.urls import path

from lotse.companies import opening_views, portal_views, views

app_name = "companies"
urlpatterns = [
    path("", views.company_list, name="list"),
    path("board/", views.company_board, name="board"),
    path("insight/", views.company_insight, name="insight"),
    path("training-places/", views.public_places, name="public_places"),
    path("new/", views.new_company, name="new"),
    path("import/", views.import_page, name="import"),
    path("export.<str:file_format>", views.export, name="export"),
    path("<id:company_id>/", views.company_page, name="detail"),
    path("<id:company_id>/merge/", views.merge, name="merge"),
    path("openings/<id:opening_id>/", opening_views.opening_page, name="opening"),
    path("portal/", portal_views.portal, name="portal"),
]
