from django.contrib import admin

from core.admin_technique import INSTRUCTION, LectureSeule
from instruction.models import Avis, DemandeAvis, Evaluation


@admin.register(Evaluation)
class EvaluationAdmin(LectureSeule):
    portail = INSTRUCTION
    list_display = ["dossier", "instructeur", "note_sur_20", "donnee_le"]
    list_select_related = ["dossier", "instructeur"]


@admin.register(DemandeAvis)
class DemandeAvisAdmin(LectureSeule):
    portail = INSTRUCTION
    list_display = ["dossier", "service", "date_limite", "avis"]
    list_select_related = ["dossier", "service", "avis"]


@admin.register(Avis)
class AvisAdmin(LectureSeule):
    portail = INSTRUCTION
    list_display = ["dossier", "service", "sens", "donne_le"]
    list_select_related = ["dossier", "service"]
