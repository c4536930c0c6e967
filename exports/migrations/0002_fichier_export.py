"""The Archive (ZIP) becomes the « fichier d'export » of any format (ZIP, XLSX, CSV of one sheet),
prepared in the background. Existing archives are kept: renamed table, format « zip », their
progress in steps (a step a dossier, as before)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def etapes_des_archives(apps, schema_editor):
    apps.get_model("exports", "FichierExport").objects.update(etapes=F("total"))


class Migration(migrations.Migration):
    dependencies = [
        ("exports", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("Archive", "FichierExport"),
        migrations.AlterModelOptions(
            name="fichierexport",
            options={
                "ordering": ["-cree_le", "-id"],
                "verbose_name": "fichier d’export",
                "verbose_name_plural": "fichiers d’export",
            },
        ),
        migrations.AddField(
            model_name="fichierexport",
            name="format",
            field=models.CharField(
                choices=[("zip", "Archive ZIP"), ("xlsx", "Classeur XLSX"), ("csv", "CSV")],
                default="zip",
                max_length=4,
                verbose_name="format",
            ),
        ),
        migrations.AddField(
            model_name="fichierexport",
            name="feuille",
            field=models.CharField(
                blank=True,
                choices=[
                    ("dossiers", "Dossiers"),
                    ("membres", "Membres du consortium"),
                    ("depenses", "Dépenses"),
                    ("financements", "Plan de financement"),
                ],
                max_length=12,
                verbose_name="feuille (CSV)",
            ),
        ),
        migrations.AddField(
            model_name="fichierexport",
            name="etapes",
            field=models.PositiveIntegerField(default=0, verbose_name="étapes"),
        ),
        migrations.RunPython(etapes_des_archives, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="fichierexport",
            name="demandeur",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="exports",
                to=settings.AUTH_USER_MODEL,
                verbose_name="demandeur",
            ),
        ),
        migrations.AlterField(
            model_name="fichierexport",
            name="etat",
            field=models.CharField(
                choices=[
                    ("en_attente", "En attente"),
                    ("en_cours", "En préparation"),
                    ("prete", "Prêt"),
                    ("echec", "Échec"),
                    ("expiree", "Supprimé (délai de conservation écoulé)"),
                ],
                default="en_attente",
                max_length=12,
                verbose_name="état",
            ),
        ),
        migrations.AlterField(
            model_name="fichierexport",
            name="total",
            field=models.PositiveIntegerField(default=0, verbose_name="dossiers exportés"),
        ),
        migrations.AlterField(
            model_name="fichierexport",
            name="faits",
            field=models.PositiveIntegerField(default=0, verbose_name="étapes faites"),
        ),
        migrations.AlterField(
            model_name="fichierexport",
            name="cree_le",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="demandé le"),
        ),
        migrations.AlterField(
            model_name="fichierexport",
            name="termine_le",
            field=models.DateTimeField(blank=True, null=True, verbose_name="terminé le"),
        ),
        migrations.AlterField(
            model_name="fichierexport",
            name="expire_le",
            field=models.DateTimeField(blank=True, null=True, verbose_name="supprimé le"),
        ),
        migrations.AddConstraint(
            model_name="fichierexport",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("feuille__in", ["dossiers", "membres", "depenses", "financements"]),
                        ("format", "csv"),
                    ),
                    models.Q(models.Q(("format", "csv"), _negated=True), ("feuille", "")),
                    _connector="OR",
                ),
                name="export_feuille_du_csv",
            ),
        ),
    ]
