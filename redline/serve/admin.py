"""The admin interface of site admins: accounts, negotiations, members, versions, the log."""

from django.contrib import admin

from redline.serve.models import ApiToken, Event, Membership, Negotiation, Version

admin.site.site_header = "redline administration"
admin.site.site_title = "redline"
admin.site.index_title = "Accounts and negotiations"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(Negotiation)
class NegotiationAdmin(admin.ModelAdmin):
    list_display = ("slug", "title", "access", "conventions", "language")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [MembershipInline]


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    list_display = ("negotiation", "vid", "date", "label", "file_type", "state", "uploaded_by",
                    "uploaded_at", "deleted_at")
    list_filter = ("negotiation", "state")
    readonly_fields = ("sha256", "size", "file_name", "file_type", "uploaded_by", "uploaded_at",
                       "state", "error")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "negotiation", "action", "target")
    list_filter = ("action", "negotiation")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the log is appended to, never edited


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "created")
    readonly_fields = ("digest",)

    def has_add_permission(self, request) -> bool:
        return False  # `redline admin token NAME` makes one and shows it once
