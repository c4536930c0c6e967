"""Issue 15 — hostile input on the new pages of the accounts (sign-up, confirmation, the team, the
invitation's page, « Mon compte », the security journal): a NUL, control characters, 1 MB in a field, a
non-numeric SIRET, a 300-character address, a 10 KB link token, an invalid uidb64 — never a 500, a French
error next to the field; a hostile User-Agent, organisation name and refusal reason shown escaped (HTML) and
unescaped (plain-text mails); formulas in a name neutralised in the CSV of the security journal."""

import pytest
from django.test import Client
from django.urls import reverse

from comptes import equipe
from comptes.models import EvenementSecurite, InvitationEquipe, Organisation, TypeEvenement, User
from comptes.securite import consigner
from tests.comptes.outils import un_courriel_a
from tests.factories import UserFactory, siret_valide

pytestmark = pytest.mark.django_db

MOT_DE_PASSE = "Insertion-et-emploi-2021"
UN_MEGA = "A" * 1_000_000
XSS = '"><script>alert(1)</script><img src=x onerror=alert(1)>'
FORMULES = ('=HYPERLINK("http://pirate.example","clic")', "+1+1", "-2+3", "@SUM(A1)")


def connecte(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def inscription(**champs) -> dict:
    donnees = {
        "email": "lou@exemple.fr",
        "first_name": "Lou",
        "last_name": "Bernard",
        "password1": MOT_DE_PASSE,
        "password2": MOT_DE_PASSE,
        "siret": siret_valide(7),
        "nom_organisation": "Conseil départemental du Nord",
        "type_organisation": "conseil_departemental",
        "departement": "59",
    }
    donnees.update(champs)
    return donnees


def sans_nul(lignes) -> bool:
    """No NUL stored (core.saisie drops it before any field sees it)."""
    return all("\x00" not in valeur for ligne in lignes for valeur in ligne)


def sans_500_et_en_francais(reponse, *mots):
    assert reponse.status_code in (200, 302, 400, 404, 422), reponse.status_code
    texte = reponse.content.decode()
    assert "Server Error" not in texte and "Traceback" not in texte
    for mot in mots:
        assert mot in texte, mot
    return texte


# ----- « Créer un compte » ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "champ", ["email", "first_name", "last_name", "password1", "siret", "nom_organisation"]
)
def test_inscription_un_nul_dans_chaque_champ(client, champ):
    reponse = client.post(reverse("comptes:inscription"), inscription(**{champ: "Lo\x00u"}))
    texte = sans_500_et_en_francais(reponse)
    # A NUL is dropped before any field sees it (core.saisie): saved without it, or refused for another
    # reason with the error next to the field; never stored, never a 500.
    assert reponse.status_code == 302 or "fr-message--error" in texte
    assert sans_nul(User.objects.values_list("email", "first_name", "last_name"))
    assert sans_nul(Organisation.objects.values_list("nom", "siret"))


@pytest.mark.parametrize("champ", ["first_name", "last_name", "nom_organisation", "siret"])
def test_inscription_un_mega_dans_un_champ(client, champ):
    reponse = client.post(reverse("comptes:inscription"), inscription(**{champ: UN_MEGA}))
    texte = sans_500_et_en_francais(reponse)
    assert reponse.status_code in (200, 422) and "fr-message--error" in texte
    assert "au plus" in texte  # « 150 caractères au plus : ce texte en compte 1 000 000. »


def test_inscription_siret_non_numerique_et_adresse_de_300_caracteres(client):
    texte = sans_500_et_en_francais(
        client.post(
            reverse("comptes:inscription"),
            inscription(siret="ABCDEFGHIJKLMN", email="a" * 290 + "@exemple.fr"),
        )
    )
    assert texte.count("fr-message--error") >= 2


def test_inscription_caracteres_de_controle(client):
    reponse = client.post(
        reverse("comptes:inscription"),
        inscription(first_name="Lou\x1b[31m\x07", nom_organisation="CD\x08 du Nord\u202e"),
    )
    sans_500_et_en_francais(reponse)


@pytest.mark.parametrize(
    "uidb64,token",
    [("!!", "x"), ("AAAA", "a" * 10_000), ("MTIzNDU2Nzg5MDEyMzQ1Njc4OTA", "abc-def"), ("%00", "%00")],
)
def test_lien_de_confirmation_invalide(client, uidb64, token):
    for nom in ("comptes:confirmer_adresse", "comptes:confirmer_nouvelle_adresse"):
        reponse = client.get(reverse(nom, args=[uidb64, token]))
        assert reponse.status_code in (200, 302, 404), (nom, reponse.status_code)
        if reponse.status_code == 200:
            sans_500_et_en_francais(reponse)


