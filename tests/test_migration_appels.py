"""Issue 19, data migration: the vague-2 call and its dossiers, as a database at the schema before calls
had an état holds them, come out of ``ami/0007_etat_appel`` intact (numbers, states), the call published."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.depots import dossiers_a_l_etat

pytestmark = pytest.mark.django_db(transaction=True)

AVANT = [("ami", "0006_supprimer_journal")]


def _derniere():
    executor = MigrationExecutor(connection)
    return [cle for cle in executor.loader.graph.leaf_nodes() if cle[0] == "ami"]


def test_l_appel_existant_est_publie_et_ses_dossiers_intacts(donnees_de_base, appel_ouvert):
    from candidatures.models import Dossier, Etat

    dossiers = dossiers_a_l_etat(2, departements=("59",), etat=Etat.EN_INSTRUCTION)
    avant = sorted(Dossier.objects.values_list("pk", "numero", "etat", "appel_id"))
    executor = MigrationExecutor(connection)
    executor.migrate(AVANT)
    anciens = executor.loader.project_state(AVANT).apps
    appel = anciens.get_model("ami", "Appel").objects.get()
    assert not hasattr(appel, "etat")
    assert appel.prefixe_numero == "AMI2-SPIE-2021"
    executor = MigrationExecutor(connection)
    executor.migrate(_derniere())
    nouveaux = executor.loader.project_state(_derniere()).apps
    appel = nouveaux.get_model("ami", "Appel").objects.get()
    assert (appel.etat, appel.prefixe_numero) == ("publie", "AMI2-SPIE-2021")
    assert sorted(Dossier.objects.values_list("pk", "numero", "etat", "appel_id")) == avant
    assert {d.numero for d in dossiers} == {n for _, n, _, _ in avant}
