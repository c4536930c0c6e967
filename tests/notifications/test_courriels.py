"""Every mail leads straight to the page concerned: its absolute link (``PORTAIL_URL``) opens, for each
of its recipients, a page of the portal he may read (200) — the dossier's section for compléments, the
fiche's « Avis » tab for an avis request, « Mon équipe » for a request to join, the dossier for a
decision. The mails are those the services write to the outbox, and the templates rendered directly for
the events the views send."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import resolve
from django.utils import timezone

from ami.models import Appel
from candidatures import complements, cycle
from candidatures.models import Dossier, Section
from comptes import equipe
from comptes.models import User
from courriels.models import Courriel
from instruction import avis
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RACINE = Path(settings.BASE_DIR)
# A link in a mail template: the tag, a link given by the caller, the portal's address before a path.
UN_LIEN = re.compile(r"lien_absolu|\{\{ *(lien|portail|connexion|lien_oubli|page)\b|\{% url ")
LIEN = re.compile(re.escape(settings.PORTAIL_URL) + r"(/\S*)")


def chemins(texte: str) -> list[str]:
    liens = LIEN.findall(texte)
    assert liens, f"Aucun lien vers le portail dans :\n{texte}"
    return liens


def s_ouvre_pour(client, texte: str, destinataires) -> list[str]:
    """Each link of ``texte`` answers 200 to each of ``destinataires`` (users), logged in."""
    liens = chemins(texte)
    for destinataire in destinataires:
        client.force_login(destinataire)
        for chemin in liens:
            assert client.get(chemin).status_code == 200, (destinataire.email, chemin)
    return liens


def courriel(sujet: str) -> Courriel:
    (trouve,) = [c for c in Courriel.objects.order_by("pk") if sujet in c.sujet]
    return trouve


def destinataires(c: Courriel):
    comptes = list(User.objects.filter(email__in=c.destinataires))
    assert len(comptes) == len(c.destinataires)
    return comptes


def test_le_depot(client, depose):
    c = courriel("déposé")
    (lien,) = s_ouvre_pour(client, c.texte, destinataires(c))
    assert resolve(lien).url_name == "apercu"


def test_la_demande_d_avis_et_sa_relance(client, depose, instructeur, agent_nord, agent_ailleurs):
    date = timezone.localdate() + datetime.timedelta(days=2)
    avis.demander(depose, instructeur, [agent_nord.service_territorial], date)
    c = courriel("Avis demandé")
    assert c.destinataires == [agent_nord.email]
    (lien,) = s_ouvre_pour(client, c.texte, [agent_nord])
    assert lien.endswith("?onglet=avis") and resolve(lien.split("?")[0]).url_name == "dossier"
    client.force_login(agent_ailleurs)  # another territory's agent cannot open it
    assert client.get(lien).status_code == 404
    assert avis.relancer() == 1
    c = courriel("Rappel : avis attendu")
    assert s_ouvre_pour(client, c.texte, [agent_nord]) == [lien]
    # The reminder rings the bell too, with the same link; nobody else is told.
    rappel = Notification.objects.get(titre__startswith="Rappel : avis attendu")
    assert (rappel.destinataire, rappel.lien, rappel.dossier) == (agent_nord, lien, depose)


def test_les_complements_demandes_puis_transmis(client, depose, instructeur, candidat, collegue):
    cycle.effectuer(depose, cycle.Action.PRENDRE, instructeur)
    date = timezone.localdate() + datetime.timedelta(days=10)
    with transaction.atomic():
        dossier = Dossier.objects.verrouiller(depose.pk)
        complements.demander(dossier, instructeur, [Section.TERRITOIRE], date, "Précisez le territoire.")
    c = courriel("compléments demandés")
    (lien,) = s_ouvre_pour(client, c.texte, destinataires(c))
    assert resolve(lien).kwargs == {"pk": dossier.pk, "section": Section.TERRITOIRE}
    assert {candidat.email, collegue.email} == set(c.destinataires)

    assert complements.transmettre(dossier.pk, candidat).transmis
    c = courriel("compléments transmis")
    assert c.destinataires == [instructeur.email]
    (lien,) = s_ouvre_pour(client, c.texte, [instructeur])
    assert resolve(lien).url_name == "dossier"


@pytest.mark.parametrize(
    ("gabarit", "actions"),
    [
        ("instruction/courriels/recevabilite.txt", [cycle.Action.DECLARER_RECEVABLE]),
        (
            "instruction/courriels/decision.txt",
            [cycle.Action.DECLARER_RECEVABLE, cycle.Action.PROPOSER, cycle.Action.DECIDER_LAUREAT],
        ),
    ],
)
def test_les_decisions(client, depose, instructeur, candidat, collegue, gabarit, actions):
    cycle.effectuer(depose, cycle.Action.PRENDRE, instructeur)
    for action in actions:
        transition = cycle.effectuer(depose, action, instructeur, "Motivation.")
    texte = render_to_string(gabarit, {"dossier": depose, "transition": transition})
    (lien,) = s_ouvre_pour(client, texte, [candidat, collegue])
    assert resolve(lien).url_name == "apercu"


@pytest.mark.parametrize("gabarit", ["retrait", "reouverture"])
def test_le_retrait_et_la_reouverture(client, depose, candidat, gabarit):
    transition = depose.transitions.get(action=cycle.Action.DEPOSER)
    texte = render_to_string(
        f"candidatures/courriels/{gabarit}.txt",
        {"dossier": depose, "transition": transition, "appel": Appel.objects.courant()},
    )
    (lien,) = s_ouvre_pour(client, texte, [candidat])
    assert resolve(lien).url_name == "apercu"


def test_la_demande_pour_rejoindre_l_equipe(client, candidat, collegue):
    demandeur = UserFactory(organisation=None, first_name="Sam", last_name="Nouveau")
    equipe.demander_adhesion(demandeur, candidat.organisation)
    for membre in (candidat, collegue):
        (c,) = [c for c in Courriel.objects.all() if c.destinataires == [membre.email]]
        (lien,) = s_ouvre_pour(client, c.texte, [membre])
        assert resolve(lien).url_name == "equipe"


def test_chaque_courriel_a_un_lien_vers_le_portail():
    """Every mail template of every app links to a page (a template added without one fails here; the
    mail of a refused pièce had none)."""
    gabarits = [
        gabarit
        for gabarit in sorted(RACINE.glob("*/templates/*/courriels/*.txt"))
        if not gabarit.name.endswith("_sujet.txt")
    ]
    assert {g.parts[-5] for g in gabarits} >= {
        "candidatures",
        "instruction",
        "comptes",
        "exports",
        "messagerie",
    }
    sans_lien = [str(g.relative_to(RACINE)) for g in gabarits if not UN_LIEN.search(g.read_text())]
    assert sans_lien == []
