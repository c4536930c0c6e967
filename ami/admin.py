from django.contrib import admin
from dsfr.models import DsfrConfig

from ami.models import Appel, Critere, ExclusionR08
from core.admin_technique import APPEL, LectureSeule, LectureSeuleInline

# django-dsfr's site configuration is never read: the header and footer are the portal's own templates
# (ami.context_processors.portail), not dsfr's context processor.
admin.site.unregister(DsfrConfig)


class ExclusionR08Inline(LectureSeuleInline):
    model = ExclusionR08


class CritereInline(LectureSeuleInline):
    """The sélection grid: criteria, weights and scales of the call."""

    model = Critere
    fields = ["ordre", "libelle", "source", "poids", "note_max"]


@admin.register(Appel)
class AppelAdmin(LectureSeule):
    portail = APPEL
    list_display = ["nom_court", "date_limite_depot", "heure_limite_depot", "subvention_etat_max"]
    inlines = [CritereInline, ExclusionR08Inline]
