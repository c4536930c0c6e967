"""Authorisation: every URL of the portal, every role."""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIQUES = {
    "accueil",
    "ami:faq",
    "ami:aide",  # « Besoin d’aide ? »: the call's contacts, before any account
    "ami:accessibilite",
    "ami:mentions_legales",
    "ami:donnees_personnelles",
    "comptes:connexion",
    "comptes:mot_de_passe_oublie",
    "comptes:mot_de_passe_envoye",
    "comptes:nouveau_mot_de_passe",
    "comptes:mot_de_passe_modifie",
    "comptes:invitation_equipe",  # the link of a colleague's invitation (tests/comptes/test_equipe.py)
    "comptes:confirmer_nouvelle_adresse",  # opened from the mailbox (tests/comptes/test_mon_compte.py)
    "comptes:inscription",
    "comptes:inscription_envoyee",
    "comptes:inscription_nouveau_lien",
    "comptes:confirmer_adresse",
}
# ProConnect (comptes.views_proconnect): public, and 404 unless PROCONNECT_* is set (tests/oidc).
PROCONNECT = {"oidc_authentication_init", "oidc_authentication_callback", "comptes:proconnect_inconnu"}
SANS_CONNEXION = PUBLIQUES | PROCONNECT
EXEMPLES = {
    "pk": "1",
    "section": "chef_de_file",
    "nature": "annexe",
    "piece_pk": "1",
    "cle": "membre",
    "ligne_pk": "1",
    "uidb64": "MQ",
    "token": "abc-123",
    "app_label": "comptes",
    "object_id": "1",
    "model_name": "user",
    "content_type_id": "1",
    "url": "x",
}


def toutes_les_urls(resolver=None, prefixe="", espace=None):
    """(name, path) of every named URL of the portal, with sample values for parameters."""
    resolver = resolver or get_resolver()
    for motif in resolver.url_patterns:
        if isinstance(motif, URLResolver):
            ns = motif.namespace
            nouvel_espace = f"{espace}:{ns}" if espace and ns else (ns or espace)
            yield from toutes_les_urls(motif, prefixe + str(motif.pattern), nouvel_espace)
        elif isinstance(motif, URLPattern) and motif.name:
            nom = f"{espace}:{motif.name}" if espace else motif.name
            chemin = prefixe + str(motif.pattern)
            for cle, valeur in EXEMPLES.items():
                for forme in (f"<{cle}>", f"<str:{cle}>", f"<path:{cle}>", f"<int:{cle}>"):
                    chemin = chemin.replace(forme, valeur)
            chemin = chemin.replace("^", "").replace("$", "").replace("\\Z", "")
            if "<" in chemin or "(" in chemin:
                continue  # Django admin's regex catch-alls: covered by the admin's own check below
            yield nom, "/" + chemin


URLS = sorted(set(toutes_les_urls()))


def test_l_inventaire_couvre_les_espaces():
    noms = {nom for nom, _ in URLS}
    assert {
        "candidatures:mes_dossiers",
        "instruction:a_instruire",
        "instruction:territoire",
        "ami:administration",
        "comptes:espace",
    } <= noms


# The read API authenticates by token (``Authorization: Bearer``), not by session: its documentation is
# public, its data answers 401 (JSON) to whoever comes without a token (tests/api).
API_PUBLIQUES = {"api:v1:openapi-json", "api:v1:openapi-view"}


def _api(nom: str) -> bool:
    return nom.startswith("api:v1:")


@pytest.mark.parametrize(("nom", "chemin"), [u for u in URLS if _api(u[0])])
def test_l_api_sans_jeton(client, nom, chemin):
    reponse = client.get(chemin)
    if nom in API_PUBLIQUES:
        assert reponse.status_code == 200, nom
    elif reponse.status_code == 302:  # the API's root (no endpoint): any page's login redirect
        assert nom == "api:v1:api-root" and reponse["Location"].startswith(reverse("comptes:connexion"))
    else:
        assert reponse.status_code in (401, 404), nom
        assert reponse["Content-Type"].startswith("application/json"), nom


@pytest.mark.parametrize(
    ("nom", "chemin"),
    [u for u in URLS if u[0] not in SANS_CONNEXION and not u[0].startswith("admin:") and not _api(u[0])],
)
def test_anonyme_renvoye_vers_la_connexion(client, nom, chemin):
    reponse = client.get(chemin)
    assert reponse.status_code == 302, nom
    assert reponse["Location"].startswith(reverse("comptes:connexion") + "?next="), nom


