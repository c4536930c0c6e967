from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from comptes.models import Organisation, ServiceTerritorial, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name"]}),
        ("Rôle", {"fields": ["role", "organisation", "service_national", "service_territorial"]}),
        ("Accès", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "role",
                    "organisation",
                    "service_national",
                    "service_territorial",
                    "password1",
                    "password2",
                ],
            },
        )
    ]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["nom", "siret", "type", "departement"]
    list_filter = ["type"]
    search_fields = ["nom", "siret"]
    autocomplete_fields = ["departement"]


@admin.register(ServiceTerritorial)
class ServiceTerritorialAdmin(admin.ModelAdmin):
    list_display = ["nom", "type", "region", "departement"]
    list_filter = ["type"]
    search_fields = ["nom"]
    autocomplete_fields = ["region", "departement"]