def test_nouveau_lien_un_nul_et_un_mega(client):
    url = reverse("comptes:inscription_nouveau_lien")
    # The NUL dropped, the address is valid: the same answer as for any address.
    assert client.post(url, {"email": "lou\x00@exemple.fr"}).status_code in (200, 302)
    for valeur in (UN_MEGA + "@exemple.fr", "a" * 300 + "@exemple.fr"):
        texte = sans_500_et_en_francais(client.post(url, {"email": valeur}))
        assert "fr-message--error" in texte


# ----- Connexion, mot de passe oublié -----------------------------------------------------------


def test_connexion_et_mot_de_passe_oublie_avec_un_nul(client):
    reponse = client.post(reverse("comptes:connexion"), {"username": "a\x00@b.fr", "password": "x\x00"})
    sans_500_et_en_francais(reponse)
    reponse = client.post(reverse("comptes:mot_de_passe_oublie"), {"email": "a\x00@b.fr"})
    assert reponse.status_code in (200, 302)
    reponse = client.post(reverse("comptes:mot_de_passe_oublie"), {"email": "a" * 300 + "@b.fr"})
    assert reponse.status_code in (200, 302)


# ----- « Mon compte » ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "champ,valeur",
    [
        ("first_name", "Ca\x00mille"),
        ("last_name", "Mar\x00tin"),
        ("telephone", "01\x0023456789"),
        ("first_name", UN_MEGA),
        ("telephone", UN_MEGA),
        ("telephone", "<script>alert(1)</script>"),
    ],
)
def test_profil_saisies_hostiles(candidat, champ, valeur):
    client = connecte(candidat)
    donnees = {"first_name": "Camille", "last_name": "Martin", "telephone": ""} | {champ: valeur}
    reponse = client.post(reverse("comptes:mon_compte"), donnees)
    texte = sans_500_et_en_francais(reponse)
    candidat.refresh_from_db()
    if "\x00" in valeur:  # dropped, the rest saved
        assert reponse.status_code == 302
        assert sans_nul([(candidat.first_name, candidat.last_name, candidat.telephone)])
        return
    assert reponse.status_code in (200, 422) and "fr-message--error" in texte
    assert (candidat.first_name, candidat.last_name, candidat.telephone) == ("Camille", "Martin", "")


@pytest.mark.parametrize(
    "valeur", ["lou\x00@exemple.fr", "a" * 300 + "@exemple.fr", UN_MEGA, "<svg onload=alert(1)>@x.fr"]
)
def test_changer_d_adresse_saisies_hostiles(candidat, valeur):
    candidat.set_password(MOT_DE_PASSE)
    candidat.save()
    client = connecte(candidat)
    reponse = client.post(reverse("comptes:changer_adresse"), {"email": valeur, "mot_de_passe": MOT_DE_PASSE})
    texte = sans_500_et_en_francais(reponse)
    if "\x00" in valeur:  # dropped: a valid address, the link sent to it
        assert reponse.status_code == 302
        return
    assert reponse.status_code in (200, 422) and "fr-message--error" in texte


def test_modifier_le_mot_de_passe_avec_un_nul_et_un_mega(candidat):
    candidat.set_password(MOT_DE_PASSE)
    candidat.save()
    client = connecte(candidat)
    for nouveau in ("Un-mot\x00-de-passe-long", UN_MEGA[:500_000]):
        reponse = client.post(
            reverse("comptes:modifier_mot_de_passe"),
            {"old_password": MOT_DE_PASSE, "new_password1": nouveau, "new_password2": nouveau},
        )
        texte = sans_500_et_en_francais(reponse)
        assert "fr-message--error" in texte or reponse.status_code == 302


def test_un_user_agent_hostile_dans_mes_sessions(candidat):
    """The User-Agent comes from the client: shown as a browser's name, never as HTML."""
    hostile = Client(HTTP_USER_AGENT=XSS + " Firefox/120 " + "\x00" + "B" * 10_000)
    candidat.set_password(MOT_DE_PASSE)
    candidat.save()
    reponse = hostile.post(
        reverse("comptes:connexion"), {"username": candidat.email, "password": MOT_DE_PASSE}
    )
    assert reponse.status_code == 302
    texte = connecte(candidat).get(reverse("comptes:mon_compte")).content.decode()
    assert "<script>alert(1)" not in texte and "<img src=x" not in texte
    assert "Firefox" in texte


# ----- « Mon équipe » ---------------------------------------------------------------------------


@pytest.fixture
def demande(candidat):
    organisation = candidat.organisation
    organisation.nom = "CD " + XSS
    organisation.save()
    demandeur = UserFactory(organisation=None, first_name="Sam" + XSS, last_name="=HYPERLINK(1)")
    return equipe.demander_adhesion(demandeur, organisation)


def test_organisation_et_demandeur_hostiles_dans_la_page_et_le_courriel(candidat, demande):
    courriel = un_courriel_a(candidat.email)
    assert XSS in courriel.texte and "&lt;" not in courriel.texte  # plain text: no HTML escaping
    texte = connecte(candidat).get(reverse("comptes:equipe")).content.decode()
    assert "<script>alert(1)" not in texte and "&lt;script&gt;alert(1)&lt;/script&gt;" in texte


