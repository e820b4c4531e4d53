from axes.utils import reset as reset_sign_in_failures
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from common.folding import folded_q
from common.models import Barangay, Municipality, PersonalDataExport, Province, Region, User

admin.site.site_header = "OBCMS administration"
admin.site.site_title = "OBCMS admin"
admin.site.index_title = "Office for Other Bangsamoro Communities: users, roles and records"


class FoldedSearchAdminMixin:
    """Admin search through the folded ``search_folded`` column ("sto nino" finds "Santo Niño");
    ``search_fields`` still match as typed (codes, ids)."""

    def get_search_results(self, request, queryset, search_term):
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        folded = folded_q(search_term)
        if folded is None:
            return matched, may_have_duplicates
        return matched | queryset.filter(folded), may_have_duplicates


@admin.register(User)
class UserAdmin(FoldedSearchAdminMixin, DjangoUserAdmin):
    """Users are searched folded too ("nino" finds "Niño", "Ma. Cristina" finds "Maria Cristina")."""

    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("OBCMS", {"fields": ("position", "organization", "regions", "provinces")}),
    )
    filter_horizontal = (*DjangoUserAdmin.filter_horizontal, "regions", "provinces")
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active")
    list_filter = (*DjangoUserAdmin.list_filter, "regions")
    actions = ["unlock_sign_in"]

    @admin.action(description="Unlock sign-in (clear failed sign-in attempts)", permissions=["change"])
    def unlock_sign_in(self, request, queryset):
        cleared = sum(reset_sign_in_failures(username=user.get_username()) for user in queryset)
        message = f"Unlocked {queryset.count()} user(s); {cleared} failed-attempt record(s) cleared."
        self.message_user(request, message, messages.SUCCESS)


class GeoAdmin(FoldedSearchAdminMixin, admin.ModelAdmin):
    search_fields = ("code", "name")
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # loaded from the psgc package by populate_administrative_hierarchy

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(GeoAdmin):
    list_display = ("code", "short_name", "name", "population")


@admin.register(Province)
class ProvinceAdmin(GeoAdmin):
    list_display = ("code", "name", "kind", "region", "income_class", "population")
    list_filter = ("region", "kind")
    list_select_related = ("region",)


@admin.register(Municipality)
class MunicipalityAdmin(GeoAdmin):
    list_display = ("code", "name", "kind", "city_class", "province", "income_class", "population")
    list_filter = ("kind", "city_class", "province__region")
    list_select_related = ("province",)
    raw_id_fields = ("province", "parent_city")


@admin.register(Barangay)
class BarangayAdmin(GeoAdmin):
    list_display = ("code", "name", "municipality", "urban_rural", "population")
    list_filter = ("urban_rural", "municipality__province__region")
    list_select_related = ("municipality",)
    raw_id_fields = ("municipality",)


@admin.register(PersonalDataExport)
class PersonalDataExportAdmin(admin.ModelAdmin):
    """The personal-data export log: read-only, through ``for_user`` (administrators see all)."""

    list_display = ("at", "username", "what", "channel", "file_format", "row_count", "target_label", "purpose")
    list_filter = ("channel", "what", "file_format")
    search_fields = ("username", "target_label", "purpose", "description")
    date_hierarchy = "at"
    list_per_page = 50

    def get_queryset(self, request):
        return PersonalDataExport.objects.for_user(request.user, "view")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
