"""What each member of the consortium is (``Membre.statut``), replacing the optional box « Cette structure
est le conseil départemental »: R04 and W01 judge by what the structure is (issue 16, point 4).

Existing rows get a statut from the box, their row of annexe 7 and, for the ambiguous rows, their name:
a collectivité named « Conseil départemental… » or « Département de… » is the CD even when the box was
left unticked; an opérateur named « Mission locale », « Cap emploi » or « PLIE » is an association (what
they most often are), another opérateur or institutional actor an établissement public.
"""

import re

from django.db import migrations, models

NOM_CD = re.compile(
    r"^\W*(conseil\s+d[ée]partemental|conseil\s+g[ée]n[ée]ral|d[ée]partement\s+(de|du|des|d['’])|cd\s?\d)",
    re.IGNORECASE,
)
NOM_ASSOCIATION = re.compile(r"mission\s+locale|cap\s+emploi|\bplie\b", re.IGNORECASE)

PAR_TYPE = {
    "pole_emploi": "pole_emploi",
    "etat": "etat",
    "association": "association",
    "entreprise": "entreprise",
    "institutionnel": "etablissement_public",
    "formation": "autre",
    "autre": "autre",
}


def statut_de(type_, structure, est_cd) -> str:
    if type_ == "collectivite":
        return "conseil_departemental" if est_cd or NOM_CD.match(structure) else "collectivite"
    if est_cd:
        return "conseil_departemental"
    if type_ == "operateur":
        return "association" if NOM_ASSOCIATION.search(structure) else "etablissement_public"
    return PAR_TYPE.get(type_, "")


def vers_statut(apps, schema_editor):
    Membre = apps.get_model("consortium", "Membre")
    lignes = list(Membre.objects.only("type", "structure", "est_conseil_departemental"))
    for membre in lignes:
        membre.statut = statut_de(membre.type, membre.structure, membre.est_conseil_departemental)
    Membre.objects.bulk_update(lignes, ["statut"], batch_size=1000)


def vers_case(apps, schema_editor):
    Membre = apps.get_model("consortium", "Membre")
    Membre.objects.filter(statut="conseil_departemental").update(est_conseil_departemental=True)


class Migration(migrations.Migration):
    dependencies = [("consortium", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="membre",
            name="statut",
            field=models.CharField(
                blank=True,
                choices=[
                    ("conseil_departemental", "Conseil départemental"),
                    ("collectivite", "Autre collectivité (région, commune, EPCI…)"),
                    ("etat", "Service de l’État (DDETS, SPIP…)"),
                    ("pole_emploi", "Pôle emploi"),
                    ("etablissement_public", "Organisme public (CAF, MSA, CCAS, ARS, GIP…)"),
                    ("association", "Association"),
                    ("entreprise", "Entreprise (dont SIAE, entreprise adaptée)"),
                    ("autre", "Autre statut"),
                ],
                help_text="Ce qu’est la structure, quelle que soit la rubrique où elle figure.",
                max_length=32,
                verbose_name="Statut de la structure",
            ),
        ),
        migrations.RunPython(vers_statut, vers_case),
        migrations.RemoveField(model_name="membre", name="est_conseil_departemental"),
    ]
