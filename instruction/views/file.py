"""The instruction queue's two pages: the same table, filters and sort (``instruction.file``) over the
dossiers each user may read (``Dossier.objects.for_user``); here, what the table shows of them."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.numberformat import format as number_format

from candidatures.appels import appel_de_travail
from candidatures.politique import politique
from comptes.models import TypeOrganisation
from comptes.permissions import reservee
from core import tableaux
from core.format import euros
from instruction import actions_groupees, file, suivi, visibilite_notes
from instruction.choix_territoires import ChoixTerritoires, choix_de
from instruction.filtres import SITUATIONS_R02, filtres_de, situation_r02

NBSP = "\u00a0"


def nombre_de_dossiers(n: int) -> str:
    """« 0 dossier », « 1 dossier », « 10 000 dossiers » (French: singular below 2)."""
    texte = number_format(n, ",", 0, 3, NBSP, force_grouping=True)
    return f"{texte}{NBSP}dossier{'s' if n > 1 else ''}"


LIBELLES_TYPES = dict(TypeOrganisation.choices)


def montant(valeur) -> str:
    """« 1 234 567,89 » (the portal's format, ``ami_format.euros``): the header says « (€) »."""
    return euros(valeur).removesuffix(f"{NBSP}€") or "—"


def decorer(dossier) -> None:
    """What a row shows, prepared once here rather than by template filters (50 rows a page):
    départements and régions (prefetched), type of porteur, amounts, date of dépôt in Paris time."""
    departements = dossier.departements_lus
    regions = dict.fromkeys(d.region.nom for d in departements)
    dossier.texte_departements = "\n".join(f"{d.code} {d.nom}" for d in departements)  # « linebreaksbr »
    dossier.texte_regions = "\n".join(regions)
    dossier.libelle_type = LIBELLES_TYPES.get(dossier.organisation.type, dossier.organisation.type)
    dossier.texte_cout = montant(dossier.cout_global)
    dossier.texte_subvention = montant(dossier.subvention_demandee)
    dossier.situation_r02 = situation_r02(dossier.cas_exceptionnel, dossier.regles_bloquantes)
    dossier.texte_r02 = SITUATIONS_R02.get(dossier.situation_r02, "")
    moyenne = getattr(dossier, "moyenne", None)
    masquee = visibilite_notes.texte_masque(moyenne, getattr(dossier, "nb_evaluations", 0))
    dossier.texte_note = number_format(moyenne, ",", 2) if moyenne is not None else masquee or "—"
    # « Avis à donner par mon service »: the date the agent's service is awaited by (``file._suivre``).
    echeance = getattr(dossier, "echeance_service", None)
    dossier.texte_echeance = f"{echeance:%d/%m/%Y}" if echeance else ""
    dossier.echeance_depassee = bool(echeance) and echeance < timezone.localdate()
    dossier.date_depot = (
        timezone.localtime(dossier.depose_le).strftime("%d/%m/%Y") if dossier.depose_le else ""
    )


def contexte(request, choix: ChoixTerritoires) -> dict:
    """What ``instruction/partials/file.html`` shows for ``request.user``; ``choix``: the choices of the
    territory filters (``instruction.choix_territoires``, cached). The scores as ``visibilite_notes``
    lets the user see them: an agent none, an instructeur those of the dossiers he scored."""
    params = request.GET
    nationale = politique(request.user).voit_notes_nationales
    jeu = filtres_de(request.user, params, nationale, choix, appel=appel_de_travail(request))
    cle, descendant = file.lire_tri(params.get("tri"), nationale)
    numero = tableaux.numero_de_page(params.get("page"))
    page = file.page_de_la_file(request.user, jeu.qs, cle, descendant, numero)
    for dossier in page.object_list:
        decorer(dossier)
    suivi.decorer(page.object_list, request.user)  # « Suivi par » (the national team only)
    tri = f"-{cle}" if descendant else cle
    return {
        "form": jeu.form,
        "filtres_actifs": jeu.actifs(),
        "page": page,
        "dossiers": page.object_list,
        "nombre": nombre_de_dossiers(page.paginator.count),
        "en_tetes": tableaux.en_tetes(params, file.colonnes(nationale), cle, descendant),
        "nationale": nationale,
        **actions_groupees.droits(request.user),  # the boxes and buttons of the batch actions
        "tri": tri,
        "tri_par_defaut": tri == file.TRI_PAR_DEFAUT,
        **tableaux.liens_de_pagination(params, page),
    }


@reservee("instruction:a_instruire")
def a_instruire(request):
    return render(request, "instruction/a_instruire.html", contexte(request, choix_de(request.user)))


@reservee("instruction:territoire")
def territoire(request):
    choix = choix_de(request.user)
    page = contexte(request, choix)
    # « les 5 départements : Aisne (02), … »: their names as ``str(Departement)``, from the same cache.
    page.update(service=request.user.service_territorial, departements=choix.noms)
    return render(request, "instruction/territoire.html", page)
