"""/django-admin/ (issue 12 item 6): the technical account's, not the business administrateur's; nothing
there changes what the portal's services guard (scores, avis, accounts and roles, the call, its grid and
exclusions): every ModelAdmin is read only, or names the service its ``save_model`` goes through."""

import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils.module_loading import import_string

from ami.models import Appel
from comptes.models import Role, User
from instruction.models import Avis, DemandeAvis, Evaluation, SensAvis
from tests.depots import instruire
from tests.factories import UserFactory
from tests.historique import journal

pytestmark = pytest.mark.django_db


def _donnees(objet, **changes) -> dict:
    """The record as its change form posts it, with ``changes``."""
    return {cle: valeur for cle, valeur in model_to_dict(objet).items() if valeur is not None} | changes


def _admins():
    """Every registered ModelAdmin and the inlines its record shows: ``(instance, is_inline)``."""
    for model, model_admin in admin.site._registry.items():
        yield model_admin, False
        for inline in model_admin.inlines:
            yield inline(model, admin.site), True


@pytest.fixture
def technique():
    return UserFactory(technique=True, email="exploitation@exemple.fr")


@pytest.fixture
def instruit(appel_ouvert, depose, instructeur, agent_nord):
    """A deposited dossier scored by the instructeur, an avis requested from the agent and given."""
    return instruire(depose, [instructeur], agent_nord)


def test_item6_chaque_modeladmin_en_lecture_seule_ou_par_un_service(rf, technique):
    requete = rf.get("/django-admin/")
    requete.user = technique
    vus = []
    for model_admin, inline in _admins():
        nom = type(model_admin).__name__
        vus.append(nom)
        if service := getattr(model_admin, "service", ""):
            # A change allowed here goes through the portal's own function (journal, re-evaluation…).
            assert callable(import_string(service)), nom
            assert type(model_admin).save_model is not admin.ModelAdmin.save_model, nom
            continue
        ajout = (
            model_admin.has_add_permission(requete, None)
            if inline
            else model_admin.has_add_permission(requete)
        )
        assert not ajout, nom
        assert not model_admin.has_change_permission(requete, None), nom
        assert not model_admin.has_delete_permission(requete, None), nom
        assert model_admin.has_view_permission(requete, None), nom  # the technical account reads
        assert inline or "/" in model_admin.portail, nom  # the note says where the change is made
    assert {"AppelAdmin", "CritereInline", "UserAdmin", "EvaluationAdmin", "AvisAdmin"} <= set(vus)
    assert Group not in admin.site._registry  # the portal's rights are roles, not Django's groups


def test_item6_l_administrateur_metier_n_entre_pas(client, administrateur, instruit):
    assert not administrateur.is_staff and not administrateur.is_superuser
    client.force_login(administrateur)
    connexion = reverse("admin:login")
    reponse = client.get(reverse("admin:index"))
    assert reponse.status_code == 302 and reponse["Location"].startswith(connexion)
    for model in admin.site._registry:
        liste = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        reponse = client.get(liste)
        assert reponse.status_code == 302 and reponse["Location"].startswith(connexion), liste
    appel = Appel.objects.courant()
    fiche = reverse("admin:ami_appel_change", args=[appel.pk])
    assert client.post(fiche, _donnees(appel, part_etat_max="95")).status_code == 302
    fiche_compte = reverse("admin:comptes_user_change", args=[administrateur.pk])
    assert client.post(fiche_compte, {"is_superuser": "on", "is_staff": "on"}).status_code == 302
    appel.refresh_from_db()
    administrateur.refresh_from_db()
    assert appel.part_etat_max != 95 and not administrateur.is_superuser


