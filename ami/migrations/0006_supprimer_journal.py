"""The hand-made log (``Journal``) replaced by the history of django-auditlog (``core.historique``): each
row carried over as an event of the history (its objet, action and lines kept as they read), linked to
the account it names (« Compte … ») or else to the call, then the table dropped."""

from django.db import migrations


def reporter(apps, schema_editor):
    Journal = apps.get_model("ami", "Journal")
    Appel = apps.get_model("ami", "Appel")
    User = apps.get_model("comptes", "User")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Journal.objects.exists():
        return
    type_appel, _ = ContentType.objects.get_or_create(app_label="ami", model="appel")
    type_compte, _ = ContentType.objects.get_or_create(app_label="comptes", model="user")
    appel = Appel.objects.order_by("-date_limite_depot").first()
    for ligne in Journal.objects.order_by("le", "id").iterator():
        cible_type, cible = type_appel, appel
        if ligne.objet.startswith("Compte "):
            compte = User.objects.filter(email=ligne.objet.removeprefix("Compte ")).first()
            if compte is not None:
                cible_type, cible = type_compte, compte
        pk = cible.pk if cible is not None else 0
        LogEntry.objects.create(
            content_type=cible_type,
            object_pk=str(pk),
            object_id=pk,
            object_repr=ligne.objet,
            action=1,  # an event: no field's change, its text in additional_data (core.historique)
            changes=None,
            actor_id=ligne.par_id,
            actor_email=None,
            timestamp=ligne.le,
            additional_data={"objet": ligne.objet, "action": ligne.action, "changements": ligne.changements},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("ami", "0005_ouverture_avis_enveloppe"),
        ("auditlog", "0017_add_actor_email"),
        ("comptes", "__first__"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(reporter, migrations.RunPython.noop),
        migrations.DeleteModel(name="Journal"),
    ]
