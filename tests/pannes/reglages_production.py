"""``ami.settings_production`` as deployed, for the tests that start gunicorn on it (test_base_de_donnees):
only the static files differ — found in the apps, not collected (collectstatic with the manifest takes
minutes here) — and, with AMI_URLCONF_DE_TEST, the URLconf (a view that runs a long statement)."""

import os

from ami.settings_production import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
ROOT_URLCONF = os.environ.get("AMI_URLCONF_DE_TEST", "ami.urls")
STATIC_ROOT = None  # not collected: whitenoise finds the files in the apps
