"""The stored sort keys of the instruction queue on the territory (``Dossier.tri_departement``,
``Dossier.tri_region``): the first of the dossier's départements' codes, the first of their régions'
names (MIN, the collation of the base), NULL for a dossier without any département — what the queue
sorted on when it aggregated every dossier's départements before sorting (``instruction.file.TRIS``).
Stored and indexed (``dossier_tri_departement``, ``dossier_tri_region``: with the id, which breaks the
ties), the queue reads 50 rows of an index instead of grouping 50 000 dossiers.

Kept here only, by ``departements_changes``, connected to ``m2m_changed`` of the link table
(``candidatures.apps``): every path that changes a dossier's départements goes through the related
manager and sends it — the territory section (``TerritoireForm.enregistrer_liens``: ``set``), a new
draft (``DossierQuerySet.creer``: ``add``), the demo (``demo.exemples``, ``demo.remplissage``), the
factories, the admin's forms, ``loaddata``, and the reverse side (``departement.dossiers.add(…)``).

Two paths do not send it and call ``recalculer`` themselves: a ``bulk_create`` of the link table (the
benches, the queue's tests) and the migration that filled the keys of the existing dossiers
(``0010_tri_territoire``). The names of the régions and départements are the INSEE référentiel
(``territoires/data``, loaded by migration, read-only in the admin): a migration that changed them
would call ``recalculer(Dossier.objects.all())`` too.
"""

from django.db.models import Min, OuterRef, Subquery

# Each key and the value of the link table (dossier ↔ département) it is the MIN of.
CLES = {"tri_departement": "departement_id", "tri_region": "departement__region__nom"}


def _premier(Lien, champ: str) -> Subquery:
    liens = Lien.objects.filter(dossier_id=OuterRef("pk")).order_by().values("dossier_id")
    return Subquery(liens.annotate(premier=Min(champ)).values("premier")[:1])


def recalculer(dossiers) -> int:
    """The keys of ``dossiers`` (a queryset, of the model or of a migration's historical model) written
    again from their départements: one UPDATE, whatever their number. Returns the number of rows."""
    Lien = dossiers.model.departements.through
    return dossiers.order_by().update(**{cle: _premier(Lien, champ) for cle, champ in CLES.items()})


def mettre_a_jour(dossier) -> None:
    """The keys of ``dossier`` computed from its départements, written (one SELECT, one UPDATE) and set
    on the instance: a later save of it never writes back the old ones."""
    Dossier = type(dossier)
    Lien = Dossier.departements.through
    valeurs = Lien.objects.filter(dossier_id=dossier.pk).aggregate(
        **{cle: Min(champ) for cle, champ in CLES.items()}
    )
    Dossier.objects.filter(pk=dossier.pk).update(**valeurs)
    for cle, valeur in valeurs.items():
        setattr(dossier, cle, valeur)


def departements_changes(sender, instance, action, reverse, model, pk_set, **kwargs):
    """``m2m_changed`` of ``Dossier.departements.through``: the keys of the dossiers whose départements
    changed. ``dossier.departements.add/remove/set/clear``: that dossier; ``departement.dossiers.…``
    (``reverse``): the dossiers named, or those the département had before a ``clear``."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            mettre_a_jour(instance)
        return
    if action == "pre_clear":
        avant = sender.objects.filter(departement_id=instance.pk).values_list("dossier_id", flat=True)
        instance.__dict__["_tri_dossiers_avant"] = list(avant)
        return
    if action == "post_clear":
        pk_set = instance.__dict__.pop("_tri_dossiers_avant", ())
    elif action not in ("post_add", "post_remove"):
        return
    if pk_set:
        recalculer(model.objects.filter(pk__in=pk_set))


def connecter() -> None:
    """Called once by ``CandidaturesConfig.ready``."""
    from django.db.models.signals import m2m_changed

    from candidatures.models import Dossier

    m2m_changed.connect(
        departements_changes, sender=Dossier.departements.through, dispatch_uid="candidatures.tri"
    )
