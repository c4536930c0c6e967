from django.db import migrations

from territoires.referentiel import charger


def charger_referentiel(apps, schema_editor):
    charger(apps.get_model("territoires", "Region"), apps.get_model("territoires", "Departement"))


class Migration(migrations.Migration):
    dependencies = [("territoires", "0001_initial")]
    operations = [migrations.RunPython(charger_referentiel, migrations.RunPython.noop)]
