from django.contrib import admin

from ami.admin_technique import JETONS, LectureSeule
from api.models import JetonApi


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
