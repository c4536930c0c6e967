from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group

from comptes.models import Organisation, ServiceTerritorial, User
from core.admin_technique import COMPTES, RATTACHEMENTS, LectureSeule, LectureSeuleMixin

# The portal's rights are its roles (comptes.permissions), not Django's groups and permissions.
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(LectureSeuleMixin, BaseUserAdmin):
    portail = COMPTES
    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "role",
        "organisation",
        "service_territorial",
        "is_active",
    ]
    list_filter = ["role", "service_national", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    autocomplete_fields = ["organisation", "service_territorial"]
    fieldsets = [
        (None, {"fields": ["email"]}),  # the password: « manage.py changepassword » or the portal
        ("Identité", {"fields": ["first_name", "last_name"]}),
        ("Rôle", {"fields": ["role", "organisation", "service_national", "service_territorial"]}),
        ("Accès", {"fields": ["is_active", "is_staff", "is_superuser", "last_login"]}),
    ]


@admin.register(Organisation)
class OrganisationAdmin(LectureSeule):
    portail = RATTACHEMENTS
    list_display = ["nom", "siret", "type", "departement"]
    list_filter = ["type"]
    search_fields = ["nom", "siret"]
    autocomplete_fields = ["departement"]


@admin.register(ServiceTerritorial)
class ServiceTerritorialAdmin(LectureSeule):
    portail = RATTACHEMENTS
    list_display = ["nom", "type", "region", "departement"]
    list_filter = ["type"]
    search_fields = ["nom"]
    autocomplete_fields = ["region", "departement"]


# The second factor's devices, read only and without their secrets.
from comptes import admin_deux_facteurs  # noqa: E402, F401
