"""Personal tokens of the read API: an administrateur issues one to a member of the State staff
(instructeur, agent territorial, administrateur), who sends it as ``Authorization: Bearer <jeton>``.

The token reads ``ami_<préfixe>_<secret>``: the préfixe (8 characters) names it in the lists; only the
SHA-256 empreinte of the whole token is stored, never the token itself, which is shown once at issue.
"""

import hashlib
import secrets
import string

from django.conf import settings
from django.db import models
from django.utils import timezone

from comptes.models import Role

ROLES_API = (Role.INSTRUCTEUR, Role.AGENT, Role.ADMINISTRATEUR)
ALPHABET_PREFIXE = string.ascii_lowercase + string.digits


def empreinte(jeton: str) -> str:
    return hashlib.sha256(jeton.encode()).hexdigest()


class EtatJeton(models.TextChoices):
    ACTIF = "actif", "Actif"
    EXPIRE = "expire", "Expiré"
    REVOQUE = "revoque", "Révoqué"


class JetonApiQuerySet(models.QuerySet):
    def emettre(self, user, libelle: str, cree_par, expire_le=None) -> tuple["JetonApi", str]:
        """A new token of ``user``: the row and the token in clear, to show once and never again."""
        prefixe = "".join(secrets.choice(ALPHABET_PREFIXE) for _ in range(8))
        jeton = f"ami_{prefixe}_{secrets.token_urlsafe(32)}"
        ligne = self.create(
            user=user,
            libelle=libelle,
            prefixe=prefixe,
            empreinte=empreinte(jeton),
            cree_par=cree_par,
            expire_le=expire_le,
        )
        return ligne, jeton


class JetonApi(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jetons_api",
        verbose_name="titulaire",
    )
    libelle = models.CharField(
        "libellé", max_length=100, help_text="À quoi sert ce jeton, pour le retrouver."
    )
    prefixe = models.CharField("préfixe", max_length=8, editable=False)
    empreinte = models.CharField("empreinte SHA-256", max_length=64, unique=True, editable=False)
    cree_le = models.DateTimeField("créé le", default=timezone.now, editable=False)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name="créé par",
    )
    derniere_utilisation = models.DateTimeField("dernière utilisation", null=True, blank=True, editable=False)
    expire_le = models.DateField(
        "valable jusqu’au", null=True, blank=True, help_text="Inclus. Vide : jusqu’à sa révocation."
    )
    revoque_le = models.DateTimeField("révoqué le", null=True, blank=True, editable=False)
    revoque_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="révoqué par",
    )

    objects = JetonApiQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton d’API"
        verbose_name_plural = "jetons d’API"
        ordering = ["-cree_le", "-id"]

    def __str__(self):
        return f"ami_{self.prefixe}… ({self.libelle})"

    @property
    def affichage(self) -> str:
        """What the lists show of the token: its préfixe, never more."""
        return f"ami_{self.prefixe}_…"

    def etat(self, aujourd_hui=None) -> str:
        if self.revoque_le:
            return EtatJeton.REVOQUE
        if self.expire_le and (aujourd_hui or timezone.localdate()) > self.expire_le:
            return EtatJeton.EXPIRE
        return EtatJeton.ACTIF

    @property
    def libelle_etat(self) -> str:
        return EtatJeton(self.etat()).label

    def revoquer(self, par) -> bool:
        """Revoke now (idempotent: a token revoked twice keeps its first date and author)."""
        if self.revoque_le:
            return False
        self.revoque_le, self.revoque_par = timezone.now(), par
        JetonApi.objects.filter(pk=self.pk, revoque_le=None).update(
            revoque_le=self.revoque_le, revoque_par=par
        )
        return True
