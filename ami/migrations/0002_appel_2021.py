from django.db import migrations


def creer_appel(apps, schema_editor):
    """The 2021 call, with the field defaults (the values of rules.md)."""
    Appel = apps.get_model("ami", "Appel")
    if not Appel.objects.exists():
        Appel.objects.create()


class Migration(migrations.Migration):
    dependencies = [("ami", "0001_initial")]
    operations = [migrations.RunPython(creer_appel, migrations.RunPython.noop)]
