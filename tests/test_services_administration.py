"""The changes of the call with side effects go through one service each (``administration.services``,
``comptes.gestion``), whoever calls it: the portal's pages, the django-admin's ``save_model`` /
``save_formset``, the shell. Each leaves a trace in the history (``core.historique``), and a change made
without the service (``save`` in a shell) is in the history too."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from administration import services
from administration.forms import GrilleForms
from ami.models import Appel, Critere, ExclusionR08, NatureExclusion
from candidatures.depot import deposer
from candidatures.models import Dossier
from comptes import gestion
from core import historique
from demo.exemples import dossier_complet
from instruction.models import Evaluation, Note, note_ponderee
from territoires.models import Departement
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ouvert(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"
    Appel.objects.update(date_limite_depot=timezone.localdate() + datetime.timedelta(days=30))
    user = UserFactory()
    depose = dossier_complet(DossierFactory(organisation=user.organisation), user=user)
    assert deposer(depose.pk, user).depose
    return Dossier.objects.get(pk=depose.pk)


def _lignes(objet: str) -> list[historique.Entree]:
    return [e for e in historique.entrees() if e.objet == objet]


def test_depuis_le_shell_un_taux_change_reevalue_et_laisse_une_trace(
    ouvert, django_capture_on_commit_callbacks
):
    appel = Appel.objects.courant()
    with django_capture_on_commit_callbacks(execute=True):
        modification = services.modifier_appel(appel, {"cofinancement_min": Decimal("60")}, par=None)
    assert modification.modifie and modification.reevaluation
    assert "R13" in Dossier.objects.get(pk=ouvert.pk).regles_bloquantes
    [entree] = _lignes("Paramètres de l’appel « AMI SPIE — vague 2 »")
    assert (entree.par, entree.action) == (None, "Modification")
    assert entree.changements == [["Cofinancement minimal (%)", "20.00", "60"]]
    [resume] = _lignes("Recevabilité des dossiers ouverts")
    assert resume.action.startswith("Réévaluée après le changement des paramètres : 1 dossier, 1 dont")
    # Nothing changed: nothing saved, nothing re-evaluated.
    with django_capture_on_commit_callbacks(execute=True) as rappels:
        assert not services.modifier_appel(appel, {"cofinancement_min": Decimal("60.00")}, par=None).modifie
    assert not rappels


def test_par_le_django_admin_un_taux_change_reevalue_et_laisse_une_trace(
    rf, ouvert, django_capture_on_commit_callbacks
):
    technique = UserFactory(technique=True, email="exploitation@exemple.fr")
    requete = rf.post("/django-admin/ami/appel/1/change/")
    requete.user = technique
    modele_admin = admin.site._registry[Appel]
    appel = Appel.objects.courant()
    appel.cofinancement_min = Decimal("60")  # as the admin's form sets it before ``save_model``
    with django_capture_on_commit_callbacks(execute=True):
        modele_admin.save_model(requete, appel, None, True)
    assert "R13" in Dossier.objects.get(pk=ouvert.pk).regles_bloquantes
    [entree] = _lignes("Paramètres de l’appel « AMI SPIE — vague 2 »")
    assert entree.par == technique
    assert entree.changements == [["Cofinancement minimal (%)", "20.00", "60"]]
    assert _lignes("Recevabilité des dossiers ouverts")[0].par == technique


def test_par_le_django_admin_la_grille_recalcule_les_notes(rf):
    appel = Appel.objects.courant()
    criteres = list(appel.criteres.all())
    evaluation = Evaluation.objects.create(
        dossier=DossierFactory(organisation=UserFactory().organisation),
        instructeur=UserFactory(instructeur=True),
        note_sur_20=note_ponderee({c.pk: 5 if i == 0 else 1 for i, c in enumerate(criteres)}, criteres),
    )
    Note.objects.bulk_create(
        Note(evaluation=evaluation, critere=c, valeur=5 if i == 0 else 1) for i, c in enumerate(criteres)
    )
    avant = evaluation.note_sur_20
    donnees = {"criteres-TOTAL_FORMS": str(len(criteres)), "criteres-INITIAL_FORMS": str(len(criteres))}
    for i, c in enumerate(criteres):
        valeurs = {"id": c.pk, "ordre": c.ordre, "libelle": c.libelle, "source": c.source}
        valeurs |= {"poids": "10" if i == 0 else str(c.poids).replace(".", ","), "note_max": c.note_max}
        donnees |= {f"criteres-{i}-{k}": v for k, v in valeurs.items()}
    formset = GrilleForms(donnees, instance=appel)
    assert formset.is_valid(), formset.errors
    requete = rf.post("/django-admin/ami/appel/1/change/")
    requete.user = UserFactory(technique=True)
    admin.site._registry[Appel].save_formset(requete, SimpleNamespace(instance=appel), formset, True)
    evaluation.refresh_from_db()
    assert evaluation.note_sur_20 > avant
    [entree] = _lignes("Grille de notation")
    assert entree.par == requete.user
    assert entree.changements == [[f"{criteres[0].libelle} — Poids", "1.00", "10"]]


def test_une_modification_sans_le_service_laisse_aussi_une_trace(client):
    """``save`` and ``delete`` in a shell: recorded by the history (no actor: « Le portail »), with the
    labels of the page (choice labels, names of related objects, « — » for an empty value)."""
    appel = Appel.objects.courant()
    nord = Departement.objects.get(code="59")
    exclusion = ExclusionR08.objects.create(
        appel=appel, nature=NatureExclusion.LAUREAT_AMI1, nom="Métropole de Lyon", departement=nord
    )
    exclusion.nom = "Métropole du Grand Lyon"
    exclusion.departement = None
    exclusion.save()
    exclusion.delete()
    lignes = _lignes("Exclusions (R08)")
    assert [e.changements for e in lignes] == [
        [["Métropole du Grand Lyon — Lauréat du premier AMI", "présent", "supprimé"]],
        [
            [
                "Métropole du Grand Lyon — Lauréat du premier AMI — Porteur ou territoire",
                "Métropole de Lyon",
                "Métropole du Grand Lyon",
            ],
            ["Métropole du Grand Lyon — Lauréat du premier AMI — Département", str(nord), "—"],
        ],
        [
            ["nouveau — Nature", "—", "Lauréat du premier AMI"],
            ["nouveau — Porteur ou territoire", "—", "Métropole de Lyon"],
            ["nouveau — Département", "—", str(nord)],
        ],
    ]
    client.force_login(UserFactory(administrateur=True))
    page = client.get(reverse("ami:journal")).content.decode()
    assert "<del>Métropole de Lyon</del> → <ins>Métropole du Grand Lyon</ins>" in page
    assert "Le portail" in page


def test_un_compte_change_depuis_le_shell_est_dans_son_historique(client):
    administrateur = UserFactory(administrateur=True)
    candidat = UserFactory(first_name="Camille", last_name="Martin")
    assert gestion.changer_activite(administrateur, candidat.pk, actif=False) is not None
    assert gestion.changer_activite(None, candidat.pk, actif=True) is not None
    lignes = gestion.historique_du_compte(candidat, 20)
    assert [(e.action, e.par, e.changements) for e in lignes[:2]] == [
        ("Réactivation", None, [["Actif", "Non", "Oui"]]),
        ("Désactivation", administrateur, [["Actif", "Oui", "Non"]]),
    ]
    client.force_login(administrateur)
    page = client.get(reverse("comptes:compte", args=[candidat.pk])).content.decode()
    assert "Actif : Oui → Non" in page and "Actif : Non → Oui" in page


def test_le_journal_pagine_par_50(client):
    appel = Appel.objects.courant()
    critere = Critere.objects.filter(appel=appel).first()
    for i in range(55):
        critere.source = f"Source {i}"
        critere.save()
    client.force_login(UserFactory(administrateur=True))
    premiere = client.get(reverse("ami:journal"))
    assert len(premiere.context["page"].object_list) == 50
    assert "Source 54" in premiere.content.decode() and "Source 3</ins>" not in premiere.content.decode()
    assert "Plus anciennes" in premiere.content.decode()
    seconde = client.get(reverse("ami:journal"), {"page": 2}).content.decode()
    assert "<ins>Source 0</ins>" in seconde
