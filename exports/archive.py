"""The ZIP of every dossier a user may read: its PDF (``exports.pdf``) and its pièces, written on disk
in the background (``exports.tasks.preparer_archive``), its progress saved every few dossiers for the
page's progress bar; a mail with the link when it is ready; deleted after the retention delay."""

import datetime
import logging
import os
import zipfile

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename

from ami.tasks import envoyer_courriel
from candidatures.models import Dossier
from exports.lignes import Selection
from exports.models import Archive, EtatArchive
from exports.pdf import pdf_dossier
from pieces.models import EtatAnalyse, Piece

journal = logging.getLogger(__name__)
PAS = 5  # dossiers between two saves of the progress


def demander(user, filtres: dict) -> Archive:
    """A new archive of ``user``'s dossiers (the queue's ``filtres``), prepared after the commit."""
    from exports.tasks import preparer_archive  # here: exports.tasks imports this module

    archive = Archive.objects.create(demandeur=user, filtres=filtres)
    transaction.on_commit(lambda: preparer_archive.delay(archive.pk))
    return archive


def _nom_piece(dossier, piece) -> str:
    """« AMI2-SPIE-2021-0001/pieces/Lettre_dengagement_de_Pôle_emploi_-_lettre.pdf »."""
    return f"{dossier.numero}/pieces/{get_valid_filename(f'{piece.get_nature_display()} - {piece.nom}')}"


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
        lignes.append(f"- {piece.get_nature_display()} — {piece.nom} : {etat}")
    lignes += ["", "Une archive demandée après la fin de l’analyse les contiendra."]
    return "\n".join(lignes) + "\n"


def preparer(archive_pk: int) -> None:
    archive = Archive.objects.select_related("demandeur").get(pk=archive_pk)
    if archive.etat != EtatArchive.EN_ATTENTE:
        return  # a task delivered twice: one preparation
    selection = Selection(archive.demandeur, archive.filtres)
    ids = selection.identifiants
    Archive.objects.filter(pk=archive.pk).update(etat=EtatArchive.EN_COURS, total=len(ids))
    relatif = f"exports/archive-{archive.pk}-{timezone.now():%Y%m%d-%H%M%S}.zip"
    chemin = os.path.join(settings.PRIVATE_MEDIA_ROOT, relatif)
    os.makedirs(os.path.dirname(chemin), exist_ok=True)
    try:
        with zipfile.ZipFile(chemin, "w", compression=zipfile.ZIP_DEFLATED) as zip_:
            for n, pk in enumerate(ids, 1):
                dossier = Dossier.objects.select_related("appel", "organisation").get(pk=pk)
                zip_.writestr(
                    f"{dossier.numero}/{dossier.numero}.pdf", pdf_dossier(dossier, archive.demandeur)
                )
                ecartees = []
                for piece in Piece.objects.filter(dossier=dossier):
                    if not piece.telechargeable:  # not declared clean by the antivirus: left out, said
                        ecartees.append(piece)
                        continue
                    try:
                        zip_.write(piece.fichier.path, _nom_piece(dossier, piece))
                    except FileNotFoundError:
                        journal.warning("Pièce %s absente du disque : archive %s", piece.pk, archive.pk)
                if ecartees:
                    zip_.writestr(f"{dossier.numero}/pieces/{ECARTEES}", _ecartees(ecartees))
                if n % PAS == 0 or n == len(ids):
                    Archive.objects.filter(pk=archive.pk).update(faits=n)
    except Exception as erreur:
        journal.exception("Archive %s en échec", archive.pk)
        Archive.objects.filter(pk=archive.pk).update(etat=EtatArchive.ECHEC, erreur=str(erreur)[:500])
        if os.path.exists(chemin):
            os.remove(chemin)
        raise
    fin = timezone.now()
    Archive.objects.filter(pk=archive.pk).update(
        etat=EtatArchive.PRETE,
        fichier=relatif,
        taille=os.path.getsize(chemin),
        faits=F("total"),
        termine_le=fin,
        expire_le=fin + datetime.timedelta(days=settings.EXPORTS_CONSERVATION_JOURS),
    )
    archive.refresh_from_db()
    _prevenir(archive)


def _prevenir(archive: Archive) -> None:
    lien = settings.PORTAIL_URL + reverse("exports:archive_telecharger", args=[archive.pk])
    texte = render_to_string(
        "exports/courriels/archive_prete.txt",
        {"archive": archive, "lien": lien, "page": settings.PORTAIL_URL + reverse("exports:exports")},
    )
    dossiers = f"{archive.total} dossier{'s' if archive.total > 1 else ''}"
    envoyer_courriel.delay(f"Votre archive de {dossiers} est prête", texte, [archive.demandeur.email])


def purger(maintenant=None) -> int:
    """Delete the archives whose retention delay is over (the file; the row stays, marked expired)."""
    maintenant = maintenant or timezone.now()
    n = 0
    for archive in Archive.objects.filter(etat=EtatArchive.PRETE, expire_le__lte=maintenant):
        archive.fichier.delete(save=False)
        Archive.objects.filter(pk=archive.pk).update(etat=EtatArchive.EXPIREE, fichier="")
        n += 1
    return n
