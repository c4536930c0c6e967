from django.shortcuts import render

from comptes.models import Role
from comptes.permissions import role_required


@role_required(Role.CANDIDAT)
def mes_dossiers(request):
    return render(request, "candidatures/mes_dossiers.html", {"organisation": request.user.organisation})
