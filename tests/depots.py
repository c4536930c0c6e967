"""Dossiers deposited through the real dépôt (and instructed through the real cycle), for the tests
that need a dossier as a candidat leaves it: complete, numbered, its amounts frozen, its pièces on disk
(``PRIVATE_MEDIA_ROOT``: the ``appel_ouvert`` fixture puts it in ``tmp_path``)."""

import datetime

from django.utils import timezone

from candidatures import cycle
from candidatures.depot import deposer
from candidatures.models import Dossier
from demo.exemples import dossier_complet
from instruction import avis
from instruction.models import Evaluation, Note, SensAvis, note_ponderee
from tests.factories import DossierFactory


def deposer_dossier(user, **kwargs):
    """A complete dossier of ``user``'s porteur, deposited by ``user`` (kwargs: ``dossier_complet``'s
    ``membres``, ``lignes``)."""
    dossier = DossierFactory(organisation=user.organisation, cree_par=user, modifie_par=user)
    dossier_complet(dossier, user=user, **kwargs)
    resultat = deposer(dossier.pk, user)
    assert resultat.depose and resultat.nouveau, resultat.motif
    return resultat.dossier


def instruire(dossier, instructeurs, agent, notes=(4, 3), recevable=True):
    """``dossier`` taken in instruction, scored by each of ``instructeurs`` (every criterion at the
    matching value of ``notes``), an avis requested from ``agent``'s service and given, then declared
    recevable (one rule judged apart from the automated check, motivated). The dossier, read again."""
    premier = instructeurs[0]
    cycle.appliquer(dossier, cycle.Action.PRENDRE, premier)
    criteres = list(dossier.appel.criteres.all())
    for instructeur, valeur in zip(instructeurs, notes, strict=False):
        valeurs = {critere.pk: min(valeur, critere.note_max) for critere in criteres}
        evaluation = Evaluation.objects.create(
            dossier=dossier,
            instructeur=instructeur,
            commentaire=f"Consortium large, budget cohérent ({valeur} sur chaque critère).",
            note_sur_20=note_ponderee(valeurs, criteres),
        )
        Note.objects.bulk_create(
            Note(evaluation=evaluation, critere_id=pk, valeur=v) for pk, v in valeurs.items()
        )
        cycle.consigner(dossier, cycle.Action.NOTER, instructeur)
    limite = timezone.localdate() + datetime.timedelta(days=15)
    avis.demander(
        dossier, premier, [agent.service_territorial], limite, "Merci de votre avis sous quinze jours."
    )
    avis.donner(
        dossier, agent, SensAvis.RESERVES, "Projet solide ; la place des associations reste à préciser."
    )
    if recevable:
        regles = {
            "R13": {
                "constat": "conforme",
                "motif": "Cofinancement confirmé par la délibération du 1er juillet.",
            }
        }
        cycle.appliquer(
            dossier,
            cycle.Action.DECLARER_RECEVABLE,
            premier,
            "Dossier complet et conforme.",
            {"regles": regles},
        )
    return Dossier.objects.select_related("appel", "organisation", "depose_par").get(pk=dossier.pk)
