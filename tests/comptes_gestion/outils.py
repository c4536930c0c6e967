"""Helpers of « Comptes et rôles »: the invitation form as a browser posts it (every field present: the
groups of the other roles are in the page, empty), the pages' URLs, a field's group, the link of a mail."""

from django.urls import reverse

MOT_DE_PASSE_CHOISI = "Insertion-et-emploi-2021"

VIDE = {
    "email": "",
    "first_name": "",
    "last_name": "",
    "role": "",
    "organisation": "",
    "service_national": "",
    "service_territorial": "",
    "nouvelle_organisation-nom": "",
    "nouvelle_organisation-siret": "",
    "nouvelle_organisation-type": "",
    "nouvelle_organisation-departement": "",
    "nouveau_service-type": "",
    "nouveau_service-nom": "",
    "nouveau_service-region": "",
    "nouveau_service-departement": "",
}


def formulaire(**champs) -> dict:
    """The invitation (or account) form as posted; ``nouvelle_organisation__nom`` stands for
    ``nouvelle_organisation-nom``."""
    return {**VIDE, **{cle.replace("__", "-"): valeur for cle, valeur in champs.items()}}


GESTION = reverse("comptes:gestion")
INVITER = reverse("comptes:inviter")


def page(reponse) -> str:
    return reponse.content.decode()


def groupe(contenu: str, identifiant: str) -> str:
    """The DSFR group of a field (label, field, errors), by the field's id."""
    debut = contenu.index(f'id="{identifiant}-groupe"')
    return contenu[debut : contenu.index(f'id="{identifiant}-desc-error"', debut) + 400]


def lien_du_courriel(message) -> str:
    from tests.comptes import outils

    return outils.lien_du_courriel(message.body, outils.LIEN_MOT_DE_PASSE)


def inviter(client, django_capture_on_commit_callbacks, **champs):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(INVITER, formulaire(**champs))
