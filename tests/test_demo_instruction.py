"""The demo's instruction queue (``demo.instruction``): forty deposited dossiers over several
régions, at every stage of the lifecycle, each with its history; agents who see some; scores and avis at
various stages (``demo.evaluations``); run twice, the same."""

import io
import itertools

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from ami.models import Appel
from candidatures.cycle import Action
from candidatures.models import DemandeComplements, Dossier, Etat, Section, Transition
from comptes.models import Organisation, Role, ServiceTerritorial, TypeServiceTerritorial, User
from demo.instruction import impasses, planifier
from demo.management.commands.demo import MOT_DE_PASSE
from instruction.avis import services_proposes
from instruction.classement import classement, synthese
from instruction.models import Avis, DemandeAvis, Evaluation, Note, SensAvis, note_ponderee
from instruction.suivi import ACTION as SUIVI
from territoires.models import Departement

pytestmark = pytest.mark.django_db

ETATS = {Etat.DEPOSE, Etat.EN_INSTRUCTION, Etat.COMPLEMENTS, Etat.RECEVABLE, Etat.IRRECEVABLE, Etat.PROPOSE}


@pytest.fixture(autouse=True)
def _fichiers(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path  # the letters of engagement, outside the project's folder


def compter() -> dict:
    return {
        "dossiers": Dossier.objects.count(),
        "etats": dict(Dossier.objects.order_by().values_list("etat").annotate(n=Count("pk"))),
        "transitions": Transition.objects.count(),
        "organisations": Organisation.objects.count(),
        "comptes": User.objects.count(),
        "services": ServiceTerritorial.objects.count(),
        "evaluations": list(Evaluation.objects.order_by("pk").values_list("note_sur_20", flat=True)),
        "notes": Note.objects.count(),
        "demandes": DemandeAvis.objects.count(),
        "avis": list(Avis.objects.order_by("pk").values_list("sens", flat=True)),
    }


def test_la_demo_remplit_la_file_d_instruction(django_capture_on_commit_callbacks):
    sortie = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", force=True, stdout=sortie)
    assert mail.outbox == []  # no receipt of dépôt mailed to the demo accounts
    assert not LogEntry.objects.exists()  # nobody's change: the « Journal des modifications » stays empty

    deposes = Dossier.objects.exclude(etat=Etat.BROUILLON).select_related("organisation")
    assert deposes.count() >= 40
    territoires = Departement.objects.filter(dossiers__in=deposes).distinct()
    assert territoires.values("region").distinct().count() >= 8
    assert territoires.count() >= 25
    assert set(deposes.values_list("etat", flat=True)) == ETATS

    limite = Appel.objects.get(prefixe_numero="AMI2-SPIE-2021").date_limite
    for dossier in deposes.prefetch_related("transitions", "departements"):
        # By date; the changes of « Suivi par » (``demo.suivi``) keep the state: not steps of its lifecycle.
        historique = [t for t in dossier.transitions.all() if t.action != SUIVI]
        assert dossier.numero and dossier.depose_le < timezone.now() < limite
        assert (historique[0].action, historique[0].le) == (Action.DEPOSER, dossier.depose_le)
        assert all(avant.vers == apres.depuis for avant, apres in itertools.pairwise(historique))
        assert historique[-1].vers == dossier.etat
        assert historique[-1].le < timezone.now()
        if dossier.etat == Etat.IRRECEVABLE:
            assert historique[-1].motif[:6] in {"R03 : ", "R13 : ", "R15 : "}
            motive = historique[-1].constats.exclude(motif="").first()
            assert (motive.regle, motive.libelle) == (historique[-1].motif[:3], "non conforme")
        if dossier.etat == Etat.COMPLEMENTS:
            assert "Section « " in historique[-1].motif
            verifier_complements_demandes(dossier, historique[-1])
        if dossier.etat == Etat.PROPOSE:
            assert historique[-1].donnees == {"proposition": "laureat"} and historique[-1].motif
        for transmis in (t for t in historique if t.action == Action.TRANSMETTRE_COMPLEMENTS):
            assert transmis.reponse_complements.transition.le < transmis.le  # the request it answers
        departements = list(dossier.departements.all())
        assert dossier.organisation.departement_id in {d.code for d in departements}
        assert len({d.region_id for d in departements}) == 1
    assert deposes.annotate(n=Count("departements")).filter(n=2).count() >= 2
    # Numbers in the order of the dépôts.
    dates = list(deposes.order_by("numero_ordre").values_list("depose_le", flat=True))
    assert dates == sorted(dates)
    # Each porteur has its candidat account, with the demo password.
    assert not Organisation.objects.filter(dossiers__in=deposes).exclude(membres__role=Role.CANDIDAT).exists()
    assert User.objects.get(email="porteur01@demo.ami-spie.fr").check_password(MOT_DE_PASSE)

    # A DDETS agent of a département with several dossiers, the DREETS agent of its région.
    ddets = User.objects.get(email="agent.ddets@demo.ami-spie.fr")
    dreets = User.objects.get(email="agent.dreets@demo.ami-spie.fr")
    assert ddets.service_territorial.departement.region_id == dreets.service_territorial.region_id
    vus_ddets, vus_dreets = Dossier.objects.for_user(ddets).count(), Dossier.objects.for_user(dreets).count()
    assert 2 <= vus_ddets < vus_dreets

    texte = sortie.getvalue()
    assert f"File d’instruction : {deposes.count()} dossiers déposés" in texte
    assert "porteur01@demo.ami-spie.fr" in texte and "porteur02@" not in texte
    assert f"agent.ddets@demo.ami-spie.fr (DDETS du Nord) voit {vus_ddets} dossiers déposés." in texte
    assert f"voit {vus_dreets} dossiers déposés." in texte
    verifier_notes_et_avis(texte)
    # Each porteur of the demo has its référent, exactly one (« Mon équipe »).
    organisations = Organisation.objects.filter(membres__isnull=False).distinct()
    assert organisations.count() > 40
    assert all(o.membres.filter(referent=True).count() == 1 for o in organisations)

    verifier_classement()
    verifier_vague_suivante()
    assert "Ce lancement : 44 dossiers créés, 0 conservés tels quels" in texte
    assert impasses(Dossier.objects.all()) == []

    # Run again: everything kept, said so; a dossier an older demo left in a dead end is named.
    avant = compter()
    complements = Dossier.objects.filter(etat=Etat.COMPLEMENTS).order_by("numero").first()
    DemandeComplements.objects.filter(dossier=complements).delete()  # as the older demo made them
    sortie = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", force=True, stdout=sortie)
    assert compter() == avant
    assert mail.outbox == []
    texte = sortie.getvalue()
    assert "Ce lancement : 0 dossiers créés, 44 conservés tels quels (4 des comptes candidats" in texte
    assert f"{complements.numero} (compléments demandés sans sections ni date)" in texte
    assert "Pour repartir de zéro : ./bin/demo --reinitialiser." in texte

    # Afresh: the same demo again, every dossier rebuilt through the services.
    sortie = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", force=True, reinitialiser=True, stdout=sortie)
    assert compter() == avant
    assert mail.outbox == []
    assert "Réinitialisation : 44 dossiers de démonstration supprimés" in sortie.getvalue()
    assert impasses(Dossier.objects.all()) == []
    verifier_classement()


def verifier_complements_demandes(dossier, transition):
    """What the candidat sees: the instructeur's message, the sections reopened until a date to come,
    the rest locked — a request a person could answer (``candidatures.complements.demander``)."""
    demande = dossier.demande_complements
    assert demande.transition == transition and transition.motif
    assert demande.sections and set(demande.sections) <= set(Section.values)
    assert demande.date_limite > timezone.localdate()
    assert dossier.sections_ouvertes() == set(demande.sections)
    assert demande.avant  # the dossier as the instructeur read it: what the answer is compared with


def verifier_vague_suivante():
    """The demo's next call: a draft copy of vague 2 (its grid), that the administrateur publishes."""
    vague2 = Appel.objects.get(prefixe_numero="AMI2-SPIE-2021")
    suivante = Appel.objects.get(prefixe_numero="AMI3-SPIE")
    assert (suivante.etat, suivante.nom_court) == ("brouillon", "AMI SPIE — vague 3")
    champs = ("ordre", "libelle", "poids")
    assert list(suivante.criteres.values_list(*champs)) == list(vague2.criteres.values_list(*champs))
    assert not suivante.dossiers.exists()


def verifier_classement():
    """The proposed dossiers have their proposal: the Classement counts them retained."""
    appel = Appel.objects.get(prefixe_numero="AMI2-SPIE-2021")
    admin = User.objects.get(email="admin@demo.ami-spie.fr")
    proposes = Dossier.objects.filter(etat=Etat.PROPOSE).count()
    assert proposes == 2
    resume = synthese(admin, appel)
    assert resume.nombre == proposes and resume.total > 0


def test_le_plan_de_la_file_est_deterministe():
    plans = planifier()
    assert plans == planifier()
    assert len(plans) == 40
    # Taken by the instructeur only after their dépôt, never on the day the demo runs.
    assert all(plan.jours >= 5 for plan in plans if plan.etat != Etat.DEPOSE)


def verifier_notes_et_avis(texte: str):
    appel = Appel.objects.get(prefixe_numero="AMI2-SPIE-2021")
    criteres = list(appel.criteres.all())
    instructeur = User.objects.get(email="instructeur@demo.ami-spie.fr")
    assert "instructeur2@demo.ami-spie.fr" in texte

    # Scores by one or two instructeurs, on most recevable and proposé dossiers, some in instruction.
    evaluations = Evaluation.objects.select_related("dossier").prefetch_related("notes")
    assert {e.dossier.etat for e in evaluations} == {Etat.EN_INSTRUCTION, Etat.RECEVABLE, Etat.PROPOSE}
    assert evaluations.filter(dossier__etat=Etat.RECEVABLE).values("dossier").distinct().count() >= 5
    assert len({e.instructeur_id for e in evaluations}) == 2
    for evaluation in evaluations:
        notes = {note.critere_id: note.valeur for note in evaluation.notes.all()}
        assert len(notes) == len(criteres) and len(set(notes.values())) > 1
        assert evaluation.note_sur_20 == note_ponderee(notes, criteres)
        assert evaluation.dossier.depose_le < evaluation.donnee_le < timezone.now()
    # The ranking: varied averages, and recevable dossiers not scored yet, last.
    moyennes = [rang.dossier.moyenne for rang in classement(instructeur, appel)[0]]
    assert len({m for m in moyennes if m is not None}) >= 5
    assert None in moyennes and moyennes[-1] is None

    # Avis requested from the services of the dossier's territory: answered, pending, late.
    for departement in Departement.objects.filter(dossiers__etat__in=ETATS).exclude(code="974").distinct():
        assert ServiceTerritorial.objects.filter(type=TypeServiceTerritorial.DDETS, departement=departement)
        assert ServiceTerritorial.objects.filter(
            type=TypeServiceTerritorial.DREETS, region=departement.region
        )
    assert ServiceTerritorial.objects.filter(nom="DDETS de la Gironde").exists()
    demandes = list(DemandeAvis.objects.select_related("dossier", "service", "avis__auteur"))
    assert {d.dossier.etat for d in demandes} == {Etat.EN_INSTRUCTION, Etat.RECEVABLE, Etat.PROPOSE}
    for demande in demandes:
        assert demande.service in services_proposes(demande.dossier)
        assert demande.dossier.depose_le < demande.demandee_le < timezone.now()
        if demande.avis:
            assert demande.avis.auteur.service_territorial_id == demande.service_id
            assert demande.demandee_le < demande.avis.donne_le < timezone.now()
    assert any(d.en_retard() for d in demandes)
    assert any(d.avis is None and not d.en_retard() for d in demandes)
    assert sum(d.avis is not None for d in demandes) >= 10
    assert set(Avis.objects.values_list("sens", flat=True)) == set(SensAvis.values)
    assert Avis.objects.filter(demande__isnull=True, dossier__etat=Etat.DEPOSE).count() == 2  # spontaneous
    # Each event dated between the dossier's own steps: the history still reads in order (checked above).
    assert Transition.objects.filter(action=Action.NOTER).count() == Evaluation.objects.count()
    assert Transition.objects.filter(action=Action.DONNER_AVIS).count() == Avis.objects.count()
    assert "Évaluations : " in texte and " en retard ; 2 avis spontanés." in texte
