"""The technical administration (/django-admin/): the data as stored, for the technical account
(``manage.py createsuperuser``, role « Exploitant technique »), never for the business administrateur.

A change made here must go through what the portal's pages call (``administration.services``:
re-evaluating recevabilité, recalculating the weighted scores; the history is recorded at model level,
``core.historique``): every ModelAdmin registered
is ``LectureSeule`` (nothing added, changed or deleted, a note says where the change is made), or names in
``service`` the function its ``save_model`` goes through. ``tests/test_admin_technique.py`` checks each
registered class, so that a new one cannot bypass the portal silently.
"""

from django.contrib import admin, messages


class LectureSeuleMixin:
    """No add, change or delete permission, for the superuser too; ``portail``: where the change is made."""

    portail = ""

    def has_add_permission(self, request, obj=None):  # ``obj``: an inline's signature
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _note(self, request):
        if request.method == "GET":
            messages.info(request, f"Lecture seule. {self.portail}")

    # The list and the record of a ModelAdmin (an inline shows inside its parent's record).
    def changelist_view(self, request, extra_context=None):
        self._note(request)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._note(request)
        return super().change_view(request, object_id, form_url, extra_context)


class LectureSeule(LectureSeuleMixin, admin.ModelAdmin):
    pass


class LectureSeuleInline(LectureSeuleMixin, admin.TabularInline):
    extra = 0


# Where each change is made, in the portal.
APPEL = (
    "Les paramètres de l’appel, la grille de notation et les exclusions (R08) se modifient dans le "
    "portail, menu « Administration » (/administration/, /administration/grille/, "
    "/administration/exclusions/) : la recevabilité des dossiers ouverts y est réévaluée, les notes "
    "pondérées recalculées et chaque modification inscrite au journal."
)
COMPTES = (
    "Les comptes, leurs rôles et leurs rattachements se gèrent dans le portail, « Comptes et rôles » "
    "(/compte/gestion/), chaque modification inscrite au journal ; le compte technique avec "
    "« manage.py createsuperuser » et « manage.py changepassword »."
)
RATTACHEMENTS = (
    "Les organisations et les services territoriaux se créent dans « Comptes et rôles » "
    "(/compte/gestion/), à l’invitation ou à la modification d’un compte, inscrits au journal."
)
REFERENTIEL = (
    "Le référentiel INSEE des régions et des départements est chargé par les migrations "
    "(territoires/data/) ; les dossiers que voit chaque agent territorial en dépendent."
)
INSTRUCTION = (
    "Les notes, les demandes d’avis et les avis se donnent sur la page du dossier "
    "(/instruction/dossiers/<numéro>/) : la note sur 20 y est calculée depuis les notes par critère et "
    "l’historique du dossier les consigne."
)
HISTORIQUE = (
    "L’historique des modifications se lit dans le portail, « Journal des modifications » "
    "(/administration/journal/) et sur la page de chaque compte ; il ne se modifie pas."
)
JETONS = "Les jetons d’API se délivrent et se révoquent sur /api/jetons/, inscrits au journal."
