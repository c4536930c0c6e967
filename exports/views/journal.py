"""« Exporter en CSV » of the journal de sécurité (administrateurs): the events that the page's filters
select (``comptes.journal_securite``), streamed by packets of rows as the exports' CSV are written
(``exports.ecriture.flux_csv``: UTF-8 with BOM, « ; », every text cell neutralised — an address typed
on the login page is the visitor's text). The download is itself a row of the journal."""

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from comptes import securite
from comptes.journal_securite import FiltresJournal, evenements, texte_des_details
from comptes.permissions import reservee
from comptes.securite import TypeEvenement
from exports.colonnes import DATE, Colonne
from exports.ecriture import flux_csv

COLONNES = [
    Colonne("quand", "Date", DATE),
    Colonne("type", "Type d’événement"),
    Colonne("personne", "Personne"),
    Colonne("adresse", "Adresse électronique du compte"),
    Colonne("identifiant", "Identifiant saisi"),
    Colonne("adresse_ip", "Adresse IP"),
    Colonne("objet", "Objet"),
    Colonne("details", "Détails"),
]


def _ligne(evenement) -> list:
    compte = evenement.compte
    return [
        timezone.localtime(evenement.quand),
        evenement.get_type_display(),
        compte.get_full_name() if compte else "",
        compte.email if compte else "",
        evenement.identifiant,
        evenement.adresse_ip or "",
        evenement.objet,
        texte_des_details(evenement),
    ]


def _nombre(n: int) -> str:
    return f"{n} événement{'s' if n > 1 else ''}"


@require_safe
@reservee("ami:administration")
def journal_securite_csv(request):
    jeu = FiltresJournal(request.GET, evenements())
    filtres = jeu.filtres()
    choisis = jeu.qs
    nombre = choisis.count()
    telechargement = securite.consigner(
        TypeEvenement.TELECHARGEMENT,
        request=request,
        objet=f"Journal de sécurité — CSV, {_nombre(nombre)}",
        format="csv",
        filtres={nom: str(valeur) for nom, valeur in filtres.items()},
        evenements=nombre,
    )
    lignes = (_ligne(e) for e in choisis.exclude(pk=telechargement.pk).iterator(chunk_size=500))
    nom = f"ami-spie-journal-securite-{timezone.localtime():%Y-%m-%d-%H%M}.csv"
    reponse = StreamingHttpResponse(
        flux_csv(COLONNES, lignes),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, nom)},
    )
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "private, no-store"
    return reponse
