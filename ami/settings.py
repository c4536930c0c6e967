"""Réglages du portail, lus dans l'environnement (django-environ).

Les valeurs par défaut sont celles de la démo et des tests : SQLite embarqué,
fichiers locaux, tâches exécutées immédiatement, courriels affichés dans la console.
La production utilise ``ami.settings_production``.
"""

import warnings
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=False)
# The default key is only good for the demo and the tests: ``check --deploy`` flags it.
SECRET_KEY = env("SECRET_KEY", default="django-insecure-demo-only-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every view needs a logged-in user unless it is marked @login_not_required.
    "ami.middleware.ConnexionRequiseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "ami.urls"
WSGI_APPLICATION = "ami.wsgi.application"

# Project templates first (the DSFR field snippet with its always-present error container).
FORM_RENDERER = "ami.formulaires.Rendu"

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
PIECE_TAILLE_MAX = env.int("PIECE_TAILLE_MAX", default=10 * 1024 * 1024)  # 10 Mo
API_LIMITE_PAR_MINUTE = env.int("API_LIMITE_PAR_MINUTE", default=120)  # requests per token, api.auth
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
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
# ``celery -A ami beat``: the daily reminder of the avis awaited (instruction.avis.relancer).
CELERY_BEAT_SCHEDULE = {
    "relancer-avis": {"task": "instruction.tasks.relancer_avis", "schedule": 24 * 60 * 60},
    "purger-archives": {"task": "exports.tasks.purger_archives", "schedule": 60 * 60},
}
# ZIP archives of dossiers (exports.archive): kept this many days, then deleted.
EXPORTS_CONSERVATION_JOURS = env.int("EXPORTS_CONSERVATION_JOURS", default=7)

DSFR_MARK_OPTIONAL_FIELDS = True
warnings.filterwarnings("ignore", message="Transitional Django setting DSFR_MARK_OPTIONAL_FIELDS")

SITE_NAME = "AMI SPIE — vague 2"
# The portal's address as the links of e-mails give it (an archive ready to download…).
PORTAIL_URL = env("PORTAIL_URL", default="http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

AUTHENTICATION_BACKENDS = ["comptes.backends.EmailBackend"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
