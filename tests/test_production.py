import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from comptes.models import Role, User

RACINE = Path(__file__).resolve().parents[1]


def test_reglages_de_production_passent_check_deploy():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set for Playwright
        "DJANGO_SETTINGS_MODULE": "ami.settings_production",
        "SECRET_KEY": "k3y-de-pr0duction-très-longue-et-aléatoire-pour-le-test-0123456789abcdef",
        "ALLOWED_HOSTS": "ami-spie.example.fr",
        "REDIS_URL": "redis://127.0.0.1:6379/0",  # required; never reached by these commands
    }
    resultat = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "no issues" in resultat.stdout


def test_production_exige_une_cle_secrete():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DJANGO_SETTINGS_MODULE="ami.settings_production", ALLOWED_HOSTS="ami-spie.example.fr")
    resultat = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resultat.returncode != 0
    assert "SECRET_KEY" in resultat.stderr


@pytest.mark.django_db
def test_demo_refusee_hors_debug():
    with pytest.raises(CommandError, match="DEBUG=True"):
        call_command("demo")


@pytest.mark.django_db
def test_demo_cree_un_compte_par_role_et_ouvre_l_appel(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path  # the demo's letters, never into the project's fichiers/
    from ami.models import Appel
    from candidatures.models import Dossier, Etat
    from candidatures.recevabilite import evaluer
    from pieces.models import Piece

    sortie = io.StringIO()
    try:
        call_command("demo", force=True, stdout=sortie)
        call_command("demo", force=True, stdout=io.StringIO())  # idempotent
        # The 9 accounts of the roles, besides the 40 porteurs of the queue and the agents of the services
        # that give its avis, agent.ddets-33@… (test_demo_instruction).
        comptes = User.objects.exclude(email__startswith="porteur").exclude(email__regex=r"^agent\.d\w+-")
        assert comptes.count() == 9
        assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
        # Issue 12 item 6: the business administrateur has no technical access; the technical account does.
        assert list(User.objects.filter(is_staff=True).values_list("email", "is_superuser")) == [
            ("technique@demo.ami-spie.fr", True)
        ]
        assert Appel.objects.get(prefixe_numero="AMI2-SPIE-2021").est_ouvert()  # the demo opens vague 2
        texte = sortie.getvalue()
        for email in [
            "candidat.cd@",
            "candidat2.cd@",
            "candidat.plie@",
            "instructeur@",
            "agent.ddets@",
            "agent.dreets@",
            "admin@",
            "technique@",
        ]:
            assert email in texte
        assert "demo-ami-spie-2021" in texte

        # Two candidats of the CD du Nord: they see the same dossiers.
        cd1 = User.objects.get(email="candidat.cd@demo.ami-spie.fr")
        cd2 = User.objects.get(email="candidat2.cd@demo.ami-spie.fr")
        plie = User.objects.get(email="candidat.plie@demo.ami-spie.fr")
        assert cd1.organisation_id == cd2.organisation_id != plie.organisation_id
        assert set(Dossier.objects.for_user(cd1)) == set(Dossier.objects.for_user(cd2))

        # Each porteur: one dossier ready to deposit, one draft; not duplicated by the second run.
        assert Dossier.objects.filter(etat=Etat.BROUILLON).count() == 4
        for user in (cd1, plie):
            dossiers = Dossier.objects.for_user(user).select_related("appel", "organisation")
            assert dossiers.count() == 2
            complet = dossiers.get(intitule__contains="prêt à déposer")
            incomplet = dossiers.exclude(pk=complet.pk).get()
            assert complet.cree_par == complet.modifie_par == incomplet.cree_par == user
            assert evaluer(complet).bloquantes == []
            assert (complet.completude, complet.nb_bloquantes) == (100, 0)
            assert len(evaluer(incomplet).bloquantes) > 0
            assert incomplet.nb_bloquantes == len(evaluer(incomplet).bloquantes)
            assert incomplet.completude < 100
    finally:
        for piece in Piece.objects.all():  # the files outlive the test's rolled-back transaction
            piece.fichier.delete(save=False)


@pytest.mark.parametrize("derriere_proxy, https", [(None, False), ("false", False), ("true", True)])
def test_item9_x_forwarded_proto_cru_seulement_derriere_un_proxy(derriere_proxy, https):
    """Issue 12 item 9: without DERRIERE_PROXY=true, a client that reaches gunicorn directly cannot pass
    for HTTPS with an X-Forwarded-Proto header of its own."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DERRIERE_PROXY")}
    env.update(
        DJANGO_SETTINGS_MODULE="ami.settings_production",
        SECRET_KEY="k3y-de-pr0duction-très-longue-et-aléatoire-pour-le-test-0123456789abcdef",
        ALLOWED_HOSTS="ami-spie.example.fr",
        REDIS_URL="redis://127.0.0.1:6379/0",  # required; never reached here
    )
    if derriere_proxy is not None:
        env["DERRIERE_PROXY"] = derriere_proxy
    resultat = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup()\n"
            "from django.conf import settings\n"
            "from django.test import RequestFactory\n"
            "requete = RequestFactory().get('/', HTTP_HOST='ami-spie.example.fr',"
            " HTTP_X_FORWARDED_PROTO='https')\n"
            "print(settings.SECURE_PROXY_SSL_HEADER, requete.is_secure())\n",
        ],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resultat.returncode == 0, resultat.stderr
    entete = "('HTTP_X_FORWARDED_PROTO', 'https')" if https else "None"
    assert resultat.stdout.split() == [*entete.split(), str(https)]


def test_item9_le_readme_lie_gunicorn_a_127_0_0_1_derriere_le_proxy():
    readme = (RACINE / "README.md").read_text()
    production = readme[readme.index("### Production") :]
    assert "--bind 0.0.0.0" not in readme
    assert "--bind 127.0.0.1:8000" in production
    assert "DERRIERE_PROXY=true" in production
