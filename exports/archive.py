"""The export files, written in the background (``exports.tasks.preparer_export``), never in a request:
the ZIP of every dossier a user may read (its PDF, ``exports.pdf``, and its pièces), the XLSX workbook
of four sheets or one sheet as CSV (``exports.ecriture``, rows from ``exports.lignes`` by slices of 500
dossiers). The progress is saved as it goes (every few dossiers of a ZIP, every slice of a sheet) for
the page's progress bar; a mail gives the link when the file is ready; it is deleted after the
retention delay.

The file is written to a temporary file of the worker, then handed to the private storage through
Django's storage API (``FichierExport.fichier``): local disk or object storage alike, no path."""

import datetime
import logging
import shutil
import tempfile
import zipfile

from django.conf import settings
from django.core.files import File
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename

from candidatures.models import Dossier
from core.arriere_plan import lancer_apres_validation
from courriels import envoi as courriels
from exports.ecriture import ecrire_xlsx, flux_csv
from exports.lignes import Selection, feuilles
from exports.models import EtatExport, Feuille, FichierExport, Format
from exports.pdf import pdf_dossier
from pieces.models import EtatAnalyse, Piece

journal = logging.getLogger(__name__)
PAS = 5  # dossiers of a ZIP between two saves of the progress
DOUBLON = datetime.timedelta(hours=1)


def demander(user, filtres: dict, format: str = Format.ZIP, feuille: str = "") -> FichierExport:
    """A new export of ``user``'s dossiers (the queue's ``filtres``), prepared after the commit."""
    from exports.tasks import preparer_export  # here: exports.tasks imports this module

    export = FichierExport.objects.create(demandeur=user, filtres=filtres, format=format, feuille=feuille)
    lancer_apres_validation(preparer_export, export.pk)  # Redis down: en attente, swept again
    return export


def en_preparation(user, filtres: dict, format: str, feuille: str = "") -> FichierExport | None:
    """The same export of ``user`` asked for less than ``DOUBLON`` ago and still being prepared, if
    any: a second click waits for it (after that delay, one whose worker died does not block)."""
    return (
        FichierExport.objects.filter(
            demandeur=user,
            format=format,
            feuille=feuille,
            etat__in=(EtatExport.EN_ATTENTE, EtatExport.EN_COURS),
            filtres=filtres,
            cree_le__gt=timezone.now() - DOUBLON,
        )
        .order_by("-cree_le")
        .first()
    )


def _nom_piece(dossier, piece) -> str:
    """« AMI2-SPIE-2021-0001/pieces/Lettre_dengagement_de_Pôle_emploi_-_lettre.pdf »."""
    return f"{dossier.numero}/pieces/{get_valid_filename(f'{piece.libelle} - {piece.nom}')}"


ECARTEES = "pieces-non-incluses.txt"


def _ecartees(pieces) -> str:
    """Why pièces are missing from the archive: nobody downloads a pièce not declared clean."""
    lignes = [
        "Pièces non incluses dans cette archive : elles n’ont pas été déclarées saines par l’antivirus.",
        "",
    ]
    for piece in pieces:
        etat = "en cours d’analyse antivirus" if piece.retenue else "refusée et supprimée"
        if piece.analyse == EtatAnalyse.INFECTEE:
            etat += f" (virus : {piece.analyse_detail})"
        lignes.append(f"- {piece.libelle} — {piece.nom} : {etat}")
    lignes += ["", "Une archive demandée après la fin de l’analyse les contiendra."]
    return "\n".join(lignes) + "\n"


def _avancer(export: FichierExport, faits) -> None:
    FichierExport.objects.filter(pk=export.pk).update(faits=faits)


def _ecrire_zip(export: FichierExport, selection: Selection, sortie) -> None:
    ids = selection.identifiants
    with zipfile.ZipFile(sortie, "w", compression=zipfile.ZIP_DEFLATED) as zip_:
        for n, pk in enumerate(ids, 1):
            dossier = Dossier.objects.select_related("appel", "organisation").get(pk=pk)
            zip_.writestr(f"{dossier.numero}/{dossier.numero}.pdf", pdf_dossier(dossier, export.demandeur))
            ecartees = []
            for piece in Piece.objects.filter(dossier=dossier):
                if not piece.telechargeable:  # not declared clean by the antivirus: left out, said
                    ecartees.append(piece)
                    continue
                try:
                    with (
                        piece.fichier.open("rb") as source,
                        zip_.open(_nom_piece(dossier, piece), "w") as but,
                    ):
                        shutil.copyfileobj(source, but, 1024 * 1024)
                except FileNotFoundError:
                    journal.warning("Pièce %s absente du stockage : export %s", piece.pk, export.pk)
            if ecartees:
                zip_.writestr(f"{dossier.numero}/pieces/{ECARTEES}", _ecartees(ecartees))
            if n % PAS == 0 or n == len(ids):
                _avancer(export, n)


