"""The outbox (``courriels``): a mail is a row written with the transaction that decides it, sent once
after the commit, tried again with a growing delay when the mail server fails, « en échec » after
``ESSAIS_MAX`` tries, shown to the administrateurs with its error and « Renvoyer »."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from courriels import envoi
from courriels.models import Courriel, EtatCourriel
from courriels.tasks import envoyer_courriels_dus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EN_PANNE = "tests.courriels.smtp_en_panne.ServeurEnPanne"


def _envoyer(capture, sujet="Votre dossier est déposé", destinataires=("porteur@exemple.fr",)):
    with capture(execute=True):
        courriel = envoi.envoyer(sujet, "Bonjour,\n\nLe texte.", list(destinataires))
    courriel.refresh_from_db()
    return courriel


def _echeance_passee(courriel):
    Courriel.objects.filter(pk=courriel.pk).update(
        prochain_essai=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_sans_redis_le_courriel_part_aussitot_apres_la_validation(django_capture_on_commit_callbacks):
    courriel = _envoyer(django_capture_on_commit_callbacks)
    assert (courriel.etat, courriel.essais, courriel.erreur) == (EtatCourriel.ENVOYE, 1, "")
    assert courriel.envoye_le is not None
    (message,) = mail.outbox
    assert (message.subject, message.to, message.body) == (
        "Votre dossier est déposé",
        ["porteur@exemple.fr"],
        "Bonjour,\n\nLe texte.",
    )


def test_un_courriel_d_une_transaction_annulee_n_est_ni_garde_ni_envoye(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        envoi.envoyer("Annulé", "texte", ["porteur@exemple.fr"])
        raise RuntimeError("la modification est annulée")
    assert not Courriel.objects.exists()
    assert mail.outbox == []


def test_erreur_smtp_reessaye_avec_un_delai_croissant_puis_en_echec(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = EN_PANNE
    avant = timezone.now()
    courriel = _envoyer(django_capture_on_commit_callbacks)
    assert (courriel.etat, courriel.essais) == (EtatCourriel.A_ENVOYER, 1)
    assert courriel.erreur == "SMTPConnectError : (421, 'Service de messagerie indisponible')"
    assert courriel.prochain_essai - avant >= datetime.timedelta(minutes=1)

    assert envoyer_courriels_dus() == 0  # not due yet: nothing tried
    assert Courriel.objects.get(pk=courriel.pk).essais == 1

    attentes = []
    for essai in range(2, envoi.ESSAIS_MAX + 1):
        _echeance_passee(courriel)
        debut = timezone.now()
        assert envoyer_courriels_dus() == 0
        courriel.refresh_from_db()
        assert courriel.essais == essai
        attentes.append(round((courriel.prochain_essai - debut).total_seconds() / 60))
    assert attentes == [2**n for n in range(1, envoi.ESSAIS_MAX)]  # 2, 4, 8… minutes
    assert courriel.etat == EtatCourriel.ECHEC

    # Given up: the sweep leaves it, the server back or not, for an administrateur to « Renvoyer ».
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _echeance_passee(courriel)
    assert envoyer_courriels_dus() == 0
    assert mail.outbox == []


def test_un_courriel_n_est_jamais_envoye_deux_fois(django_capture_on_commit_callbacks):
    courriel = _envoyer(django_capture_on_commit_callbacks)
    assert envoi.expedier(courriel.pk) is False  # a task delivered twice
    _echeance_passee(courriel)
    assert envoyer_courriels_dus() == 0  # the sweep after the task
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_un_courriel_en_cours_d_envoi_est_saute_par_un_autre_worker():
    """The task and the sweep at once: the row locked by one is skipped by the other (SKIP LOCKED)."""
    if connection.vendor != "postgresql":
        pytest.skip("SELECT … FOR UPDATE SKIP LOCKED : PostgreSQL ; SQLite sérialise toute écriture")
    courriel = Courriel.objects.create(sujet="Concurrence", texte="texte", destinataires=["a@exemple.fr"])
    verrouille, liberer = threading.Event(), threading.Event()

    def premier_worker():
        with transaction.atomic():
            Courriel.objects.select_for_update().get(pk=courriel.pk)
            verrouille.set()
            liberer.wait(10)
        connection.close()

    fil = threading.Thread(target=premier_worker)
    fil.start()
    assert verrouille.wait(10)
    try:
        assert envoi.expedier(courriel.pk) is False
        assert envoyer_courriels_dus() == 0
        assert mail.outbox == []
    finally:
        liberer.set()
        fil.join(10)
    assert envoi.expedier(courriel.pk) is True
    assert envoi.expedier(courriel.pk) is False
    assert len(mail.outbox) == 1


def test_les_courriels_en_souffrance_sont_visibles_par_l_administrateur_et_renvoyes(
    client, settings, administrateur, django_capture_on_commit_callbacks
):
    envoye = _envoyer(django_capture_on_commit_callbacks, sujet="Parti sans encombre")
    settings.EMAIL_BACKEND = EN_PANNE
    en_attente = _envoyer(django_capture_on_commit_callbacks, sujet="Votre dossier AMI2-SPIE-2021-0007")
    en_echec = _envoyer(
        django_capture_on_commit_callbacks, sujet="Invitation", destinataires=["x@exemple.fr"]
    )
    Courriel.objects.filter(pk=en_echec.pk).update(etat=EtatCourriel.ECHEC, essais=envoi.ESSAIS_MAX)

    client.force_login(administrateur)
    page = client.get(reverse("courriels:file"))
    assert page.status_code == 200
    contenu = page.content.decode()
    assert "Courriels en attente" in contenu
    assert envoye.sujet not in contenu
    ligne = contenu.split(f'id="courriel-{en_attente.pk}"')[1].split("</tr>")[0]
    assert "À envoyer" in ligne and "porteur@exemple.fr" in ligne
    assert "SMTPConnectError : (421, &#x27;Service de messagerie indisponible&#x27;)" in ligne
    prochain = timezone.localtime(en_attente.prochain_essai).strftime("%d/%m/%Y à %H:%M")
    assert f"1 essai ; prochain essai le {prochain}" in ligne and "Renvoyer" in ligne
    ligne = contenu.split(f'id="courriel-{en_echec.pk}"')[1].split("</tr>")[0]
    assert "En échec" in ligne and f"{envoi.ESSAIS_MAX} essais ; aucun nouvel essai automatique" in ligne
    assert "Courriels envoyés ces dernières 24 heures : 1." in contenu

    # The server back, « Renvoyer » sends it at once (one more try).
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    reponse = client.post(reverse("courriels:renvoyer", args=[en_echec.pk]), follow=True)
    assert "Le courriel « Invitation » est renvoyé." in reponse.content.decode()
    assert [m.to for m in mail.outbox] == [["x@exemple.fr"]]
    assert Courriel.objects.get(pk=en_echec.pk).etat == EtatCourriel.ENVOYE
    assert client.post(reverse("courriels:renvoyer", args=[en_echec.pk])).status_code == 404  # sent: gone
    assert client.get(reverse("courriels:renvoyer", args=[en_attente.pk])).status_code == 405


def test_la_file_d_envoi_est_reservee_aux_administrateurs(client, instructeur):
    client.force_login(instructeur)
    assert client.get(reverse("courriels:file")).status_code == 403
    courriel = Courriel.objects.create(sujet="s", texte="t", destinataires=["a@exemple.fr"])
    assert client.post(reverse("courriels:renvoyer", args=[courriel.pk])).status_code == 403
    client.force_login(UserFactory())
    assert client.get(reverse("courriels:file")).status_code == 403


def test_un_courriel_envoye_depuis_longtemps_est_supprime():
    ancien = Courriel.objects.create(
        sujet="s",
        texte="t",
        destinataires=["a@exemple.fr"],
        etat=EtatCourriel.ENVOYE,
        envoye_le=timezone.now() - envoi.CONSERVATION - datetime.timedelta(hours=1),
    )
    recent = Courriel.objects.create(
        sujet="s",
        texte="t",
        destinataires=["a@exemple.fr"],
        etat=EtatCourriel.ENVOYE,
        envoye_le=timezone.now(),
    )
    envoyer_courriels_dus()
    assert list(Courriel.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Courriel.objects.filter(pk=ancien.pk).exists()