@pytest.mark.parametrize("motif", [XSS, "Mo\x00tif", UN_MEGA, "a" * 1001])
def test_motif_de_refus_hostile(candidat, demande, motif):
    client = connecte(candidat)
    prefixe = f"demande-{demande.pk}"
    reponse = client.post(
        reverse("comptes:equipe_repondre", args=[demande.pk]),
        {f"{prefixe}-decision": "refuser", f"{prefixe}-motif": motif},
    )
    assert reponse.status_code in (302, 422)
    demande.refresh_from_db()
    if motif == "Mo\x00tif":  # dropped: « Motif » sent
        assert (reponse.status_code, demande.motif) == (302, "Motif")
    elif motif == XSS:
        assert reponse.status_code == 302
        courriel = un_courriel_a(demande.demandeur.email)
        assert XSS in courriel.texte and "&lt;" not in courriel.texte
        texte = connecte(demande.demandeur).get(reverse("comptes:equipe")).content.decode()
        assert "<script>alert(1)" not in texte
    else:
        texte = sans_500_et_en_francais(reponse)
        assert reponse.status_code in (200, 422) and "fr-message--error" in texte
        assert demande.etat == "en_attente"
        assert motif in texte  # nothing typed lost: the motif is back in its field, with the error


def test_demande_d_adhesion_siret_hostile(candidat):
    sans = UserFactory(organisation=None)
    client = connecte(sans)
    for siret in ("ABCDEFGHIJKLMN", "1\x00" * 7, UN_MEGA, XSS):
        texte = sans_500_et_en_francais(client.post(reverse("comptes:equipe_demander"), {"siret": siret}))
        assert "fr-message--error" in texte and "<script>alert(1)" not in texte


def test_inviter_un_collegue_adresse_hostile(candidat):
    client = connecte(candidat)
    # The NUL dropped: a valid address, invited.
    assert client.post(reverse("comptes:equipe_inviter"), {"email": "a\x00@b.fr"}).status_code == 302
    assert InvitationEquipe.objects.get().email == "a@b.fr"
    for adresse in ("a" * 300 + "@b.fr", UN_MEGA, XSS):
        texte = sans_500_et_en_francais(client.post(reverse("comptes:equipe_inviter"), {"email": adresse}))
        assert "fr-message--error" in texte and "<script>alert(1)" not in texte


@pytest.mark.parametrize("jeton", ["a" * 10_000, "%00", "<script>", "..%2F..%2Fetc"])
def test_la_page_du_lien_d_invitation_avec_un_jeton_hostile(client, jeton):
    url = reverse("comptes:invitation_equipe", args=["x"]).replace("/x/", f"/{jeton}/")
    for reponse in (client.get(url), client.post(url, {"first_name": "a", "last_name": "b"})):
        assert reponse.status_code in (200, 404), reponse.status_code
        assert "<script>" not in reponse.content.decode()


def test_la_page_du_lien_d_invitation_saisies_hostiles(candidat):
    client = connecte(candidat)
    client.post(reverse("comptes:equipe_inviter"), {"email": "lou@exemple.fr"})
    from tests.comptes.outils import lien_d_invitation

    lien = lien_d_invitation(un_courriel_a("lou@exemple.fr").texte)
    invite = Client()
    donnees = {"password1": MOT_DE_PASSE, "password2": MOT_DE_PASSE}
    texte = sans_500_et_en_francais(invite.post(lien, donnees | {"first_name": UN_MEGA, "last_name": "B"}))
    assert "fr-message--error" in texte
    # The NULs dropped: the account of « Lou B » created.
    reponse = invite.post(lien, donnees | {"first_name": "Lou\x00", "last_name": "B\x00"})
    assert reponse.status_code == 302
    assert User.objects.filter(email="lou@exemple.fr", first_name="Lou", last_name="B").exists()


# ----- The security journal's CSV --------------------------------------------------------------


@pytest.mark.parametrize("formule", FORMULES)
def test_les_formules_d_un_nom_sont_neutralisees_dans_le_csv(formule):
    piege = UserFactory(first_name=formule, last_name=formule)
    consigner(TypeEvenement.ECHEC_CONNEXION, compte=piege, identifiant=formule, objet=formule)
    administrateur = UserFactory(administrateur=True)
    reponse = connecte(administrateur).get(reverse("exports:journal_securite_csv"))
    texte = b"".join(reponse.streaming_content).decode("utf-8-sig")
    for cellule in (c for ligne in texte.split("\r\n")[1:] for c in ligne.split(";")):
        assert not cellule.startswith(("=", "+", "-", "@")), cellule
    assert EvenementSecurite.objects.filter(type=TypeEvenement.TELECHARGEMENT).exists()
