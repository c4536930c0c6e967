from django.contrib import admin

from core.admin_technique import REFERENTIEL, LectureSeule
from territoires.models import Departement, Region


@admin.register(Region)
class RegionAdmin(LectureSeule):
    portail = REFERENTIEL
    list_display = ["code", "nom"]
    search_fields = ["code", "nom"]


@admin.register(Departement)
class DepartementAdmin(LectureSeule):
    portail = REFERENTIEL
    list_display = ["code", "nom", "region"]
    list_filter = ["region"]
    search_fields = ["code", "nom"]
