"""Réglages des comptes (issue 15), lus dans l'environnement : l'inscription, les invitations, la
connexion (django-axes, django-otp, les limites des formulaires publics) et les constantes de ProConnect.
``ami.settings`` les importe ; la politique de sécurité du contenu avec ProConnect y reste (elle part de
celle du portail)."""

import datetime

import environ

env = environ.Env()  # ami.settings has read .env into the environment first

# Sign-up (comptes.inscription): the confirmation link is valid 24 h, once; unconfirmed sign-ups are purged.
INSCRIPTION_CONSERVATION_JOURS = env.int("INSCRIPTION_CONSERVATION_JOURS", default=7)
INSCRIPTION_LIEN_HEURES = env.int("INSCRIPTION_LIEN_HEURES", default=24)
# A member's invitation of a colleague (comptes.equipe): valid this many days, until sent again.
INVITATION_EQUIPE_JOURS = env.int("INVITATION_EQUIPE_JOURS", default=7)
# django-axes first: a locked-out account or address is refused before any password is hashed.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "comptes.backends.EmailBackend",
    "comptes.proconnect.ProConnectBackend",  # only the ProConnect callback's call (comptes.proconnect)
]
# The second factor (comptes.deux_facteurs, django-otp): the name the authenticator application shows
# for the account. After n wrong codes in a row, the next one is refused for factor × 2^(n-1) seconds.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="AMI SPIE")
OTP_TOTP_THROTTLE_FACTOR = env.int("OTP_TOTP_THROTTLE_FACTOR", default=1)
OTP_STATIC_THROTTLE_FACTOR = env.int("OTP_STATIC_THROTTLE_FACTOR", default=1)
# Throttling of password logins, portal and /django-admin/ (comptes.verrouillage, on django-axes): an account
# is refused after CONNEXION_ECHECS_COMPTE wrong passwords, an IP address after CONNEXION_ECHECS_ADRESSE_IP
# failures on any accounts (higher: a whole conseil départemental may go out through one address), each within
# CONNEXION_BLOCAGE_MINUTES, then for CONNEXION_BLOCAGE_MINUTES; a login resets its account's count. A
# refused attempt checks no password. Counted in the cache: Redis with REDIS_URL, shared by every worker.
CONNEXION_ECHECS_COMPTE = env.int("CONNEXION_ECHECS_COMPTE", default=5)
CONNEXION_ECHECS_ADRESSE_IP = env.int("CONNEXION_ECHECS_ADRESSE_IP", default=30)
CONNEXION_BLOCAGE_MINUTES = env.int("CONNEXION_BLOCAGE_MINUTES", default=15)
AXES_HANDLER = "comptes.verrouillage.Verrouillage"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = CONNEXION_ECHECS_COMPTE  # per parameter in comptes.verrouillage.LIMITES
AXES_COOLOFF_TIME = datetime.timedelta(minutes=CONNEXION_BLOCAGE_MINUTES)
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the end said on the page stays true
AXES_USERNAME_CALLABLE = "comptes.verrouillage.identifiant"
AXES_CLIENT_IP_CALLABLE = "comptes.securite.adresse_ip"
AXES_LOCKOUT_CALLABLE = "comptes.verrouillage.page_de_blocage"
AXES_ENABLE_ADMIN = False  # its tables stay empty: the counts are in the cache
# The public forms (comptes.limites, on django-ratelimit): per IP address and per e-mail address or link,
# group by group; LIMITES overrides a default, e.g. LIMITES="mot_de_passe_ip=40/h,inscription_adresse=3/h".
LIMITES = env.dict("LIMITES", default={})
RATELIMIT_IP_META_KEY = "comptes.securite.adresse_ip"
RATELIMIT_FAIL_OPEN = True  # Redis unreachable: counted nowhere, refused to no one (comptes.limites)
# ProConnect, the State agents' login (comptes.proconnect, on mozilla-django-oidc): on when PROCONNECT_URL
# (the issuer), PROCONNECT_CLIENT_ID and PROCONNECT_CLIENT_SECRET are set; each endpoint derived from the
# issuer can be replaced (PROCONNECT_AUTHORIZATION_ENDPOINT, _TOKEN_, _USERINFO_, _JWKS_, _LOGOUT_ENDPOINT).
# Authorization code with PKCE (S256), state and nonce checked, the ID token's RS256 signature checked against
# the provider's JWKS; the provider's e-mail opens an existing, active account only (never a new one, never
# a role).
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_USE_NONCE = True
OIDC_STATE_SIZE = OIDC_NONCE_SIZE = 43  # ProConnect asks for at least 32 characters
OIDC_CREATE_USER = False
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of the logout (session/end)
OIDC_OP_LOGOUT_URL_METHOD = "comptes.proconnect.url_de_deconnexion"
OIDC_TIMEOUT = env.float("PROCONNECT_DELAI", default=10)  # seconds, each call to the provider
