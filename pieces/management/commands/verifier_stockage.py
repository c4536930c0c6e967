"""``manage.py verifier_stockage``: at deploy time, the private storage works and stays private — a file
written, read back and deleted; on S3, the object's ACL grants nobody but its owner, and an anonymous GET
of it is refused (a public bucket policy would let it through)."""

import urllib.error
import urllib.request
import uuid

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError

from pieces.stockage import stockage

PUBLICS = ("/global/AllUsers", "/global/AuthenticatedUsers")


def statut_anonyme(url: str) -> int:
    """The HTTP status of a GET of ``url`` without any credentials."""
    try:
        with urllib.request.urlopen(url, timeout=10) as reponse:  # noqa: S310  (the storage's own endpoint)
            return reponse.status
    except urllib.error.HTTPError as erreur:
        return erreur.code


class Command(BaseCommand):
    help = (
        "Vérifie le stockage privé des pièces et archives : écriture, lecture, suppression ; "
        "sur S3, objet privé et lecture anonyme refusée."
    )

    def handle(self, *args, **options):
        contenu = f"verification {uuid.uuid4()}".encode()
        nom = stockage.save(f"verification/{uuid.uuid4().hex}.txt", ContentFile(contenu))
        try:
            with stockage.open(nom, "rb") as fichier:
                if fichier.read() != contenu:
                    raise CommandError(f"Le fichier relu ({nom}) diffère du fichier écrit.")
            self.stdout.write(f"Écriture et lecture : {nom}")
            if hasattr(stockage, "bucket"):
                self.verifier_s3(stockage._normalize_name(nom))
        finally:
            stockage.delete(nom)
        if stockage.exists(nom):
            raise CommandError(f"Le fichier {nom} n’a pas été supprimé.")
        self.stdout.write(self.style.SUCCESS("Stockage privé vérifié."))

    def verifier_s3(self, cle: str) -> None:
        client = stockage.connection.meta.client
        acl = client.get_object_acl(Bucket=stockage.bucket_name, Key=cle)
        publics = [g for g in acl["Grants"] if g["Grantee"].get("URI", "").endswith(PUBLICS)]
        if publics:
            raise CommandError(f"L’objet {cle} est lisible par tous (ACL) : le bucket doit rester privé.")
        # The object's plain address, as a browser would ask it (no signature).
        url = stockage.unsigned_connection.meta.client.generate_presigned_url(
            "get_object", Params={"Bucket": stockage.bucket_name, "Key": cle}
        )
        statut = statut_anonyme(url)
        if statut < 400:
            raise CommandError(
                f"Un GET anonyme de {url} répond {statut} : le bucket est public (politique ou ACL). "
                "Bloquez l’accès public au bucket."
            )
        self.stdout.write(f"Objet privé (ACL du seul propriétaire), GET anonyme refusé ({statut}).")