@pytest.mark.parametrize(("nom", "chemin"), [u for u in URLS if u[0] in PROCONNECT])
def test_proconnect_absent_sans_configuration(client, nom, chemin):
    assert client.get(chemin).status_code == 404, nom


@pytest.mark.parametrize(("nom", "chemin"), [u for u in URLS if u[0] in PUBLIQUES])
def test_pages_publiques(client, nom, chemin):
    assert client.get(chemin).status_code == 200, nom


@pytest.mark.parametrize("chemin", ["/django-admin/", "/django-admin/comptes/user/"])
def test_administration_technique_reservee_au_compte_technique(client, chemin):
    assert client.get(chemin).status_code == 302
    client.force_login(UserFactory(instructeur=True))
    assert client.get(chemin).status_code == 302  # Django admin sends non-staff to its login
    client.force_login(UserFactory(administrateur=True))
    assert client.get(chemin).status_code == 302  # the business administrateur too (issue 12 item 6)
    client.force_login(UserFactory(technique=True))
    assert client.get(chemin).status_code == 200


ESPACES = [
    "candidatures:mes_dossiers",
    "instruction:a_instruire",
    "instruction:territoire",
    "ami:administration",
]
PROFILS = {
    "candidat": ({}, "candidatures:mes_dossiers"),
    "instructeur": ({"instructeur": True}, "instruction:a_instruire"),
    "agent": ({"agent": True}, "instruction:territoire"),
    "administrateur": ({"administrateur": True}, "ami:administration"),
}


@pytest.mark.parametrize("profil", PROFILS)
@pytest.mark.parametrize("espace", ESPACES)
def test_chaque_role_ne_voit_que_son_espace(client, profil, espace):
    trait, autorise = PROFILS[profil]
    client.force_login(UserFactory(**trait))
    reponse = client.get(reverse(espace))
    # The administrateur also reads the instruction queue (exports, follow-up of the call).
    if espace == autorise or (profil == "administrateur" and espace == "instruction:a_instruire"):
        assert reponse.status_code == 200
    else:
        assert reponse.status_code == 403
        contenu = reponse.content.decode()
        assert "Accès refusé" in contenu and "Erreur 403" in contenu
        assert "fr-header" in contenu  # the DSFR page, never a traceback


def test_page_inconnue_404_en_francais(client):
    reponse = client.get("/cette-page-n-existe-pas/")
    assert reponse.status_code == 404
    assert "Page non trouvée" in reponse.content.decode()


def test_500_sans_traceback(settings):
    from django.test import Client

    settings.ROOT_URLCONF = "tests.urls_panne"
    reponse = Client(raise_request_exception=False).get("/panne/")
    assert reponse.status_code == 500
    contenu = reponse.content.decode()
    assert "Erreur inattendue" in contenu
    assert "panne simulée" not in contenu and "Traceback" not in contenu


@pytest.mark.parametrize(
    ("trait", "espace", "requetes"),
    [
        # session + user (joined with its organisation or service), then what the page shows
        ({}, "candidatures:mes_dossiers", 4),  # + the call (deadline), the dossiers
        # + the calls (candidatures.appels: the queue's call), the départements of the filters, COUNT (the
        # queue is empty: no row, no prefetch)
        ({"instructeur": True}, "instruction:a_instruire", 5),
        ({"agent_regional": True}, "instruction:territoire", 5),
        ({"administrateur": True}, "ami:administration", 4),  # + the call + accounts per role
    ],
)
def test_nombre_de_requetes_des_espaces(client, django_assert_num_queries, trait, espace, requetes):
    client.force_login(UserFactory(**trait))
    with django_assert_num_queries(requetes):
        assert client.get(reverse(espace)).status_code == 200


# ----- The team (issue 15 item 2): its pages × who may see them --------------------------------------
# An organisation A (its référent, a member, a third member ``cible``), a request to join it, an invitation
# sent by it, a deposited dossier with its pièces. Profiles: A's référent, A's member, the référent of
# another organisation B, a requester whose request is pending, a requester refused, an account whose
# address is not confirmed yet (inactive), an instructeur, an anonymous visitor (C: sent to the login page).

PROFILS_EQUIPE = [
    "referent",
    "membre",
    "autre",
    "en_attente",
    "refuse",
    "non_confirme",
    "instructeur",
    "anonyme",
]


