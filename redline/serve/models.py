"""What the site records: negotiations, who belongs to them, the register of versions, API
tokens and the log of who did what. Files live in the data folder by content (`store.py`)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ROLES = [("secretariat", _("Secretariat")), ("delegate", _("Delegate")),
         ("observer", _("Observer"))]
ACCESS = [("open", _("Open to every signed-in account")),
          ("restricted", _("Restricted to its members"))]
STATES = [("reading", _("reading…")), ("ready", _("ready")), ("error", _("error"))]


class Negotiation(models.Model):
    """One negotiated text and how its drafts are read (a corpus manifest's keys)."""

    slug = models.SlugField(unique=True, max_length=80)
    title = models.CharField(max_length=300)
    access = models.CharField(max_length=12, choices=ACCESS, default="restricted")
    conventions = models.CharField(max_length=300, default="auto",
                                   help_text="oas, un, trade, auto, or a stored TOML file")
    language = models.CharField(max_length=2, default="en",
                                choices=[("en", "en"), ("es", "es"), ("fr", "fr"), ("pt", "pt")])
    date_order = models.CharField(max_length=3, blank=True, default="",
                                  choices=[("", "-"), ("MDY", "MDY"), ("DMY", "DMY")])
    delegations = models.CharField(max_length=300, blank=True, default="",
                                   help_text="oas, un, a stored TOML file, or empty for the "
                                             "convention's own list")
    authors = models.JSONField(default=dict, blank=True,
                               help_text="Word author -> delegation code")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.slug


class Membership(models.Model):
    """A user's role in one negotiation; a delegate speaks for one delegation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships")
    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE,
                                    related_name="memberships")
    role = models.CharField(max_length=12, choices=ROLES)
    delegation = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "negotiation"],
                                               name="one_role_per_negotiation")]

    def __str__(self) -> str:
        extra = f":{self.delegation}" if self.delegation else ""
        return f"{self.user} in {self.negotiation} as {self.role}{extra}"


class Version(models.Model):
    """One dated draft in a negotiation's register. Its file is stored by content before this
    row is written; deleting is a soft delete the secretariat can undo."""

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE,
                                    related_name="versions")
    vid = models.CharField("id", max_length=80)
    date = models.DateField()
    label = models.CharField(max_length=300, blank=True, default="")
    meeting = models.CharField(max_length=300, blank=True, default="")
    file_name = models.CharField(max_length=255)
    file_type = models.CharField(max_length=10)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.BigIntegerField(default=0)
    state = models.CharField(max_length=8, choices=STATES, default="reading")
    error = models.TextField(blank=True, default="")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["negotiation", "vid"],
                                               name="one_version_id_per_negotiation")]
        ordering = ["-date", "-vid"]

    def __str__(self) -> str:
        return f"{self.negotiation.slug}/{self.vid}"


class ApiToken(models.Model):
    """An API token: only its SHA-256 is kept; the token itself is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    def __str__(self) -> str:
        return f"token of {self.user} ({self.created:%Y-%m-%d})"


class Event(models.Model):
    """The audit log: who uploaded, deleted, restored or downloaded what, and when."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="+")
    negotiation = models.ForeignKey(Negotiation, null=True, on_delete=models.CASCADE,
                                    related_name="events")
    action = models.CharField(max_length=20)
    target = models.CharField(max_length=300)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.target}"
