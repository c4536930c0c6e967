"""Issue 15 item 7: the lifecycle of an account. An invitation sent again kills the earlier link; a
deactivated person cannot choose a password through an old link (invitation or « Mot de passe oublié »);
a deactivation deletes the person's sessions (a reactivation does not bring them back) and revokes their
API tokens; an agent moved to another territory loses the exports built for the old one."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api.models import JetonApi
from comptes import gestion, jetons
from comptes.models import Role, SessionUtilisateur, User
from comptes.signaux import compte_desactive, service_territorial_change
from exports.models import EtatExport, FichierExport, Format
from tests.api.outils import ClientApi, emettre
from tests.comptes.outils import courriels_a
from tests.comptes_gestion.outils import formulaire
from tests.factories import MOT_DE_PASSE, DepartementFactory, ServiceTerritorialFactory, UserFactory

pytestmark = pytest.mark.django_db

NOUVEAU = "Un-nouveau-mot-de-passe-2021"
MOI = reverse("api:v1:moi")


@pytest.fixture
def administrateur():
    return UserFactory(administrateur=True, email="admin@exemple.fr")


@pytest.fixture
def client_admin(administrateur):
    client = Client()
    client.force_login(administrateur)
    return client


def liens_d_invitation(adresse: str) -> list[str]:
    return [
        re.search(r"https?://\S+(/compte/mot-de-passe/nouveau/\S+/\S+/)", courriel.texte).group(1)
        for courriel in courriels_a(adresse)
    ]


def choisir(lien: str, mot_de_passe: str = NOUVEAU):
    """Follow a link of ``comptes:nouveau_mot_de_passe`` in a fresh browser: (link valid?, final page)."""
    client = Client()
    reponse = client.get(lien, follow=True)
    if "Ce lien n'est plus valable" in reponse.content.decode():
        return False, reponse
    reponse = client.post(
        reponse.redirect_chain[-1][0], {"new_password1": mot_de_passe, "new_password2": mot_de_passe}
    )
    return reponse.status_code == 302, reponse


def connecter(compte) -> Client:
    client = Client()
    reponse = client.post(reverse("comptes:connexion"), {"username": compte.email, "password": MOT_DE_PASSE})
    assert reponse.status_code == 302
    return client


@pytest.fixture
def invite(client_admin, administrateur):
    compte = UserFactory(email="invite@exemple.fr")
    compte.set_unusable_password()
    compte.save()
    gestion.envoyer_invitation(compte, administrateur)
    return compte


# The links ----------------------------------------------------------------------------------------------


def test_renvoyer_l_invitation_invalide_l_ancien_lien(client_admin, invite):
    (ancien,) = liens_d_invitation("invite@exemple.fr")
    reponse = client_admin.post(reverse("comptes:renvoyer_invitation", args=[invite.pk]), follow=True)
    assert "Une nouvelle invitation est envoyée à invite@exemple.fr." in reponse.content.decode()
    premier, nouveau = liens_d_invitation("invite@exemple.fr")
    assert premier == ancien and nouveau != ancien
    valide, reponse = choisir(ancien)
    assert not valide and reponse.status_code == 200
    valide, _ = choisir(nouveau)
    assert valide
    invite.refresh_from_db()
    assert invite.check_password(NOUVEAU)
    assert not choisir(nouveau, "Encore-un-autre-2021")[0]  # and once only


def test_une_personne_desactivee_ne_choisit_pas_de_mot_de_passe_par_l_invitation(administrateur, invite):
    (lien,) = liens_d_invitation("invite@exemple.fr")
    gestion.changer_activite(administrateur, invite.pk, actif=False)
    assert not choisir(lien)[0]
    invite.refresh_from_db()
    assert not invite.has_usable_password()


def test_une_personne_desactivee_ne_reinitialise_pas_par_un_ancien_lien(administrateur):
    compte = UserFactory(email="camille@exemple.fr")
    Client().post(reverse("comptes:mot_de_passe_oublie"), {"email": "camille@exemple.fr"})
    (lien,) = liens_d_invitation("camille@exemple.fr")
    # The form reached (the token moved into the session), then the account deactivated: refused too.
    client = Client()
    formulaire_ = client.get(lien, follow=True).redirect_chain[-1][0]
    gestion.changer_activite(administrateur, compte.pk, actif=False)
    reponse = client.post(formulaire_, {"new_password1": NOUVEAU, "new_password2": NOUVEAU})
    assert "Ce lien n'est plus valable" in reponse.content.decode()
    assert not choisir(lien)[0]
    compte.refresh_from_db()
    assert compte.check_password(MOT_DE_PASSE)


def test_le_jeton_change_avec_l_activite():
    compte = UserFactory()
    jeton = jetons.mot_de_passe.make_token(compte)
    assert jetons.mot_de_passe.check_token(compte, jeton)
    compte.is_active = False
    assert not jetons.mot_de_passe.check_token(compte, jeton)
    # Not Django's default token either way: a link of one flow is no link of another.
    from django.contrib.auth.tokens import default_token_generator

    compte.is_active = True
    assert not default_token_generator.check_token(compte, jeton)
    assert not jetons.mot_de_passe.check_token(compte, default_token_generator.make_token(compte))


# Deactivation -------------------------------------------------------------------------------------------


def test_desactiver_supprime_les_sessions_et_revoque_les_jetons(client_admin, administrateur):
    agent = UserFactory(agent=True, email="agent@exemple.fr")
    ouverte, autre = connecter(agent), connecter(agent)
    collegue = UserFactory(agent=True)
    session_du_collegue = connecter(collegue)
    secret = emettre(agent)
    deja = JetonApi.objects.emettre(agent, "Ancien", cree_par=None)[0]
    deja.revoquer(collegue)
    revoque_le = JetonApi.objects.get(pk=deja.pk).revoque_le
    jeton_du_collegue = emettre(collegue)
    assert ClientApi(secret).get(MOI).status_code == 200
    assert SessionUtilisateur.objects.filter(compte=agent).count() == 2

    client_admin.post(reverse("comptes:desactiver", args=[agent.pk]))

    assert not SessionUtilisateur.objects.filter(compte=agent).exists()
    for client in (ouverte, autre):
        assert SESSION_KEY not in client.session
        assert client.get(reverse("comptes:espace")).status_code == 302
    assert ClientApi(secret).get(MOI).status_code == 401
    actif = JetonApi.objects.get(libelle="Tests", user=agent)
    assert actif.revoque_par == administrateur and actif.revoque_le is not None
    deja.refresh_from_db()
    assert (deja.revoque_par, deja.revoque_le) == (collegue, revoque_le)  # its first revocation kept
    # Nobody else's sessions nor tokens.
    assert session_du_collegue.get(reverse("comptes:espace")).status_code == 302
    assert SESSION_KEY in session_du_collegue.session
    assert ClientApi(jeton_du_collegue).get(MOI).status_code == 200

    # Reactivated: no session, no token comes back; the password logs in again.
    client_admin.post(reverse("comptes:reactiver", args=[agent.pk]))
    agent.refresh_from_db()
    assert agent.is_active
    assert not SessionUtilisateur.objects.filter(compte=agent).exists()
    assert ouverte.get(reverse("comptes:espace"))["Location"].startswith(reverse("comptes:connexion"))
    assert ClientApi(secret).get(MOI).status_code == 401
    assert connecter(agent)


def test_le_signal_de_desactivation(administrateur):
    recus = []

    def recevoir(sender, compte, par, **kwargs):
        recus.append((sender, compte.pk, par))

    compte_desactive.connect(recevoir)
    try:
        compte = UserFactory()
        gestion.changer_activite(administrateur, compte.pk, actif=False)
        gestion.changer_activite(administrateur, compte.pk, actif=False)  # already: nothing sent
        gestion.changer_activite(administrateur, compte.pk, actif=True)
    finally:
        compte_desactive.disconnect(recevoir)
    assert recus == [(User, compte.pk, administrateur)]


# A move to another territory ----------------------------------------------------------------------------


def export_pret(demandeur, nom: str) -> FichierExport:
    export = FichierExport.objects.create(
        demandeur=demandeur, format=Format.ZIP, etat=EtatExport.PRETE, total=1, termine_le=timezone.now()
    )
    export.fichier.save(f"exports/{nom}.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=True)
    return export


@pytest.fixture
def stockage(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"
    return tmp_path / "prive"


def modifier(client_admin, compte, django_capture_on_commit_callbacks, **champs):
    champs = {"first_name": compte.first_name, "last_name": compte.last_name, **champs}
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client_admin.post(reverse("comptes:compte", args=[compte.pk]), formulaire(**champs))
    assert reponse.status_code == 302, reponse.content.decode()[:2000]


def test_un_agent_deplace_perd_les_exports_de_l_ancien_territoire(
    client_admin, stockage, django_capture_on_commit_callbacks
):
    nord = ServiceTerritorialFactory(nom="DDETS du Nord", departement=DepartementFactory(code="59"))
    pas_de_calais = ServiceTerritorialFactory(
        nom="DDETS du Pas-de-Calais", departement=DepartementFactory(code="62")
    )
    agent = UserFactory(agent=True, service_territorial=nord)
    collegue = UserFactory(agent=True, service_territorial=nord)
    exports = [export_pret(agent, "a"), export_pret(agent, "b")]
    en_cours = FichierExport.objects.create(demandeur=agent, format=Format.XLSX)
    du_collegue = export_pret(collegue, "c")
    chemins = [stockage / export.fichier.name for export in exports]
    assert all(chemin.exists() for chemin in chemins)

    # Only the name changes: the exports stay.
    modifier(
        client_admin,
        agent,
        django_capture_on_commit_callbacks,
        last_name="Nouveau-nom",
        role=Role.AGENT,
        service_territorial=str(nord.pk),
    )
    assert FichierExport.objects.filter(demandeur=agent).count() == 3

    modifier(
        client_admin,
        agent,
        django_capture_on_commit_callbacks,
        role=Role.AGENT,
        service_territorial=str(pas_de_calais.pk),
    )
    agent.refresh_from_db()
    assert agent.service_territorial == pas_de_calais
    assert not FichierExport.objects.filter(demandeur=agent).exists()
    assert not FichierExport.objects.filter(pk=en_cours.pk).exists()
    assert not any(chemin.exists() for chemin in chemins)
    # The colleague's stay, file included.
    du_collegue.refresh_from_db()
    assert (stockage / du_collegue.fichier.name).exists()


def test_le_signal_du_changement_de_territoire(client_admin, django_capture_on_commit_callbacks):
    nord = ServiceTerritorialFactory(departement=DepartementFactory(code="59"))
    sud = ServiceTerritorialFactory(departement=DepartementFactory(code="13"))
    agent = UserFactory(agent=True, service_territorial=nord)
    recus = []

    def recevoir(sender, compte, ancien, nouveau, **kwargs):
        recus.append((sender, compte.pk, ancien, nouveau))

    service_territorial_change.connect(recevoir)
    try:
        modifier(
            client_admin,
            agent,
            django_capture_on_commit_callbacks,
            role=Role.AGENT,
            service_territorial=str(sud.pk),
        )
        # An agent made instructeur: no territory any more (his exports were the old territory's).
        modifier(
            client_admin,
            agent,
            django_capture_on_commit_callbacks,
            role=Role.INSTRUCTEUR,
            service_national="DGEFP",
        )
        modifier(
            client_admin,
            agent,
            django_capture_on_commit_callbacks,
            role=Role.INSTRUCTEUR,
            service_national="DGEFP",
            last_name="Autre",
        )
    finally:
        service_territorial_change.disconnect(recevoir)
    assert recus == [(User, agent.pk, nord, sud), (User, agent.pk, sud, None)]


def test_un_changement_annule_ne_supprime_aucun_fichier(stockage, administrateur):
    """The rows go in the change's transaction; the files once it commits: rolled back, all is still there."""
    from django.db import transaction

    nord = ServiceTerritorialFactory(departement=DepartementFactory(code="59"))
    agent = UserFactory(agent=True, service_territorial=nord)
    export = export_pret(agent, "garde")
    with pytest.raises(RuntimeError), transaction.atomic():
        service_territorial_change.send(sender=User, compte=agent, ancien=nord, nouveau=None)
        raise RuntimeError
    assert FichierExport.objects.filter(pk=export.pk).exists()
    assert (stockage / export.fichier.name).exists()
