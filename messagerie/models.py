"""La messagerie d'un dossier (issue 17, point 10): les messages échangés entre l'équipe du porteur (les
candidats de son organisation) et l'instruction (instructeurs nationaux, administrateurs), et les
services territoriaux qu'un instructeur invite dans le fil (``Invitation``). Chaque message peut porter
des pièces jointes, vérifiées comme les pièces du dossier (``messagerie.analyse``, qui appelle
``pieces``). Qui lit et écrit : ``messagerie.acces``, seul endroit qui en décide."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from comptes.models import Role
from pieces.models import EtatAnalyse, Piece, stockage_prive


class Cote(models.TextChoices):
    """Le côté de l'auteur d'un message : les accusés de lecture sont par côté."""

    PORTEUR = "porteur", "Équipe du porteur"
    INSTRUCTION = "instruction", "Instruction"
    SERVICE = "service", "Service territorial invité"


COTES = {
    Role.CANDIDAT: Cote.PORTEUR,
    Role.INSTRUCTEUR: Cote.INSTRUCTION,
    Role.ADMINISTRATEUR: Cote.INSTRUCTION,
    Role.AGENT: Cote.SERVICE,
}


def cote_de(user) -> str | None:
    """Le côté de ``user`` dans les échanges (``Cote``), ``None`` s'il n'en a aucun."""
    return COTES.get(getattr(user, "role", None))


class Message(models.Model):
    dossier = models.ForeignKey("candidatures.Dossier", on_delete=models.CASCADE, related_name="messages")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="auteur",
    )
    cote = models.CharField("côté", max_length=12, choices=Cote.choices)
    # Le service de l'agent qui écrit (côté ``SERVICE``), gardé s'il change de service ensuite.
    service = models.ForeignKey(
        "comptes.ServiceTerritorial", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    texte = models.TextField("message")
    envoye_le = models.DateTimeField("envoyé le", default=timezone.now)
    # Accusés de lecture : la première lecture par un membre de l'équipe du porteur, par l'instruction.
    lu_porteur_le = models.DateTimeField("lu par l’équipe du porteur le", null=True, blank=True)
    lu_instruction_le = models.DateTimeField("lu par l’instruction le", null=True, blank=True)

    class Meta:
        verbose_name = "message"
        ordering = ["envoye_le", "id"]
        indexes = [models.Index(fields=["dossier", "envoye_le"], name="message_dossier_date")]

    def __str__(self):
        return f"{self.dossier} : message du {self.envoye_le:%d/%m/%Y %H:%M}"

    @property
    def signature(self) -> str:
        """« Camille Martin (équipe du porteur) », « Alex Durand (instruction) », « … (DDETS du Nord) »."""
        nom = self.auteur.get_full_name() if self.auteur else "Compte supprimé"
        if self.cote == Cote.SERVICE:
            return f"{nom} ({self.service.nom if self.service else 'service territorial'})"
        return f"{nom} ({'équipe du porteur' if self.cote == Cote.PORTEUR else 'instruction'})"


def chemin(piece, nom_original):
    # Jamais le nom du fichier de l'utilisateur sur le disque : un nom aléatoire dans le dossier.
    return f"messagerie/{piece.message.dossier_id}/{uuid.uuid4().hex}.pdf"


class PieceJointe(models.Model):
    """Le fichier joint à un message : un PDF vérifié à l'envoi par le formulaire des pièces
    (``pieces.forms.PieceForm``), puis par l'antivirus (``messagerie.analyse``). Téléchargeable comme
    une pièce du dossier : une fois déclaré sain (``Piece.telechargeable``)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="pieces_jointes")
    fichier = models.FileField("fichier", upload_to=chemin, storage=stockage_prive, max_length=200)
    nom = models.CharField("nom du fichier", max_length=200)
    taille = models.PositiveIntegerField("taille (octets)")
    pages = models.PositiveIntegerField("nombre de pages", null=True, blank=True)
    empreinte = models.CharField("empreinte SHA-256", max_length=64)
    analyse = models.CharField(
        "analyse", max_length=20, choices=EtatAnalyse.choices, default=EtatAnalyse.EN_ATTENTE
    )
    analyse_le = models.DateTimeField("analysée le", null=True, blank=True)
    analyse_detail = models.CharField("détail de l’analyse", max_length=300, blank=True)

    class Meta:
        verbose_name = "pièce jointe d’un message"
        verbose_name_plural = "pièces jointes des messages"
        ordering = ["id"]

    def __str__(self):
        return self.nom

    # The pièces' rules, not a copy of them: clean (or no antivirus on this instance) to be downloaded.
    telechargeable = Piece.telechargeable
    en_cours = Piece.en_cours


class Invitation(models.Model):
    """Un service territorial invité par un instructeur à lire et écrire dans le fil du dossier."""

    dossier = models.ForeignKey("candidatures.Dossier", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("comptes.ServiceTerritorial", on_delete=models.CASCADE, related_name="+")
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="par"
    )
    le = models.DateTimeField("le", default=timezone.now)
    # La dernière lecture du fil par un agent du service : ses messages non lus sont ceux d'après.
    lu_le = models.DateTimeField("lu par le service le", null=True, blank=True)

    class Meta:
        verbose_name = "invitation d’un service dans les échanges"
        verbose_name_plural = "invitations de services dans les échanges"
        ordering = ["le", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "service"], name="invitation_unique_par_service")
        ]

    def __str__(self):
        return f"{self.dossier} : {self.service}"
