"""The second factor in /django-admin/ (``core.admin_technique``): read only, and without its secrets.
django-otp's own ModelAdmins would show the TOTP keys (and their QR codes) and the recovery codes, and let
them be changed: they are replaced by these, which show whose application it is, when it was enrolled and
used, and its failed attempts. A person changes it in « Mon compte », an administrateur resets it from the
account's page in « Comptes et rôles »."""

# django-otp's admin modules register their ModelAdmins when imported (before this one: INSTALLED_APPS order).
import django_otp.plugins.otp_static.admin  # noqa: F401
import django_otp.plugins.otp_totp.admin  # noqa: F401
from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.admin_technique import LectureSeule

DEUX_FACTEURS = (
    "La double authentification se gère dans le portail : chacun dans « Mon compte », un administrateur la "
    "réinitialise depuis la page du compte dans « Comptes et rôles » (/compte/gestion/), inscrit au journal "
    "de sécurité. Les clés et les codes de secours ne s’affichent pas ici."
)
CHAMPS = ["user", "name", "confirmed", "created_at", "last_used_at", "throttling_failure_count"]

for modele in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(modele):
        admin.site.unregister(modele)


@admin.register(TOTPDevice)
class ApplicationAdmin(LectureSeule):
    portail = DEUX_FACTEURS
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__email"]
    fields = CHAMPS
    readonly_fields = CHAMPS


@admin.register(StaticDevice)
class CodesDeSecoursAdmin(LectureSeule):
    portail = DEUX_FACTEURS
    list_display = ["user", "name", "created_at", "last_used_at"]
    search_fields = ["user__email"]
    fields = CHAMPS
    readonly_fields = CHAMPS
