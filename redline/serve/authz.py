"""Who may see and do what: every rule of the site, asked per object. Every view reaches a
negotiation through `negotiation_for`, which only finds what the user may see (a queryset,
not a check after the fact): a negotiation the user may not see does not exist for them."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from redline.serve.models import Membership, Negotiation, Version


def visible(user) -> QuerySet[Negotiation]:
    """The negotiations `user` may see: open ones and those they belong to; site admins see
    all; anonymous visitors none."""
    if not user.is_authenticated or not user.is_active:
        return Negotiation.objects.none()
    if user.is_superuser:
        return Negotiation.objects.all()
    return Negotiation.objects.filter(Q(access="open") | Q(memberships__user=user)).distinct()


def negotiation_for(user, slug: str) -> Negotiation:
    """The negotiation `slug` if `user` may see it; else 404, as if it did not exist."""
    found = visible(user).filter(slug=slug).first()
    if found is None:
        raise Http404("no such negotiation")
    return found


def membership(user, negotiation: Negotiation) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, negotiation=negotiation).first()


def role(user, negotiation: Negotiation) -> str | None:
    """The user's role in a negotiation they can see: secretariat, delegate, observer; a site
    admin acts as its secretariat; a signed-in account reading an open one is an observer."""
    m = membership(user, negotiation)
    if m is not None:
        return m.role
    if user.is_superuser:
        return "secretariat"
    return "observer" if user.is_authenticated else None


def can_edit(user, negotiation: Negotiation) -> bool:
    """Upload, delete and restore versions, see the log, manage members."""
    return role(user, negotiation) == "secretariat"


def versions(negotiation: Negotiation, *, deleted: bool = False) -> QuerySet[Version]:
    """The register: versions not deleted (or, for the secretariat's undo, deleted ones)."""
    return negotiation.versions.filter(deleted_at__isnull=not deleted)


def version_for(negotiation: Negotiation, vid: str, *, deleted: bool = False) -> Version:
    found = versions(negotiation, deleted=deleted).filter(vid=vid).first()
    if found is None:
        raise Http404("no such version")
    return found