def _equipe(nom, *args):
    """The URL of a row: ``d`` the dossier, ``p`` its first pièce, ``dem`` the request, ``inv`` the
    invitation, ``cible`` the third member of A; ``jeton`` the invitation's link."""

    def construire(o):
        valeurs = [o.get(a, a) for a in args]
        return reverse(nom, args=valeurs)

    return construire


# name, method, URL, answer per profile in the order of PROFILS_EQUIPE ("-": not asked).
MATRICE_EQUIPE = [
    ("equipe", "get", _equipe("comptes:equipe"), "200 200 200 200 200 C 403 C"),
    ("mes_dossiers", "get", _equipe("candidatures:mes_dossiers"), "200 200 200 302 302 C 403 C"),
    ("creer", "post", _equipe("candidatures:creer"), "- - - 302 302 C 403 C"),
    ("repondre", "post", _equipe("comptes:equipe_repondre", "dem"), "302 302 404 404 404 C 403 C"),
    ("inviter", "post", _equipe("comptes:equipe_inviter"), "302 302 302 404 404 C 403 C"),
    ("demander", "post", _equipe("comptes:equipe_demander"), "404 404 404 302 302 C 403 C"),
    ("renvoyer", "post", _equipe("comptes:equipe_renvoyer", "inv"), "302 302 404 404 404 C 403 C"),
    ("annuler", "post", _equipe("comptes:equipe_annuler", "inv"), "302 302 404 404 404 C 403 C"),
    ("retirer_page", "get", _equipe("comptes:equipe_retirer", "cible"), "200 403 404 404 404 C 403 C"),
    ("retirer", "post", _equipe("comptes:equipe_retirer", "cible"), "302 403 404 404 404 C 403 C"),
    ("referent_page", "get", _equipe("comptes:equipe_referent", "cible"), "200 403 404 404 404 C 403 C"),
    ("referent", "post", _equipe("comptes:equipe_referent", "cible"), "302 403 404 404 404 C 403 C"),
    ("quitter_page", "get", _equipe("comptes:equipe_quitter"), "200 200 200 404 404 C 403 C"),
    ("invitation", "get", _equipe("comptes:invitation_equipe", "jeton"), "200 200 200 200 200 200 200 200"),
    ("dossier", "get", _equipe("candidatures:apercu", "d"), "200 200 404 404 404 C - C"),
    ("section", "get", _equipe("candidatures:section", "d", "chef_de_file"), "200 200 404 404 404 C - C"),
    ("pieces", "get", _equipe("candidatures:section_pieces", "d"), "200 200 404 404 404 C - C"),
    ("piece", "get", _equipe("candidatures:piece", "d", "p"), "200 200 404 404 404 C 200 C"),
    ("recepisse", "get", _equipe("candidatures:recepisse", "d"), "200 200 404 404 404 C 403 C"),
    ("pdf", "get", _equipe("exports:dossier_pdf", "d"), "200 200 404 404 404 C 200 C"),
]


@pytest.fixture
def equipe_a(appel_ouvert, depose, candidat, collegue, instructeur):
    from comptes import equipe, invitations
    from comptes.models import User

    candidat.referent = True
    candidat.save(update_fields=["referent"])
    cible = UserFactory(organisation=candidat.organisation, first_name="Cible", last_name="Tierce")
    refuse = UserFactory(organisation=None, first_name="Refusé", last_name="Ancien")
    equipe.refuser(candidat, equipe.demander_adhesion(refuse, candidat.organisation), "Inconnu.")
    en_attente = UserFactory(organisation=None, first_name="Attente", last_name="Demandeur")
    demande = equipe.demander_adhesion(en_attente, candidat.organisation)
    invitation = invitations.inviter_collegue(candidat, "invitee@exemple.fr")
    autre = UserFactory(first_name="Autre", last_name="Porteur")
    User.objects.filter(pk=autre.pk).update(referent=True)
    autre.refresh_from_db()
    non_confirme = UserFactory(organisation=None, is_active=False, adresse_confirmee=False)
    return {
        "profils": {
            "referent": candidat,
            "membre": collegue,
            "autre": autre,
            "en_attente": en_attente,
            "refuse": refuse,
            "non_confirme": non_confirme,
            "instructeur": instructeur,
            "anonyme": None,
        },
        "d": depose.pk,
        "p": depose.pieces.first().pk,
        "dem": demande.pk,
        "inv": invitation.pk,
        "jeton": invitation.jeton,
        "cible": cible.pk,
        "siret": candidat.organisation.siret,
        "objets": (demande, invitation, cible, candidat, depose),
    }


