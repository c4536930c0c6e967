from django.contrib import admin

from api.models import JetonApi
from core.admin_technique import JETONS, LectureSeule


@admin.register(JetonApi)
class JetonApiAdmin(LectureSeule):
    """Tokens are issued and revoked on /api/jetons/ (the secret is shown there, once)."""

    portail = JETONS
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
