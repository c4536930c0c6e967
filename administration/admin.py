"""The django-admin of the call (Appel, its grid, its exclusions) and of the history.

Read only for the technical account (``core.admin_technique``): the call is changed in the portal. Should
a change be allowed here one day, ``save_model`` and ``save_formset`` already go through the services of
``administration.services``, as the portal's pages do: history recorded, recevabilité re-evaluated,
weighted scores recalculated."""

from auditlog.models import LogEntry
from django.contrib import admin
from dsfr.models import DsfrConfig

from administration import services
from ami.models import Appel, Critere, ExclusionR08
from core.admin_technique import APPEL, HISTORIQUE, LectureSeule, LectureSeuleInline

# django-dsfr's site configuration is never read: the header and footer are the portal's own templates
# (ami.context_processors.portail), not dsfr's context processor.
admin.site.unregister(DsfrConfig)


class ExclusionR08Inline(LectureSeuleInline):
    model = ExclusionR08
    fields = ["nature", "nom", "departement", "siret", "portee"]
    readonly_fields = ["portee"]

    @admin.display(description="effet dans R08")
    def portee(self, exclusion):
        return exclusion.portee


class CritereInline(LectureSeuleInline):
    """The sélection grid: criteria, weights and scales of the call."""

    model = Critere
    fields = ["ordre", "libelle", "source", "poids", "note_max"]


@admin.register(Appel)
class AppelAdmin(LectureSeule):
    portail = APPEL
    service = "administration.services.modifier_appel"
    list_display = ["nom_court", "date_limite_depot", "heure_limite_depot", "subvention_etat_max"]
    inlines = [CritereInline, ExclusionR08Inline]

    def save_model(self, request, obj, form, change):
        services.modifier_appel(obj, None, request.user)

    def save_formset(self, request, form, formset, change):
        service = services.modifier_grille if formset.model is Critere else services.modifier_exclusions
        service(form.instance, formset, request.user)


# auditlog's own admin lets a superuser delete entries: the history is read only, like the rest.
admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class HistoriqueAdmin(LectureSeule):
    portail = HISTORIQUE
    list_display = ["timestamp", "object_repr", "action", "actor"]
    list_select_related = ["content_type", "actor"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr"]
