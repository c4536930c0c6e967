"""Réglages du portail, lus dans l'environnement (django-environ).

Les valeurs par défaut sont celles de la démo et des tests : SQLite embarqué,
fichiers locaux, tâches exécutées immédiatement, courriels affichés dans la console.
La production utilise ``ami.settings_production``.
"""

import warnings
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, REPORT_SAMPLE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=False)
# The default key is only good for the demo and the tests: ``check --deploy`` flags it.
SECRET_KEY = env("SECRET_KEY", default="django-insecure-demo-only-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The portal's French 403 page, saying the page expired, instead of Django's bare « 403 Forbidden ».
CSRF_FAILURE_VIEW = "ami.securite.echec_csrf"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "widget_tweaks",
    "dsfr",
    "django_htmx",
    "csp",
    "auditlog",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "mozilla_django_oidc",
    "core",
    "ami",
    "territoires",
    "comptes",
    "candidatures",
    "consortium",
    "budget",
    "pieces",
    "instruction",
    "exports",
    "pilotage",
    "api",
    "administration",
    "courriels",
    "messagerie",
    "notifications",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise: static files keep their caching, every other response to a user is private.
    "ami.securite.PasDeCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The history's entries (core.historique) name the request's user as their actor.
    "auditlog.middleware.AuditlogMiddleware",
    # Every view needs a logged-in user unless it is marked @login_not_required.
    "ami.middleware.ConnexionRequiseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last (django-axes): a login refused for too many failures becomes the French 429 page.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp 4): scripts only from the portal, each <script> with the request's
# nonce; no inline script, handler or style attribute in any page (tests/test_csp.py scans the templates).
# The DSFR needs no 'unsafe-inline': its JavaScript sets styles through the CSSOM (element.style), which a
# CSP allows. It needs data: images (the icons of checkboxes, radios and selects are data: SVG in its CSS)
# and fetch() from 'self' (data-fr-inject-svg, the artwork of the theme dialog).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # 'report-sample': a violation reports the first characters of what was refused.
        "script-src": [SELF, NONCE, REPORT_SAMPLE],
        "style-src": [SELF, REPORT_SAMPLE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): the portal uses no device nor sensor (features that
# Chromium knows: it warns in the console about any other).
PERMISSIONS_POLICY = {
    fonctionnalite: []
    for fonctionnalite in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

ROOT_URLCONF = "ami.urls"
WSGI_APPLICATION = "ami.wsgi.application"

# Project templates first (the DSFR field snippet with its always-present error container).
FORM_RENDERER = "core.formulaires.Rendu"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ami.context_processors.portail",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A persistent connection (CONN_MAX_AGE > 0) is checked before a request reuses it: after a restart of the
# database, the request reconnects instead of failing on the dead connection.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under concurrent writes (issue 12 item 8): readers never block the writer (WAL),
    # each transaction takes the write lock at BEGIN (a read-then-write can no longer deadlock into
    # « database is locked »), and a writer waits its turn up to 20 s instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
# Every wait on PostgreSQL is bounded (issue 13, ami/base_de_donnees.py): connection, statement (the web's;
# the Celery worker and management commands get the longer one), network. In seconds.
DB_DELAI_CONNEXION = env.int("DB_DELAI_CONNEXION", default=3)
DB_DELAI_REQUETE = env.float("DB_DELAI_REQUETE", default=15)
DB_DELAI_REQUETE_LONGUE = env.float("DB_DELAI_REQUETE_LONGUE", default=600)
DB_DELAI_RESEAU = env.float("DB_DELAI_RESEAU", default=10)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    from ami.base_de_donnees import options_postgresql

    _options = DATABASES["default"].get("OPTIONS", {})
    _limites = options_postgresql(
        delai_connexion=DB_DELAI_CONNEXION, delai_requete=DB_DELAI_REQUETE, delai_reseau=DB_DELAI_RESEAU
    )
    if "options" in _options:  # ?options=-c… in DATABASE_URL: kept, after the statement timeout
        _limites["options"] += " " + _options.pop("options")
    DATABASES["default"]["OPTIONS"] = {**_limites, **_options}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "comptes.User"
LOGIN_URL = "comptes:connexion"
LOGIN_REDIRECT_URL = "comptes:espace"
LOGOUT_REDIRECT_URL = "accueil"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ANSSI recommends at least 12 characters for a password alone.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
# Database sessions tied to their person (comptes.sessions): « Mon compte » lists and closes them, a
# deactivation deletes them.
SESSION_ENGINE = "comptes.sessions"

# Accounts (issue 15): sign-up, invitations, login throttling, second factor, ProConnect
# (ami/settings_comptes.py).
from ami.settings_comptes import *  # noqa: E402, F403

# ProConnect's settings from the environment; its logout's form is redirected to the provider: the CSP's
# form-action names its origin.
from comptes.proconnect_reglages import politique_avec_proconnect, reglages_proconnect  # noqa: E402

_proconnect = reglages_proconnect(env.ENVIRON)
vars().update(_proconnect)
CONTENT_SECURITY_POLICY = politique_avec_proconnect(CONTENT_SECURITY_POLICY, _proconnect)

LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["ami.formats"]

STATIC_URL = "/static/"
# Set in production (collectstatic); outside it whitenoise serves files from the apps.
STATIC_ROOT = env("STATIC_ROOT", default=None)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Outside production, whitenoise serves static files straight from the apps.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Uploaded files (issue 4 onwards) live outside every public URL and are served
# only by views that check the user's right to the dossier.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "fichiers")))
# Where those files (pièces, archives) are kept, defined here only, as STORAGES["prive"] (pieces.stockage):
# « local », under PRIVATE_MEDIA_ROOT (one machine, the embedded default), or « s3 », a bucket of an
# S3-compatible object store shared by every machine of the portal (web, worker). Private objects, no URL:
# the portal streams each file after checking the user's right.
STOCKAGE = env("STOCKAGE", default="local")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "prive": {"BACKEND": "pieces.stockage.StockageLocal"},
}
if STOCKAGE == "s3":
    if not env("AWS_STORAGE_BUCKET_NAME", default=""):
        raise ImproperlyConfigured("STOCKAGE=s3 demande AWS_STORAGE_BUCKET_NAME, le nom du bucket.")
    STORAGES["prive"] = {
        "BACKEND": "pieces.stockage_s3.StockageS3",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),  # unset: AWS itself
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            # Unset: boto3's own chain (AWS_* variables, instance role…).
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "location": env("AWS_LOCATION", default=""),  # a prefix inside the bucket
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default=None),  # « path » for some stores
            # « private », or empty for a bucket whose ACLs are disabled (objects private by construction).
            "default_acl": env("AWS_DEFAULT_ACL", default="private") or None,
        },
    }
