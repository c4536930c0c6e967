from django.contrib import admin

from ami.models import Appel, Critere, ExclusionR08


class ExclusionR08Inline(admin.TabularInline):
    model = ExclusionR08
    extra = 0
    autocomplete_fields = ["departement"]


class CritereInline(admin.TabularInline):
    """The sélection grid: criteria, weights and scales of the call."""

    model = Critere
    extra = 0
    fields = ["ordre", "libelle", "source", "poids", "note_max"]


@admin.register(Appel)
class AppelAdmin(admin.ModelAdmin):
    list_display = ["nom_court", "date_limite_depot", "heure_limite_depot", "subvention_etat_max"]
    inlines = [CritereInline, ExclusionR08Inline]
