from django.contrib import admin

from ami.models import Appel, ExclusionR08


class ExclusionR08Inline(admin.TabularInline):
    model = ExclusionR08
    extra = 0
    autocomplete_fields = ["departement"]


@admin.register(Appel)
class AppelAdmin(admin.ModelAdmin):
    list_display = ["nom_court", "date_limite_depot", "heure_limite_depot", "subvention_etat_max"]
    inlines = [ExclusionR08Inline]
