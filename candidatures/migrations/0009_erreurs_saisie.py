from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("candidatures", "0008_fidelite_libelles"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="erreurs_saisie",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
    ]
