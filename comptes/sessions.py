"""The session engine of the portal (``SESSION_ENGINE = "comptes.sessions"``): Django's database sessions,
each row tied to its person (``SessionUtilisateur``), so that « Mon compte » lists them and closes the
others, and a deactivation deletes them all.

The browser and the address are put in the session at login (``APPAREIL``, by this module's receiver of
``user_logged_in``, ``noter_la_connexion``) and copied onto the row at each save. The last activity is the
row's ``derniere_activite``: set at each save, and brought up to date when the session is read if it is
older than ``ACTIVITE`` — one UPDATE every few minutes per session at most, never one per request."""

import datetime

from django.contrib.sessions.backends.db import SessionStore as SessionStoreBase
from django.utils import timezone

from core.saisie import nettoyer_texte

# How stale the last activity of a session may be before a request writes it again.
ACTIVITE = datetime.timedelta(minutes=5)

# Keys of the session's data copied onto its row.
APPAREIL = "_comptes_appareil"
ADRESSE_IP = "_comptes_ip"
OUVERTE_LE = "_comptes_ouverte_le"


class SessionStore(SessionStoreBase):
    @classmethod
    def get_model_class(cls):
        from comptes.models import SessionUtilisateur

        return SessionUtilisateur

    def create_model_instance(self, data):
        ligne = super().create_model_instance(data)
        compte = data.get("_auth_user_id")
        ligne.compte_id = int(compte) if compte else None
        ligne.appareil = str(data.get(APPAREIL, ""))[:300]
        ligne.adresse_ip = data.get(ADRESSE_IP) or None
        ouverte = data.get(OUVERTE_LE)
        ligne.ouverte_le = timezone.datetime.fromisoformat(ouverte) if ouverte else None
        ligne.derniere_activite = timezone.now()
        return ligne

    def _get_session_from_db(self):
        ligne = super()._get_session_from_db()
        if ligne is not None and ligne.compte_id:
            maintenant = timezone.now()
            if ligne.derniere_activite is None or maintenant - ligne.derniere_activite >= ACTIVITE:
                self.get_model_class().objects.filter(session_key=ligne.session_key).update(
                    derniere_activite=maintenant
                )
                ligne.derniere_activite = maintenant
        return ligne


def noter_la_connexion(sender, request, user, **kwargs):
    """``user_logged_in``: the browser, the address and the time of the login, kept in the session (and so
    on its row) for « Mes sessions ouvertes »."""
    session = getattr(request, "session", None)
    if session is None:
        return
    from comptes.securite import adresse_ip

    # The client's own header: no NUL nor control character reaches the database (core.saisie).
    session[APPAREIL] = nettoyer_texte(str(request.META.get("HTTP_USER_AGENT", "")))[:300]
    session[ADRESSE_IP] = adresse_ip(request)
    session[OUVERTE_LE] = timezone.now().isoformat()


def connecter() -> None:
    """Called by ``ComptesConfig.ready``."""
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(noter_la_connexion, dispatch_uid="comptes.sessions.noter_la_connexion")


def fermer_les_sessions(compte, sauf: str | None = None) -> int:
    """Delete ``compte``'s sessions (but the one of key ``sauf``): the number closed."""
    from comptes.models import SessionUtilisateur

    sessions = SessionUtilisateur.objects.filter(compte=compte)
    if sauf:
        sessions = sessions.exclude(session_key=sauf)
    return sessions.delete()[0]
