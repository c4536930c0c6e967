"""The instructeur's findings rule by rule at the recevabilité decision as records (``ConstatRegle``),
from ``Transition.donnees["regles"]``."""

import django.db.models.deletion
from django.db import migrations, models

RECEVABILITE = ("declarer_recevable", "declarer_irrecevable")


def vers_constats(apps, schema_editor):
    Transition = apps.get_model("candidatures", "Transition")
    ConstatRegle = apps.get_model("instruction", "ConstatRegle")
    for decision in Transition.objects.filter(action__in=RECEVABILITE).order_by("id"):
        donnees = decision.donnees if isinstance(decision.donnees, dict) else {}
        if "regles" not in donnees:
            continue
        ConstatRegle.objects.bulk_create(
            ConstatRegle(
                transition=decision,
                regle=regle,
                automatique=constat.get("automatique", ""),
                constat=constat.get("constat", ""),
                motif=constat.get("motif", ""),
            )
            for regle, constat in (donnees.pop("regles") or {}).items()
        )
        Transition.objects.filter(pk=decision.pk).update(donnees=donnees)


def vers_donnees(apps, schema_editor):
    Transition = apps.get_model("candidatures", "Transition")
    ConstatRegle = apps.get_model("instruction", "ConstatRegle")
    regles = {}
    for c in ConstatRegle.objects.order_by("id"):
        regles.setdefault(c.transition_id, {})[c.regle] = {
            "automatique": c.automatique,
            "constat": c.constat,
            "motif": c.motif,
        }
    for decision in Transition.objects.filter(pk__in=regles):
        Transition.objects.filter(pk=decision.pk).update(
            donnees={**(decision.donnees or {}), "regles": regles[decision.pk]}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("candidatures", "0006_demande_complements"),
        ("instruction", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ConstatRegle",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("regle", models.CharField(max_length=10, verbose_name="règle")),
                ("automatique", models.CharField(max_length=20, verbose_name="vérification automatique")),
                (
                    "constat",
                    models.CharField(
                        choices=[("conforme", "Conforme"), ("non_conforme", "Non conforme")],
                        max_length=20,
                        verbose_name="constat de l’instructeur",
                    ),
                ),
                ("motif", models.TextField(blank=True, verbose_name="motivation")),
                (
                    "transition",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="constats",
                        to="candidatures.transition",
                    ),
                ),
            ],
            options={
                "verbose_name": "constat sur une règle",
                "verbose_name_plural": "constats sur les règles",
                "ordering": ["id"],
                "constraints": [
                    models.UniqueConstraint(fields=("transition", "regle"), name="constat_regle_unique")
                ],
            },
        ),
        migrations.RunPython(vers_constats, vers_donnees),
    ]