def _etat_de_l_equipe(objets) -> tuple:
    from candidatures.models import Dossier
    from comptes.models import DemandeAdhesion, InvitationEquipe, User

    demande, invitation, cible, referent, dossier = objets
    invitation = InvitationEquipe.objects.get(pk=invitation.pk)
    cible, referent = User.objects.get(pk=cible.pk), User.objects.get(pk=referent.pk)
    return (
        DemandeAdhesion.objects.get(pk=demande.pk).etat,
        invitation.annulee_le,
        invitation.empreinte,
        cible.organisation_id,
        cible.referent,
        referent.referent,
        Dossier.objects.count(),
        Dossier.objects.get(pk=dossier.pk).etat,
    )


DONNEES_POST = {
    "repondre": lambda o: {f"demande-{o['dem']}-decision": "accepter"},
    "inviter": lambda o: {"email": "nouveau-collegue@exemple.fr"},
    "creer": lambda o: {"intitule": "Un dossier de plus"},
    "demander": lambda o: {"siret": o["siret"]},
}


def _reponse_de_l_equipe(client, equipe_a, nom, methode, url, attendu) -> str | None:
    """What is wrong with the answer of one row (None: as expected)."""
    avant = _etat_de_l_equipe(equipe_a["objets"])
    donnees = DONNEES_POST.get(nom, lambda o: {})(equipe_a) if methode == "post" else None
    reponse = getattr(client, methode)(url(equipe_a), donnees)
    if reponse.streaming:  # a FileResponse: read to the end, the test client then closes its file
        b"".join(reponse.streaming_content)
    code = reponse.status_code
    if attendu == "C":
        if code != 302 or not reponse["Location"].startswith(reverse("comptes:connexion")):
            return f"{nom}: {code} au lieu de la page de connexion"
    elif code != int(attendu):
        return f"{nom}: {code} au lieu de {attendu}"
    vers = reponse.get("Location")
    if attendu == "302" and nom in ("mes_dossiers", "creer") and vers != reverse("comptes:equipe"):
        return f"{nom}: renvoyé vers {vers}"  # no organisation: his request's state
    refuse = methode == "post" and attendu != "302" or nom == "creer"
    if refuse and _etat_de_l_equipe(equipe_a["objets"]) != avant:
        return f"{nom}: refusé, mais quelque chose a changé"
    return None


@pytest.mark.parametrize("profil", PROFILS_EQUIPE)
def test_matrice_de_l_equipe(client, equipe_a, profil):
    """Each row in a savepoint rolled back after it: every row starts from the same team."""
    user = equipe_a["profils"][profil]
    ecarts = []
    for nom, methode, url, attendus in MATRICE_EQUIPE:
        attendu = dict(zip(PROFILS_EQUIPE, attendus.split(), strict=True))[profil]
        if attendu == "-":
            continue
        if user is not None:
            client.force_login(user)
        with transaction.atomic():
            ecarts.append(_reponse_de_l_equipe(client, equipe_a, nom, methode, url, attendu))
            transaction.set_rollback(True)
    assert [e for e in ecarts if e] == [], profil


@pytest.mark.parametrize("profil", ["autre", "en_attente", "refuse"])
def test_rien_de_l_organisation_hors_de_l_equipe(client, equipe_a, profil):
    """A member of another organisation, a pending or refused requester: « Mon équipe » shows nothing of
    A — neither its members, nor its requests, nor its invitations, nor its dossiers."""
    client.force_login(equipe_a["profils"][profil])
    contenu = client.get(reverse("comptes:equipe")).content.decode()
    referent, membre = equipe_a["profils"]["referent"], equipe_a["profils"]["membre"]
    for texte in (referent.email, membre.email, "Cible Tierce", "invitee@exemple.fr"):
        assert texte not in contenu, (profil, texte)
    if profil != "en_attente":
        assert "Attente Demandeur" not in contenu
    dossier = equipe_a["objets"][4]
    assert dossier.intitule not in contenu
    mes_dossiers = client.get(reverse("candidatures:mes_dossiers"), follow=True).content.decode()
    assert dossier.intitule not in mes_dossiers
