"""The rows of a section (members, indicators, budget lines): add one, remove one — with « Annuler » for
an hour (``candidatures.retraits``) — and put a removed one back. Each answer is the row's own markup
(``candidatures/lignes/<cle>.html``) for htmx, or a redirect to the section without it.

Every view finds the dossier through ``dossier_pour`` (``Dossier.objects.for_user``): another porteur's
dossier is a 404.
"""

import json

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from candidatures import retraits
from candidatures.erreurs_saisie import oublier_ligne
from candidatures.fusion import marquer_modifie
from candidatures.models import Dossier
from candidatures.pages import contexte_dossier, dossier_pour
from candidatures.sections import DEFINITIONS
from candidatures.views import candidat


def _groupe(section: str, cle: str):
    definition = DEFINITIONS.get(section)
    groupe = next((g for g in definition.groupes if g.cle == cle), None) if definition else None
    if groupe is None:
        raise Http404("Type de ligne inconnu.")
    return definition, groupe


@candidat
@require_POST
def ligne_ajouter(request, pk: int, section: str, cle: str):
    definition, groupe = _groupe(section, cle)
    dossier = dossier_pour(request, pk, modification=True, section=section)
    with transaction.atomic():
        dossier = Dossier.objects.verrouiller(dossier.pk)
        if refus := groupe.refus_ajout(dossier):  # the budget's maximum of lines (budget.lignes)
            valeur = request.POST.get("valeur", "")
            valeur = valeur if valeur in {c for c, _ in groupe.choix} else ""
            return _ajout_refuse(
                request, dossier, section, f"#ajout-{cle}{'-' if valeur else ''}{valeur}-refus", refus
            )
        ligne = groupe.creer(definition.objet_edite(dossier), request.POST.get("valeur", ""))
        if ligne is None:
            raise Http404("Valeur inconnue.")
        marquer_modifie(dossier, request.user, section)
    contexte = contexte_dossier(request, dossier, section)
    contexte.update(ligne=ligne, form=groupe.formulaire_pour(ligne), cle=cle, ajout=True)
    return render(request, f"candidatures/lignes/{cle}.html", contexte)


def _ajout_refuse(request, dossier, section, cible, refus):
    """No row added (or put back): why, in ``cible`` (the message next to the « Ajouter » button,
    ``lignes/ajouter.html``, or the save status), or on the section's page without htmx."""
    if not request.htmx:
        messages.error(request, refus)
        return redirect("candidatures:section", dossier.pk, section)
    reponse = render(request, "candidatures/lignes/ajout_refuse.html", {"refus": refus})
    reponse["HX-Retarget"] = cible
    reponse["HX-Reswap"] = "innerHTML"
    return reponse


@candidat
@require_POST
def ligne_supprimer(request, pk: int, section: str, cle: str, ligne_pk: int):
    definition, groupe = _groupe(section, cle)
    dossier = dossier_pour(request, pk, modification=True, section=section)
    with transaction.atomic():
        dossier = Dossier.objects.verrouiller(dossier.pk)
        lignes = {ligne.pk: ligne for ligne in groupe.lignes(definition.objet_edite(dossier))}
        if ligne_pk not in lignes:
            raise Http404("Cette ligne n’existe plus.")
        retiree = retraits.jeton(lignes[ligne_pk], dossier.pk, cle)
        lignes[ligne_pk].delete()
        oubliees = ["erreurs_saisie"] if oublier_ligne(dossier, section, f"{cle}-{ligne_pk}") else []
        marquer_modifie(dossier, request.user, section, oubliees)
    if not request.htmx:
        return redirect("candidatures:section", dossier.pk, section)
    contexte = contexte_dossier(request, dossier, section)
    reponse = render(request, "candidatures/partials/enregistrement.html", contexte)
    # What « Annuler » sends back to ``ligne_restaurer`` (static/ami/lignes.js).
    reponse["HX-Trigger"] = json.dumps({"ami:ligne-retiree": {"jeton": retiree}})
    return reponse


@candidat
@require_POST
def ligne_restaurer(request, pk: int, section: str, cle: str):
    """« Annuler » after « Retirer »: the row back in its place, with what it held."""
    definition, groupe = _groupe(section, cle)
    dossier = dossier_pour(request, pk, modification=True, section=section)
    with transaction.atomic():
        dossier = Dossier.objects.verrouiller(dossier.pk)
        objet = definition.objet_edite(dossier)
        if refus := groupe.refus_ajout(dossier):
            return _ajout_refuse(request, dossier, section, "#statut-enregistrement", refus)
        ligne = retraits.restaurer(request.POST.get("jeton", ""), dossier.pk, groupe, objet)
        if ligne is None:
            raise Http404("Cette ligne ne peut plus être rétablie.")
        marquer_modifie(dossier, request.user, section)
    contexte = contexte_dossier(request, dossier, section)
    contexte.update(ligne=ligne, form=groupe.formulaire_pour(ligne), cle=cle, ajout=True)
    return render(request, f"candidatures/lignes/{cle}.html", contexte)
