"""Enrolling the second factor (issue 15 item 5, ``comptes.deux_facteurs``): mandatory at an instructeur's
first login, the QR code and the key printed, the recovery codes shown once."""

import re

import pytest
import segno
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from comptes import deux_facteurs
from comptes.models import TypeEvenement
from tests.browser.outils import code_totp
from tests.comptes.outils import (
    ACTIVER,
    CODE,
    CODES,
    cle_de_la_page,
    codes_de_la_page,
    connexion,
    evenements,
)
from tests.comptes_gestion.outils import page as contenu

pytestmark = pytest.mark.django_db


# Enrolment ---------------------------------------------------------------------------------------------


def test_enrolement_obligatoire_a_la_premiere_connexion(client, nouvel_instructeur):
    suite = reverse("exports:exports")
    reponse = connexion(client, nouvel_instructeur.email, suite=suite)
    assert reponse["Location"] == ACTIVER
    assert "_auth_user_id" not in client.session
    assert client.get(CODE)["Location"] == ACTIVER  # nothing to check a code against yet

    page = client.get(ACTIVER)
    assert page.status_code == 200
    html = contenu(page)
    assert "<h1>Activer la double authentification</h1>" in html
    assert re.search(r'<svg role="img" aria-labelledby="qr-code-titre" class="ami-qr-code"', html)
    assert re.search(r'<path fill="#000" d="(M\d+ \d+h\d+v1h-\d+z)+"/></svg>', html)
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    appareil = TOTPDevice.objects.get(user=nouvel_instructeur)
    assert not appareil.confirmed
    cle = cle_de_la_page(page)
    assert cle == appareil.key  # the printed key is the device's
    assert cle_de_la_page(client.get(ACTIVER)) == cle  # reloading keeps the same key

    # A wrong code: a French message next to the field, nothing enrolled.
    reponse = client.post(ACTIVER, {"code": "12345"})
    assert reponse.status_code == 422
    assert "Code incorrect. Saisissez les 6 chiffres affichés en ce moment" in contenu(reponse)
    assert cle_de_la_page(reponse) == cle
    TOTPDevice.objects.filter(pk=appareil.pk).update(
        throttling_failure_timestamp=None, throttling_failure_count=0
    )

    reponse = client.post(ACTIVER, {"code": code_totp(cle=cle)})
    assert reponse["Location"] == CODES
    assert client.session["_auth_user_id"] == str(nouvel_instructeur.pk)
    appareil.refresh_from_db()
    assert appareil.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == appareil.persistent_id
    [active] = evenements(TypeEvenement.DEUX_FACTEURS_ACTIVE)
    assert active.compte == nouvel_instructeur and "10 codes de secours" in active.objet

    # The recovery codes, once.
    page = client.get(CODES)
    codes = codes_de_la_page(page)
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=nouvel_instructeur).values_list("token", flat=True)
    )
    assert "Conservez ces codes maintenant : ils ne seront plus affichés" in contenu(page)
    assert f'href="{suite}">J’ai conservé mes codes, continuer' in contenu(page)
    encore = client.get(CODES)
    assert codes_de_la_page(encore) == []
    assert "ceux-ci ont déjà été affichés" in contenu(encore)


def test_un_compte_enrole_ne_peut_pas_changer_de_cle_sans_code(client, instructeur):
    connexion(client, instructeur.email)
    assert client.get(ACTIVER)["Location"] == CODE
    assert client.post(ACTIVER, {"code": "123456"})["Location"] == CODE
    assert TOTPDevice.objects.filter(user=instructeur).count() == 1


def test_la_cle_perdue_par_la_session_est_remplacee(client, nouvel_instructeur):
    connexion(client, nouvel_instructeur.email)
    client.get(ACTIVER)
    session = client.session
    del session["_deux_facteurs_enrolement"]
    session.save()
    reponse = client.post(ACTIVER, {"code": "123456"})
    assert reponse.status_code == 422
    assert "La clé a changé depuis l’affichage de la page" in contenu(reponse)
    assert TOTPDevice.objects.filter(user=nouvel_instructeur).count() == 1  # the earlier one dropped


def test_le_qr_code_dessine_la_cle(nouvel_instructeur):
    """The SVG path draws exactly the dark modules of the QR code of the key's ``otpauth://`` URL."""
    appareil = deux_facteurs.nouvelle_application(nouvel_instructeur)
    assert appareil.config_url.startswith("otpauth://totp/AMI%20SPIE%3Aalex%40exemple.fr?secret=")
    assert "issuer=AMI%20SPIE" in appareil.config_url
    qr = deux_facteurs.qr_code(appareil)
    dessinees = set()
    for x, y, n in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", qr.chemin):
        dessinees |= {(int(x) + i, int(y)) for i in range(int(n))}
    matrice = list(segno.make(appareil.config_url, error="m").matrix_iter(border=4))
    assert qr.taille == len(matrice)
    sombres = {(x, y) for y, ligne in enumerate(matrice) for x, sombre in enumerate(ligne) if sombre}
    assert dessinees == sombres
