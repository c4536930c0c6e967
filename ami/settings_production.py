"""Production: HTTPS only, secret key and hosts required from the environment."""

from .settings import *  # noqa: F403
from .settings import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Every pièce is scanned by ClamAV's daemon before anyone downloads it: no production without it.
if ANTIVIRUS != "clamd":  # noqa: F405
    raise ImproperlyConfigured(  # noqa: F405
        "En production, ANTIVIRUS doit valoir « clamd » : chaque pièce jointe est analysée par ClamAV."
    )

# The cache on Redis: the counts of the login lockout (comptes.verrouillage) and of the limits
# (comptes.limites), the API's, who has a dossier open — one for every gunicorn worker and every server.
# Without it each worker would count on its own: N workers, N times the failures allowed.
if not REDIS_URL:  # noqa: F405
    raise ImproperlyConfigured(  # noqa: F405
        "En production, REDIS_URL est obligatoire (par exemple redis://127.0.0.1:6379/0) : le cache partagé "
        "par les workers compte les échecs de connexion et les demandes limitées, et porte les tâches de "
        "fond."
    )

# Each gunicorn worker keeps its PostgreSQL connection between requests (checked before reuse,
# CONN_HEALTH_CHECKS): a new connection per request starts a PostgreSQL backend each time, which the
# autosave of 200 candidats at once pays on every save (bench/charge.py).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# X-Forwarded-Proto is believed only when the portal says it runs behind a TLS proxy (gunicorn bound to
# 127.0.0.1, the proxy setting the header on every request): otherwise any client could claim HTTPS.
DERRIERE_PROXY = env.bool("DERRIERE_PROXY", default=False)
if DERRIERE_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))  # noqa: F405
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
# The private storage ("prive", local or S3) stays the one ami.settings defines.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