elif STOCKAGE != "local":
    raise ImproperlyConfigured(f"STOCKAGE vaut « local » ou « s3 », pas « {STOCKAGE} ».")
PIECE_TAILLE_MAX = env.int("PIECE_TAILLE_MAX", default=10 * 1024 * 1024)  # 10 Mo
PIECE_PAGES_MAX = env.int("PIECE_PAGES_MAX", default=100)  # a PDF over this is refused with its count
# A PDF up to this size is read (pages, active content) in the request, within PIECE_ANALYSE_DELAI seconds;
# a bigger one, or one that takes longer, by the background task (pieces.tasks), within the _TACHE delay.
PIECE_ANALYSE_IMMEDIATE_MAX = env.int("PIECE_ANALYSE_IMMEDIATE_MAX", default=1024 * 1024)
PIECE_ANALYSE_DELAI = env.float("PIECE_ANALYSE_DELAI", default=2.0)
PIECE_ANALYSE_DELAI_TACHE = env.float("PIECE_ANALYSE_DELAI_TACHE", default=60.0)
# The size limit enforced while the body streams in: reading stops past PIECE_TAILLE_MAX
# (pieces.televersement).
FILE_UPLOAD_HANDLERS = [
    "pieces.televersement.LimiteTaille",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Antivirus of the pièces (pieces.antivirus): « clamd », ClamAV's daemon (CLAMD_ADRESSE: its Unix socket, or
# « hôte:port »), or « aucun », the demo's choice, which the pieces' pages say. Production requires clamd.
ANTIVIRUS = env("ANTIVIRUS", default="clamd")
if ANTIVIRUS not in ("clamd", "aucun"):
    raise ImproperlyConfigured(f"ANTIVIRUS vaut « clamd » ou « aucun », pas « {ANTIVIRUS} ».")
CLAMD_ADRESSE = env("CLAMD_ADRESSE", default="/var/run/clamav/clamd.ctl")
CLAMD_DELAI = env.float("CLAMD_DELAI", default=60.0)  # seconds, a whole scan
API_LIMITE_PAR_MINUTE = env.int("API_LIMITE_PAR_MINUTE", default=120)  # requests per token, api.auth
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# « Enregistrer » (and a browser without JavaScript) posts every field of the section: the largest budget
# (budget.lignes.MAX_LIGNES = 400 lines × 9 fields), and a choice per field in a conflict, is 7 200 fields
# with the form's own; Django's 1 000 refused a budget of 140 lines (TooManyFieldsSent, HTTP 400).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="AMI SPIE <ne-pas-repondre@ami-spie.localhost>")

# Background tasks: Celery on Redis when REDIS_URL is set, run inline otherwise.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Redis down or unreachable (issue 13): a request waits for it at most REDIS_DELAI seconds per attempt —
# the cache (presence, API limit) then answers « information indisponible », a task not sent is swept
# again later (core.arriere_plan.lancer: one retry, so < 1 s in all, instead of blocking the request).
REDIS_DELAI = env.float("REDIS_DELAI", default=0.3)
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_DELAI
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_DELAI,
    "socket_timeout": REDIS_DELAI,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0,
    "interval_max": 0,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_DELAI
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_DELAI
# ``celery -A ami beat``: the daily reminder of the avis awaited (instruction.avis.relancer).
CELERY_BEAT_SCHEDULE = {
    "relancer-avis": {"task": "instruction.tasks.relancer_avis", "schedule": 24 * 60 * 60},
    "purger-archives": {"task": "exports.tasks.purger_archives", "schedule": 60 * 60},
    # The pieces whose scan failed (clamd down) or never ran: scanned again (pieces.tasks).
    "reprendre-analyses": {"task": "pieces.tasks.reprendre_analyses", "schedule": 5 * 60},
    # The same for the attachments of the messagerie (messagerie.analyse).
    "reprendre-analyses-messagerie": {
        "task": "messagerie.tasks.reprendre_analyses_messagerie",
        "schedule": 5 * 60,
    },
    # The outbox: each mail due (never sent: Redis was down; or failed, its next try come), sent.
    "envoyer-courriels": {"task": "courriels.tasks.envoyer_courriels_dus", "schedule": 60},
    # The exports still « en attente » after a while (their task not sent: Redis was down), sent again.
    "reprendre-exports": {"task": "exports.tasks.reprendre_exports", "schedule": 5 * 60},
    # The sign-ups never confirmed, older than INSCRIPTION_CONSERVATION_JOURS: deleted (comptes.inscription).
    "purger-inscriptions": {"task": "comptes.tasks.purger_inscriptions", "schedule": 60 * 60},
}
# Export files (exports.archive: ZIP archives, XLSX workbooks, CSV sheets): kept this many days, then deleted.
EXPORTS_CONSERVATION_JOURS = env.int("EXPORTS_CONSERVATION_JOURS", default=7)

# The history (core.historique, django-auditlog): changes as JSON values (True, None, numbers kept),
# the related objects by their primary key (named when shown), the entries of one change under one id.
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_CID_GETTER = "core.historique.operation_courante"
AUDITLOG_DISABLE_REMOTE_ADDR = True

DSFR_MARK_OPTIONAL_FIELDS = True
# No integrity attribute on the DSFR's <link> and <script> (issue 13 item 2): django-dsfr's hashes are
# those of its original files, and collectstatic (CompressedManifestStaticFilesStorage) rewrites the url()
# inside dsfr.min.css and utility.min.css, so Chromium refused the stylesheets in production. These files
# are served by the portal itself (SRI guards against a third-party host); tests/test_statiques_production.py
# checks that no integrity in the pages differs from the file collected and served.
DSFR_USE_INTEGRITY_CHECKSUMS = False
# django-dsfr marks the content of its alerts (flash messages…) safe unless told otherwise: user text in a
# message (a file name, an intitulé) would run as HTML. Intended markup is built with format_html.
DSFR_CONTENT_IS_SAFE = False
warnings.filterwarnings("ignore", message="Transitional Django setting DSFR_MARK_OPTIONAL_FIELDS")

SITE_NAME = "AMI SPIE"  # the header adds the call being worked on (templates/partials/entete.html)
# The portal's address as the links of e-mails give it (an archive ready to download…).
PORTAIL_URL = env("PORTAIL_URL", default="http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_DELAI, "socket_timeout": REDIS_DELAI},
        }
    }
