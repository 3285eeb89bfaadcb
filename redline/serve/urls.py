"""Every address of the site: pages, the API under /api/v1/, the admin, sign-in."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path, register_converter
from django.views.generic.base import RedirectView

from redline.serve import api, views


class Command:
    regex = "compare|annex|audit|history|read"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(Command, "command")
handler404 = "redline.serve.middleware.not_found"
handler500 = "redline.serve.middleware.server_error"

VID = "<str:vid>"
API = "api/v1/negotiations/<slug:slug>"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(
        template_name="site/login.html", redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url="/static/site/favicon.svg", permanent=True,
                                             http_method_names=["get", "head"]),
         name="favicon"),
    path("n/<slug:slug>/", views.negotiation, name="negotiation"),
    path("n/<slug:slug>/upload/", views.upload, name="upload"),
    path(f"n/<slug:slug>/v/{VID}/file", views.version_file, name="version-file"),
    path(f"n/<slug:slug>/v/{VID}/delete", views.delete_version, name="version-delete"),
    path(f"n/<slug:slug>/v/{VID}/restore", views.restore_version, name="version-restore"),
    path("n/<slug:slug>/log/", views.log, name="log"),
    path("n/<slug:slug>/members/", views.members, name="members"),
    path("n/<slug:slug>/<command:command>/", views.result_page, name="result"),
    path("n/<slug:slug>/<command:command>/report", views.report, name="report"),
    path("n/<slug:slug>/<command:command>/download", views.download, name="download"),
    path("api/v1/negotiations", api.negotiations, name="api-negotiations"),
    path(API, api.negotiation, name="api-negotiation"),
    path(f"{API}/versions", api.upload, name="api-upload"),
    path(f"{API}/versions/{VID}/file", api.version_file, name="api-version-file"),
    path(f"{API}/versions/{VID}/read", api.read, name="api-read"),
    path(f"{API}/compare", api.compare, name="api-compare"),
    path(f"{API}/annex", api.annex, name="api-annex"),
    path(f"{API}/audit", api.audit, name="api-audit"),
    path(f"{API}/history", api.history, name="api-history"),
]
