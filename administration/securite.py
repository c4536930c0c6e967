"""« Journal de sécurité » (administrateurs): the security events (``comptes.securite.consigner``) —
logins and their failures, lockouts, passwords, addresses, the second factor, sign-ups and teams, every
export and download — filtered by person, kind and dates, paginated; the same query count whatever the
number of rows (the person comes with its event). Beside the « Journal des modifications »
(``administration.views.journal_des_modifications``): two tabs of one journal. Its CSV, with the same
filters, is written by ``exports.views.journal`` (the cells neutralised as every export's)."""

from django.shortcuts import render

from comptes.journal_securite import FiltresJournal, evenements, texte_des_details
from comptes.permissions import reservee
from core import tableaux
from core.menus import contexte_administration

PAR_PAGE = 50


def _nombre(n: int) -> str:
    return f"{n} événement{'s' if n > 1 else ''}"


@reservee("ami:administration")
def journal_securite(request):
    params = request.GET
    jeu = FiltresJournal(params, evenements())
    filtres = jeu.filtres()
    page = tableaux.page_de(jeu.qs, PAR_PAGE, tableaux.numero_de_page(params.get("page")))
    for evenement in page.object_list:
        evenement.texte_details = texte_des_details(evenement)
    return render(
        request,
        "ami/administration/journal_securite.html",
        contexte_administration(
            request,
            form=jeu.form,
            filtres_actifs=bool(filtres),
            page=page,
            evenements=page.object_list,
            nombre=_nombre(page.paginator.count),
            requete_export=tableaux.requete(params, page=None),  # « Exporter en CSV »: the same filters
            **tableaux.liens_de_pagination(params, page),
        ),
    )
