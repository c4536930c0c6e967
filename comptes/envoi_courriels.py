"""The mails of the accounts' journeys (sign-up, team, account, two-factor…), rendered one way.

A mail is two templates: ``comptes/courriels/<modele>_sujet.txt`` (its subject, kept on one line) and
``comptes/courriels/<modele>.txt`` (its text). Both see the context the caller gives plus ``portail``
(the portal's address) and ``appel`` (the current call). The mail goes into the outbox
(``courriels.envoi.envoyer``): it leaves after the caller's transaction commits.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from ami.models import Appel
from courriels import envoi as courriels


def lien_absolu(nom: str, **kwargs) -> str:
    """The absolute link of a page of the portal (URL name ``nom``), for a mail."""
    return f"{settings.PORTAIL_URL}{reverse(nom, kwargs=kwargs or None)}"


def envoyer_modele(modele: str, destinataires, **contexte):
    """Render the mail ``modele`` with ``contexte`` and put it into the outbox for ``destinataires`` (one
    address or a list of them). Returns the stored ``Courriel`` (None without any recipient)."""
    if isinstance(destinataires, str):
        destinataires = [destinataires]
    # No call in the database (a flushed test database): the model's default names.
    appel = Appel.objects.publies().courant() or Appel()
    contexte = {"portail": settings.PORTAIL_URL, "appel": appel, **contexte}
    sujet = "".join(render_to_string(f"comptes/courriels/{modele}_sujet.txt", contexte).splitlines())
    texte = render_to_string(f"comptes/courriels/{modele}.txt", contexte)
    return courriels.envoyer(sujet, texte, list(destinataires))
