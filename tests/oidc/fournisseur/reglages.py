"""Settings of the local OpenID provider (``python -m tests.oidc.fournisseur``): its port, database and keys
come from the environment that ``tests/oidc/fixtures.py`` gives the subprocess."""

import os
from pathlib import Path

PORT = int(os.environ["FOURNISSEUR_PORT"])
EMETTEUR = f"http://127.0.0.1:{PORT}/api/v2"

DEBUG = False
SECRET_KEY = "fournisseur-oidc-des-tests-seulement"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.oidc.fournisseur.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["FOURNISSEUR_BASE"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
LANGUAGE_CODE = "fr"
LOGIN_URL = "/connexion/"
# The portal runs on « localhost », this provider on « 127.0.0.1 »: cookies ignore the port, so each keeps its
# own names.
SESSION_COOKIE_NAME = "fournisseur_session"
CSRF_COOKIE_NAME = "fournisseur_csrf"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ["FOURNISSEUR_CLE"],
    "OIDC_ISS_ENDPOINT": EMETTEUR,
    "OAUTH2_VALIDATOR_CLASS": "tests.oidc.fournisseur.validateur.Validateur",
    # ProConnect's scopes: the identity the portal asks for.
    "SCOPES": {
        "openid": "OpenID Connect",
        "email": "Adresse électronique",
        "given_name": "Prénom",
        "usual_name": "Nom d’usage",
    },
    "PKCE_REQUIRED": True,  # a client that sends no code_challenge is refused
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,  # as ProConnect: session/end with a valid hint logs out
    "OIDC_RP_INITIATED_LOGOUT_STRICT_REDIRECT_URIS": True,
}
# Another key, published under the provider key's kid at /autre-cle/jwks (the signature test).
AUTRE_CLE = os.environ["FOURNISSEUR_AUTRE_CLE"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
