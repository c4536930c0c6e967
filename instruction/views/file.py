"""The instruction queue's two pages: the same table, filters and sort (``instruction.file``) over the
dossiers each user may read (``Dossier.objects.for_user``); here, what the table shows of them."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.numberformat import format as number_format

from comptes.models import Role, TypeOrganisation
from comptes.permissions import role_required
from core.format import euros
from instruction import file, visibilite_notes
from territoires.models import Departement

NBSP = "\u00a0"


def requete(params, **changements) -> str:
    """``params`` (the request's GET) with ``changements`` (None removes a key), URL-encoded."""
    copie = params.copy()
    for cle, valeur in changements.items():
        if valeur is None:
            copie.pop(cle, None)
        else:
            copie[cle] = valeur
    return copie.urlencode()


def en_tetes(params, cle: str, descendant: bool, nationale: bool = True) -> list[dict]:
    """Each header: its classes, ``aria_sort`` on the current sort's column, and its links (same
    filters, this sort, the other way round when it is the current one; first page)."""
    resultat = []
    for classe, tris in file.colonnes(nationale):
        liens, aria_sort = [], ""
        for colonne, libelle in tris:
            actif = colonne == cle
            inverse = actif and not descendant
            if actif:
                aria_sort = "descending" if descendant else "ascending"
            liens.append(
                {
                    "libelle": libelle,
                    "requete": requete(params, tri=f"-{colonne}" if inverse else colonne, page=None),
                    "sens": aria_sort if actif else "",
                    "action": f"trier par ordre {'décroissant' if inverse else 'croissant'}",
                }
            )
        resultat.append({"classe": classe, "aria_sort": aria_sort, "liens": liens})
    return resultat


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
    moyenne = getattr(dossier, "moyenne", None)
    masquee = visibilite_notes.texte_masque(moyenne, getattr(dossier, "nb_evaluations", 0))
    dossier.texte_note = number_format(moyenne, ",", 2) if moyenne is not None else masquee or "—"
    dossier.date_depot = (
        timezone.localtime(dossier.depose_le).strftime("%d/%m/%Y") if dossier.depose_le else ""
    )


def numero_de_page(valeur: str | None) -> int:
    """The ``page`` parameter; 1 when it is not a number (the paginator takes a page beyond the last
    to the last)."""
    valeur = (valeur or "").strip()
    return int(valeur) if valeur.isdigit() and int(valeur) > 0 else 1


def pagination(params, page) -> list[dict]:
    """The DSFR pagination's numbered links (``None`` number: an ellipsis), filters and sort kept."""
    return [
        {"numero": None, "requete": "", "courante": False}
        if numero == page.paginator.ELLIPSIS
        else {"numero": numero, "requete": requete(params, page=numero), "courante": numero == page.number}
        for numero in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]


def liens_de_pagination(params, page) -> dict:
    """What ``instruction/partials/pagination.html`` shows (nothing for a single page), every other
    parameter of the request (filters, sort) kept in each link."""
    return {
        "pages": pagination(params, page) if page.paginator.num_pages > 1 else [],
        "page_precedente": requete(params, page=page.previous_page_number()) if page.has_previous() else "",
        "page_suivante": requete(params, page=page.next_page_number()) if page.has_next() else "",
        "premiere_page": requete(params, page=1),
        "derniere_page": requete(params, page=page.paginator.num_pages),
    }


def contexte(request, departements: list[Departement]) -> dict:
    """What ``instruction/partials/file.html`` shows for ``request.user``; ``departements`` (with their
    région) are the choices of the territory filters. The scores as ``visibilite_notes`` lets the user
    see them: an agent none, an instructeur those of the dossiers he scored."""
    params = request.GET
    nationale = visibilite_notes.voit_des_notes(request.user)
    form = file.FiltresForm(params, departements, nationale)
    filtres = form.filtres()
    cle, descendant = file.lire_tri(params.get("tri"), nationale)
    numero = numero_de_page(params.get("page"))
    page = file.page_de_la_file(request.user, filtres, cle, descendant, numero)
    for dossier in page.object_list:
        decorer(dossier)
    tri = f"-{cle}" if descendant else cle
    return {
        "form": form,
        "filtres_actifs": bool(filtres),
        "page": page,
        "dossiers": page.object_list,
        "nombre": nombre_de_dossiers(page.paginator.count),
        "en_tetes": en_tetes(params, cle, descendant, nationale),
        "nationale": nationale,
        "tri": tri,
        "tri_par_defaut": tri == file.TRI_PAR_DEFAUT,
        **liens_de_pagination(params, page),
    }


@role_required(Role.INSTRUCTEUR, Role.ADMINISTRATEUR)
def a_instruire(request):
    departements = file.departements_des_filtres(request.user)
    return render(request, "instruction/a_instruire.html", contexte(request, departements))


@role_required(Role.AGENT)
def territoire(request):
    departements = file.departements_des_filtres(request.user)
    page = contexte(request, departements)
    page.update(service=request.user.service_territorial, departements=departements)
    return render(request, "instruction/territoire.html", page)
