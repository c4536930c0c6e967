from django.contrib import admin

from api.models import JetonApi


@admin.register(JetonApi)
class JetonApiAdmin(admin.ModelAdmin):
    """Read only: tokens are issued and revoked on /api/jetons/ (the secret is shown there, once)."""

    list_display = [
        "prefixe",
        "libelle",
        "user",
        "cree_le",
        "derniere_utilisation",
        "expire_le",
        "revoque_le",
    ]
    list_filter = ["revoque_le", "expire_le"]
    search_fields = ["prefixe", "libelle", "user__email"]
    readonly_fields = [f.name for f in JetonApi._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
