"""Helpers of the API tests: a token of a user, and the test client that sends it."""

from django.test import Client

from api.models import JetonApi


def emettre(user, **champs) -> str:
    """A token of ``user``, in clear."""
    return JetonApi.objects.emettre(user, champs.pop("libelle", "Tests"), cree_par=None, **champs)[1]


class ClientApi(Client):
    """Django's test client with the token in every request's Authorization header."""

    def __init__(self, jeton: str):
        super().__init__(headers={"Authorization": f"Bearer {jeton}"})