def test_item6_le_compte_technique_lit_tout_et_ne_change_rien(client, technique, administrateur, instruit):
    client.force_login(technique)
    assert client.get(reverse("admin:index")).status_code == 200
    for model, model_admin in admin.site._registry.items():
        nom = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        reponse = client.get(reverse(f"{nom}_changelist"))
        assert reponse.status_code == 200, nom
        assert "Lecture seule." in reponse.content.decode(), nom
        assert client.get(reverse(f"{nom}_add")).status_code == 403, nom
        objet = model.objects.first()
        if objet is not None:
            fiche = client.get(reverse(f"{nom}_change", args=[objet.pk]))
            assert fiche.status_code == 200, nom
            assert model_admin.portail.split(" (")[0] in fiche.content.decode(), nom
            assert client.post(reverse(f"{nom}_delete", args=[objet.pk]), {"post": "yes"}).status_code == 403
    assert Evaluation.objects.exists() and Avis.objects.exists() and DemandeAvis.objects.exists()

    evaluation, avis = Evaluation.objects.get(), Avis.objects.get()
    appel = Appel.objects.courant()
    refus = {
        # A score inconsistent with the criteria notes, an agent's avis, a role, the call's rates.
        ("instruction", "evaluation", evaluation.pk): _donnees(evaluation, note_sur_20="20"),
        ("instruction", "avis", avis.pk): _donnees(avis, sens=SensAvis.DEFAVORABLE),
        ("comptes", "user", administrateur.pk): {"email": administrateur.email, "role": Role.CANDIDAT},
        ("comptes", "user", technique.pk): {"email": technique.email, "role": Role.ADMINISTRATEUR},
        ("ami", "appel", appel.pk): _donnees(appel, part_etat_max="95", cofinancement_min="1"),
    }
    for (app, modele, pk), donnees in refus.items():
        reponse = client.post(reverse(f"admin:{app}_{modele}_change", args=[pk]), donnees)
        assert reponse.status_code == 403, modele
    mot_de_passe = reverse("admin:auth_user_password_change", args=[administrateur.pk])  # UserAdmin's name
    assert client.post(mot_de_passe, {"password1": "x" * 20, "password2": "x" * 20}).status_code == 403
    # The delete action of the lists is gone too.
    liste = reverse("admin:instruction_avis_changelist")
    client.post(liste, {"action": "delete_selected", "_selected_action": [avis.pk], "post": "yes"})

    avant = (evaluation.note_sur_20, avis.sens, appel.part_etat_max, appel.cofinancement_min)
    evaluation.refresh_from_db()
    avis.refresh_from_db()
    appel.refresh_from_db()
    administrateur.refresh_from_db()
    technique.refresh_from_db()
    assert (evaluation.note_sur_20, avis.sens, appel.part_etat_max, appel.cofinancement_min) == avant
    assert administrateur.role == Role.ADMINISTRATEUR and technique.role == Role.TECHNIQUE
    assert administrateur.check_password("x" * 20) is False
    assert Avis.objects.filter(pk=avis.pk).exists()
    assert not journal()


def test_item6_le_compte_technique_hors_du_portail(client, technique, instruit):
    """``createsuperuser``'s account: no business page, its space is the technical administration."""
    client.force_login(technique)
    espace = client.get(reverse("comptes:espace"))
    assert espace["Location"] == reverse("admin:index")
    for nom in ["ami:administration", "instruction:a_instruire", "exports:exports", "comptes:gestion"]:
        assert client.get(reverse(nom)).status_code == 403, nom
    assert client.get(reverse("instruction:dossier", args=[instruit.pk])).status_code == 403


def test_item6_createsuperuser_cree_le_compte_technique(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Exploitation-technique-2021")
    call_command("createsuperuser", interactive=False, email="Exploitation@Exemple.fr", stdout=io.StringIO())
    compte = User.objects.get(email="exploitation@exemple.fr")
    assert (compte.role, compte.is_staff, compte.is_superuser) == (Role.TECHNIQUE, True, True)
    client.force_login(compte)
    assert client.get(reverse("admin:index")).status_code == 200


def test_item6_la_base_refuse_l_acces_technique_a_un_role_metier():
    for trait in [{"administrateur": True}, {"instructeur": True}, {}]:
        with pytest.raises(IntegrityError), transaction.atomic():
            UserFactory(**trait, is_staff=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(administrateur=True, is_superuser=True)
