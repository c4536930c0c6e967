"""Issue 16 (budget): « déjà financée par un autre dispositif de l'État » on each expense line (R15),
« acquis / demandé » and « numéraire / nature » on each financing line (R13), and « frais généraux O/N »
derived from the nature (R14: one source of truth, held by a check constraint).

Existing lines: « frais généraux O/N » is recomputed from the nature; « déjà financée » is « oui » for the
lines of the former nature « déjà financée par un autre dispositif de l'État » (the question replaces
it), « non » for the others — they were given the choice of that nature and did not take it. The new
questions of the financing lines are left unanswered: nothing in the former lines says them."""

from django.db import migrations, models

NATURES_FRAIS_GENERAUX = ["frais_generaux", "frais_mission"]


def deriver(apps, schema_editor):
    LigneDepense = apps.get_model("budget", "LigneDepense")
    LigneDepense.objects.update(frais_generaux=False)
    LigneDepense.objects.filter(nature__in=NATURES_FRAIS_GENERAUX).update(frais_generaux=True)
    LigneDepense.objects.update(deja_financee_etat="non")
    LigneDepense.objects.filter(nature="deja_finance_etat").update(deja_financee_etat="oui")


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0003_fidelite"),
    ]

    operations = [
        migrations.AddField(
            model_name="lignedepense",
            name="deja_financee_etat",
            field=models.CharField(
                blank=True,
                choices=[("oui", "Oui"), ("non", "Non")],
                max_length=3,
                verbose_name="Cette dépense est-elle déjà financée par un autre dispositif de l'État (CALPAE…) ?",
            ),
        ),
        migrations.AddField(
            model_name="lignefinancement",
            name="statut",
            field=models.CharField(
                blank=True,
                choices=[
                    ("acquis", "Acquis (déjà attribué)"),
                    ("demande", "Demandé (demande formelle déjà déposée)"),
                    ("envisage", "Ni attribué ni demandé (ne compte pas dans le cofinancement)"),
                ],
                max_length=10,
                verbose_name="Ce financement est-il acquis ou demandé ?",
            ),
        ),
        migrations.AddField(
            model_name="lignefinancement",
            name="modalite",
            field=models.CharField(
                blank=True,
                choices=[
                    ("numeraire", "En numéraire"),
                    ("nature", "En nature (valorisation d'un apport : personnel, locaux…)"),
                ],
                max_length=10,
                verbose_name="Apporté en numéraire ou en nature ?",
            ),
        ),
        migrations.RunPython(deriver, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="lignedepense",
            constraint=models.CheckConstraint(
                condition=models.Q(("frais_generaux", True), ("nature__in", NATURES_FRAIS_GENERAUX))
                | models.Q(
                    ("frais_generaux", False),
                    models.Q(("nature__in", NATURES_FRAIS_GENERAUX), _negated=True),
                ),
                name="frais_generaux_selon_nature",
                violation_error_message="« Frais généraux O/N » suit la nature de la dépense.",
            ),
        ),
    ]
