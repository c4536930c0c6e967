"""« Besoin d'aide ? » (``territoires.contacts``: the DREETS of the candidat's région, the call's
national address, the FAQ) and, for the administrateur, the addresses of the services régionaux
(« Contacts des services régionaux », each change in the history). Here, above ``territoires`` and
``comptes``: the page reads the candidat's dossier (``Dossier.objects.for_user``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.shortcuts import redirect, render

from ami.models import Appel
from candidatures.models import Dossier
from comptes.permissions import reservee
from core import historique
from core.format import quantite
from core.menus import contexte_administration
from territoires import contacts as annuaire
from territoires.forms import ContactsForms
from territoires.models import Region

administrateur = reservee("ami:administration")


@login_not_required
def aide(request):
    """The service régional de l'État of the candidat's région (his organisation's, the dossier's of
    ``?dossier=`` when he may read it, or the one chosen with ``?region=``), the call's national
    address, the FAQ. A dossier he may not read is ignored, as if not named."""
    dossier = None
    if request.user.is_authenticated and (pk := request.GET.get("dossier", "")).isdigit():
        dossier = Dossier.objects.for_user(request.user).filter(pk=pk).first()
    liste = annuaire.tous()
    codes = annuaire.regions_du_candidat(request.user, dossier)
    choisie = request.GET.get("region", "")
    if choisie and choisie not in codes:
        codes = [choisie, *codes]
    contexte = {
        "appel": dossier.appel if dossier else (Appel.objects.publies().courant() or Appel()),
        "dossier": dossier,
        "mes_contacts": annuaire.contacts(codes, liste),
        "tous_contacts": liste,
        "region_choisie": choisie,
    }
    return render(request, "ami/aide.html", contexte)


def modifier_contacts(formset, par) -> int:
    """Save the addresses changed in ``formset``, each change in the history (before and after), as done
    by ``par``; how many changed."""
    changes = [form for form in formset if form.has_changed()]
    with transaction.atomic():
        for form in changes:
            avant = form.initial.get("courriel_service_regional") or "—"
            region = form.save()
            historique.evenement(
                region,
                par,
                f"Contact de la {region.service_regional or region.nom}",
                "Adresse de contact modifiée",
                [["Adresse de contact", avant, region.courriel_service_regional or "—"]],
            )
    return len(changes)


@administrateur
def contacts(request):
    formset = ContactsForms(request.POST or None, queryset=Region.objects.order_by("code"))
    if request.method == "POST" and formset.is_valid():
        if n := modifier_contacts(formset, request.user):
            messages.success(
                request,
                f"Contacts des services régionaux : {quantite(n, 'adresse modifiée', 'adresses modifiées')}.",
            )
        return redirect(request.path)
    statut = 422 if request.method == "POST" else 200
    return render(
        request, "territoires/contacts.html", contexte_administration(request, formset=formset), status=statut
    )
