"""« Courriels en attente », in the administration: the mails not sent yet, their error, and « Renvoyer ».
The outbox itself is ``courriels`` (low in the layers: it knows nothing of roles and permissions)."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from comptes.models import Role
from comptes.permissions import role_required
from core.menus import contexte_administration
from courriels import envoi
from courriels.models import Courriel, EtatCourriel

administrateur = role_required(Role.ADMINISTRATEUR)


@administrateur
def file_d_envoi(request):
    page = Paginator(envoi.en_souffrance(), 50).get_page(request.GET.get("page"))
    veille = timezone.now() - datetime.timedelta(days=1)
    envoyes = Courriel.objects.filter(etat=EtatCourriel.ENVOYE, envoye_le__gte=veille).count()
    return render(
        request,
        "courriels/file.html",
        contexte_administration(request, page=page, envoyes=envoyes, essais_max=envoi.ESSAIS_MAX),
    )


@administrateur
@require_POST
def renvoyer(request, pk: int):
    courriel = get_object_or_404(Courriel.objects.exclude(etat=EtatCourriel.ENVOYE), pk=pk)
    if envoi.renvoyer(courriel):
        messages.success(request, f"Le courriel « {courriel.sujet} » est renvoyé.")
    else:
        messages.warning(
            request,
            f"Le courriel « {courriel.sujet} » partira dès que le service de tâches sera rétabli.",
        )
    return redirect("courriels:file")
