from django.shortcuts import render

from comptes.models import Role
from comptes.permissions import role_required
from territoires.visibility import departements_visibles


@role_required(Role.INSTRUCTEUR)
def a_instruire(request):
    return render(request, "instruction/a_instruire.html")


@role_required(Role.AGENT)
def territoire(request):
    departements = departements_visibles(request.user).select_related("region")
    return render(
        request,
        "instruction/territoire.html",
        {"service": request.user.service_territorial, "departements": list(departements)},
    )