def _ecrire_tableur(export: FichierExport, selection: Selection, sortie) -> None:
    """The workbook or one of its sheets as CSV; one step of the progress a slice of a sheet."""
    definitions = feuilles(selection)
    if export.format == Format.XLSX:
        ecrire_xlsx(definitions, sortie)
    else:
        definition = definitions[Feuille.values.index(export.feuille)]
        for morceau in flux_csv(definition.colonnes, definition.lignes):
            sortie.write(morceau)


def _etapes(export: FichierExport, selection: Selection) -> int:
    if export.format == Format.ZIP:
        return len(selection.identifiants)
    sheets = len(Feuille) if export.format == Format.XLSX else 1
    return sheets * selection.nombre_de_tranches


def preparer(export_pk: int) -> None:
    # A task delivered twice, or sent again by the sweep while a worker has it: one preparation.
    if not FichierExport.objects.filter(pk=export_pk, etat=EtatExport.EN_ATTENTE).update(
        etat=EtatExport.EN_COURS
    ):
        return
    export = FichierExport.objects.select_related("demandeur").get(pk=export_pk)
    selection = Selection(export.demandeur, export.filtres)
    if export.format != Format.ZIP:
        selection.apres_tranche = lambda: _avancer(export, F("faits") + 1)
    FichierExport.objects.filter(pk=export.pk).update(
        total=len(selection.identifiants), etapes=_etapes(export, selection)
    )
    stockage = export.fichier.storage
    nom = f"exports/{export.format}-{export.pk}-{timezone.now():%Y%m%d-%H%M%S}.{export.format}"
    try:
        with tempfile.TemporaryFile(suffix=f".{export.format}") as temporaire:
            if export.format == Format.ZIP:
                _ecrire_zip(export, selection, temporaire)
            else:
                _ecrire_tableur(export, selection, temporaire)
            taille = temporaire.tell()
            temporaire.seek(0)
            nom = stockage.save(nom, File(temporaire, name=nom))
    except Exception as erreur:
        journal.exception("Export %s en échec", export.pk)
        FichierExport.objects.filter(pk=export.pk).update(etat=EtatExport.ECHEC, erreur=str(erreur)[:500])
        raise
    fin = timezone.now()
    FichierExport.objects.filter(pk=export.pk).update(
        etat=EtatExport.PRETE,
        fichier=nom,
        taille=taille,
        faits=F("etapes"),
        termine_le=fin,
        expire_le=fin + datetime.timedelta(days=settings.EXPORTS_CONSERVATION_JOURS),
    )
    export.refresh_from_db()
    _prevenir(export)


def sujet(export: FichierExport) -> str:
    """« Votre archive ZIP de 2 dossiers est prête », « Votre classeur XLSX de 1 dossier est prêt »."""
    dossiers = f"{export.total} dossier{'s' if export.total > 1 else ''}"
    pret = "prêt" if export.masculin else "prête"
    return f"Votre {export.designation} de {dossiers} est {pret}"


def _prevenir(export: FichierExport) -> None:
    lien = settings.PORTAIL_URL + reverse("exports:telecharger", args=[export.pk])
    texte = render_to_string(
        "exports/courriels/export_pret.txt",
        {"export": export, "lien": lien, "page": settings.PORTAIL_URL + reverse("exports:exports")},
    )
    courriels.envoyer(sujet(export), texte, [export.demandeur.email])


def purger(maintenant=None) -> int:
    """Delete the exports whose retention delay is over (the file; the row stays, marked expired)."""
    maintenant = maintenant or timezone.now()
    n = 0
    for export in FichierExport.objects.filter(etat=EtatExport.PRETE, expire_le__lte=maintenant):
        export.fichier.delete(save=False)
        FichierExport.objects.filter(pk=export.pk).update(etat=EtatExport.EXPIREE, fichier="")
        n += 1
    return n
