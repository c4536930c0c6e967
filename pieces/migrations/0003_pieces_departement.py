"""One CD engagement letter per département of the territory (FAQ « l’accord des deux départements »),
and a replacement that waits for its analysis before the earlier pièce goes (issue 16, points 1 and 6).

The letters of existing dossiers get their département: the porteur's own when it is in the territory
(a porteur that is not the CD), else the first département of the territory that is not the porteur's,
else the porteur's département. ``Dossier.accord_deux_departements`` is no longer read: the agreement of
each département is its letter (``pieces.rules.lettres_cd_manquantes``).
"""

import django.db.models.deletion
from django.db import migrations, models


def departement_des_lettres(apps, schema_editor):
    Piece = apps.get_model("pieces", "Piece")
    lettres = Piece.objects.filter(nature="lettre_cd", departement__isnull=True).select_related(
        "dossier__organisation"
    )
    for lettre in lettres:
        organisation = lettre.dossier.organisation
        codes = sorted(lettre.dossier.departements.values_list("code", flat=True))
        porteur_cd = organisation.type == "conseil_departemental"
        autres = [code for code in codes if code != organisation.departement_id]
        if not porteur_cd and organisation.departement_id in codes:
            code = organisation.departement_id
        else:
            code = (autres or codes or [organisation.departement_id])[0]
        if Piece.objects.filter(
            dossier_id=lettre.dossier_id, nature="lettre_cd", departement_id=code
        ).exists():
            continue  # two letters cannot share one département: the other is kept without one
        lettre.departement_id = code
        lettre.save(update_fields=["departement"])


class Migration(migrations.Migration):
    dependencies = [
        ("candidatures", "0007_fidelite"),
        ("comptes", "0001_initial"),
        ("pieces", "0002_analyse_antivirus"),
        ("territoires", "0002_referentiel_insee"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="piece", name="piece_unique_par_nature"),
        migrations.AddField(
            model_name="piece",
            name="departement",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="territoires.departement",
                verbose_name="département",
            ),
        ),
        migrations.AddField(
            model_name="piece",
            name="remplace",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="remplacante",
                to="pieces.piece",
                verbose_name="remplace la pièce",
            ),
        ),
        migrations.RunPython(departement_des_lettres, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="piece",
            constraint=models.UniqueConstraint(
                deferrable=models.Deferrable["DEFERRED"],
                fields=("dossier", "nature", "departement", "remplace"),
                name="piece_unique_par_nature",
                nulls_distinct=False,
            ),
        ),
    ]
