from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from common.models import Barangay, Municipality, PersonalDataExport, Province, Region, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("OBCMS", {"fields": ("position", "organization", "regions", "provinces")}),
    )
    filter_horizontal = (*DjangoUserAdmin.filter_horizontal, "regions", "provinces")
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active")
    list_filter = (*DjangoUserAdmin.list_filter, "regions")


class GeoAdmin(admin.ModelAdmin):
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
