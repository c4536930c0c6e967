"""« Repartir d’un dossier d’un appel précédent »: a new draft of another call, with what its porteur
wrote — the chef de file and the territory, the consortium, the answers of the axes and their
indicators, the methodology and the texts of the engagements — and never what belongs to the earlier
call: its pièces, its state and number, its budget (the new call's dates, ceilings and rates), the
engagements' ticked boxes (each one, a commitment to that call, is made again)."""

from django.db import transaction

from candidatures.models import Dossier, Indicateur
from consortium.models import Membre

# The dossier's own fields a copy leaves out: its identity, its life, what the portal computes, its
# budget figures, and the engagements' boxes.
NON_REPRIS = {
    "id",
    "appel",
    "organisation",
    "intitule",
    "etat",
    "numero_ordre",
    "numero",
    "completude",
    "nb_bloquantes",
    "nb_avertissements",
    "regles_bloquantes",
    "versions",
    "erreurs_saisie",
    "cree_le",
    "cree_par",
    "modifie_le",
    "modifie_par",
    "depose_le",
    "depose_par",
    "cout_global",
    "subvention_demandee",
}


def champs_repris() -> list[str]:
    """The fields of ``Dossier`` a copy takes: the porteur's answers, not the engagements' boxes."""

    def repris(nom: str) -> bool:
        if nom in NON_REPRIS:
            return False
        return not nom.startswith("engagement_") or nom == "engagement_propositions"

    return [f.attname for f in Dossier._meta.concrete_fields if repris(f.name)]


def _copier(lignes, **champs):
    """Copies of ``lignes`` (model instances) with ``champs`` set, not saved."""
    copies = []
    for ligne in lignes:
        ligne.pk = ligne.id = None
        ligne._state.adding = True
        for nom, valeur in champs.items():
            setattr(ligne, nom, valeur)
        copies.append(ligne)
    return copies


def repartir(source: Dossier, appel, intitule: str, user) -> Dossier:
    """The new draft of ``appel`` started from ``source`` (see the module), created by ``user``."""
    with transaction.atomic():
        dossier = Dossier.objects.creer(appel, source.organisation, intitule, user)
        for nom in champs_repris():
            setattr(dossier, nom, getattr(source, nom))
        dossier.save()
        dossier.departements.set(source.departements.all())
        Membre.objects.bulk_create(_copier(source.membres.all(), dossier=dossier))
        for reponse in source.axes.prefetch_related("indicateurs"):
            indicateurs = list(reponse.indicateurs.all())
            [copie] = _copier([reponse], dossier=dossier)
            copie.save()
            Indicateur.objects.bulk_create(_copier(indicateurs, reponse=copie))
    return dossier
