"""The portal's tables: the sort of their headers and their DSFR pagination, every other parameter of
the request (filters, sort) kept in each link. Read by the instruction queue, the accounts list and the
Classement; the markup is ``templates/partials/en_tetes_triables.html`` and
``templates/partials/pagination.html``.

A table declares its columns as (classes of the header, ((sort key, label), …)): several sort keys
share a column when it shows several values (the porteur and its type)."""

from django.core.paginator import Paginator


def requete(params, **changements) -> str:
    """``params`` (the request's GET) with ``changements`` (None removes a key), URL-encoded."""
    copie = params.copy()
    for cle, valeur in changements.items():
        if valeur is None:
            copie.pop(cle, None)
        else:
            copie[cle] = valeur
    return copie.urlencode()


def numero_de_page(valeur: str | None) -> int:
    """The ``page`` parameter; 1 when it is not a number (the paginator takes a page beyond the last
    to the last)."""
    valeur = (valeur or "").strip()
    return int(valeur) if valeur.isdigit() and int(valeur) > 0 else 1


def page_de(objets, par_page: int, numero: int, nombre: int | None = None):
    """The page ``numero`` of ``objets`` (the last one beyond it); ``nombre``, when the caller knows
    it (a cheaper COUNT than the paginator's), spares the paginator its own."""
    paginator = Paginator(objets, par_page)
    if nombre is not None:
        paginator.count = nombre
    return paginator.get_page(numero)


def lire_tri(valeur: str | None, cles, defaut: str) -> tuple[str, bool]:
    """(key, descending) of a ``tri`` parameter (« -cle »: descending); ``defaut`` ascending when the
    key is not one of ``cles``."""
    valeur = valeur or ""
    cle = valeur.removeprefix("-")
    if cle not in cles:
        return defaut, False
    return cle, valeur.startswith("-")


def en_tetes(params, colonnes, cle: str, descendant: bool) -> list[dict]:
    """Each header: its classes, ``aria_sort`` on the current sort's column, and its links (same
    filters, this sort, the other way round when it is the current one; first page)."""
    resultat = []
    for classe, tris in colonnes:
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


def liens_de_pagination(params, page) -> dict:
    """What ``partials/pagination.html`` shows (nothing for a single page): the numbered links
    (``None`` number: an ellipsis), previous, next, first and last page."""
    pages = []
    if page.paginator.num_pages > 1:
        pages = [
            {"numero": None, "requete": "", "courante": False}
            if numero == page.paginator.ELLIPSIS
            else {
                "numero": numero,
                "requete": requete(params, page=numero),
                "courante": numero == page.number,
            }
            for numero in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        ]
    return {
        "pages": pages,
        "page_precedente": requete(params, page=page.previous_page_number()) if page.has_previous() else "",
        "page_suivante": requete(params, page=page.next_page_number()) if page.has_next() else "",
        "premiere_page": requete(params, page=1),
        "derniere_page": requete(params, page=page.paginator.num_pages),
    }
