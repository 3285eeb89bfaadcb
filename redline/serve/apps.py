"""The site's one Django app."""

from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "redline.serve"
    label = "redline"
    verbose_name = "redline"
    default_auto_field = "django.db.models.BigAutoField"
