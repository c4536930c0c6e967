from django.apps import AppConfig


class AmiConfig(AppConfig):
    name = "ami"
    verbose_name = "Appel à manifestation d'intérêt"

    def ready(self):
        from ami.models import Appel, Critere, ExclusionR08
        from core.historique import Suivi, suivre

        # Every change of the call, its grid and its exclusions is in the history, whoever makes it.
        # Named: with several calls, the log says which one (``str(Appel)``, its short name then).
        suivre(
            Appel,
            Suivi(objet=lambda entree, etat: f"Paramètres de l’appel « {entree.object_repr} »"),
            exclus=["modifie_le"],
        )
        suivre(
            Critere,
            Suivi(objet=lambda entree, etat: "Grille de notation", collection=True),
            champs=["ordre", "libelle", "source", "poids", "note_max"],
        )
        suivre(
            ExclusionR08,
            Suivi(objet=lambda entree, etat: "Exclusions (R08)", collection=True),
            champs=["nature", "nom", "departement", "siret"],
        )
