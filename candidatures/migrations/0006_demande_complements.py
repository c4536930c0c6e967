"""The demande de compléments as one record (``DemandeComplements``), from the JSON it was kept in twice:
the transitions' ``donnees`` (« Demande de compléments »: sections, date, the dossier as read; « Compléments
transmis »: what changed) and ``Dossier.complements``, removed."""

import datetime

import django.db.models.deletion
from django.db import migrations, models

DEMANDER, TRANSMETTRE = "demander_complements", "transmettre_complements"
COLONNES = ("section", "libelle", "avant", "apres")


def vers_demandes(apps, schema_editor):
    Transition = apps.get_model("candidatures", "Transition")
    DemandeComplements = apps.get_model("candidatures", "DemandeComplements")
    etapes = Transition.objects.filter(action__in=(DEMANDER, TRANSMETTRE)).order_by("dossier_id", "le", "id")
    ouvertes = {}  # dossier → its demande not answered yet
    for etape in etapes:
        donnees = etape.donnees if isinstance(etape.donnees, dict) else {}
        if etape.action == DEMANDER:
            ouvertes.pop(etape.dossier_id, None)
            if donnees.get("date_limite"):
                ouvertes[etape.dossier_id] = DemandeComplements.objects.create(
                    dossier_id=etape.dossier_id,
                    transition=etape,
                    sections=list(donnees.get("sections", [])),
                    date_limite=datetime.date.fromisoformat(donnees["date_limite"]),
                    avant=donnees.get("avant", {}),
                )
        elif demande := ouvertes.pop(etape.dossier_id, None):
            demande.reponse = etape
            demande.modifications = [
                dict(zip(COLONNES, m, strict=True)) for m in donnees.get("modifications", [])
            ]
            demande.save(update_fields=["reponse", "modifications"])
        for cle in ("sections", "date_limite", "avant", "modifications"):
            donnees.pop(cle, None)
        Transition.objects.filter(pk=etape.pk).update(donnees=donnees)


def vers_donnees(apps, schema_editor):
    Transition = apps.get_model("candidatures", "Transition")
    Dossier = apps.get_model("candidatures", "Dossier")
    DemandeComplements = apps.get_model("candidatures", "DemandeComplements")
    for demande in DemandeComplements.objects.select_related("transition", "reponse", "dossier"):
        date_limite = demande.date_limite.isoformat()
        demandee = demande.transition
        Transition.objects.filter(pk=demandee.pk).update(
            donnees={
                **(demandee.donnees or {}),
                "sections": demande.sections,
                "date_limite": date_limite,
                "avant": demande.avant,
            }
        )
        if demande.reponse_id:
            modifications = [[m[c] for c in COLONNES] for m in demande.modifications]
            Transition.objects.filter(pk=demande.reponse_id).update(
                donnees={
                    **(demande.reponse.donnees or {}),
                    "sections": demande.sections,
                    "modifications": modifications,
                }
            )
        elif demande.dossier.etat == "complements":
            Dossier.objects.filter(pk=demande.dossier_id).update(
                complements={
                    "sections": demande.sections,
                    "date_limite": date_limite,
                    "message": demandee.motif,
                }
            )


class Migration(migrations.Migration):
    dependencies = [
        ("candidatures", "0005_regles_bloquantes"),
    ]

    operations = [
        migrations.CreateModel(
            name="DemandeComplements",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sections", models.JSONField(default=list, verbose_name="sections à compléter")),
                ("date_limite", models.DateField(verbose_name="à compléter au plus tard le")),
                ("avant", models.JSONField(blank=True, default=dict, editable=False)),
                ("modifications", models.JSONField(blank=True, default=list, editable=False)),
                (
                    "dossier",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="demandes_complements",
                        to="candidatures.dossier",
                    ),
                ),
                (
                    "reponse",
                    models.OneToOneField(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="reponse_complements",
                        to="candidatures.transition",
                    ),
                ),
                (
                    "transition",
                    models.OneToOneField(
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="demande_complements",
                        to="candidatures.transition",
                    ),
                ),
            ],
            options={
                "verbose_name": "demande de compléments",
                "verbose_name_plural": "demandes de compléments",
                "ordering": ["id"],
            },
        ),
        migrations.RunPython(vers_demandes, vers_donnees),
        migrations.RemoveField(model_name="dossier", name="complements"),
    ]
