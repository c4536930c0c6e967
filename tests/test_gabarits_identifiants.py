"""An identifier printed by a template is printed as the number it is. With ``USE_THOUSAND_SEPARATOR`` (the
French « 1 234 »), ``{{ dossier.pk }}`` became « 1 234 » from the thousandth dossier on: the queue's
checkboxes then sent ids the server could not read, and « Demander un avis pour la sélection » answered
« Aucun dossier sélectionné » (seen in CI, where the sequences pass 1 000). Every ``.pk``, ``.id`` and
``_id`` goes through ``|unlocalize`` (or ``stringformat``); the queue is then tried with high ids."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from candidatures.models import Dossier
from tests.depots import deposer_dossier
from tests.factories import DossierFactory
from tests.test_gabarits_sans_inline import COMMENTAIRE, gabarits_servis

IDENTIFIANT = re.compile(r"\{\{\s*([\w.]*(?:\.pk|\.id|(?<!auto)_id))\s*(\|[^}]*)?\}\}")


def identifiants_localises(texte: str) -> list[str]:
    return [
        m.group(0)
        for m in IDENTIFIANT.finditer(COMMENTAIRE.sub("", texte))
        if not re.match(r"\|\s*(unlocalize|stringformat)", m.group(2) or "")
    ]


def test_le_motif_voit_un_identifiant_localise():
    assert identifiants_localises('<input value="{{ dossier.pk }}"> {{ d.service_id|default:"" }}') == [
        "{{ dossier.pk }}",
        '{{ d.service_id|default:"" }}',
    ]
    assert (
        identifiants_localises("{{ dossier.pk|unlocalize }} {{ e.pk|stringformat:'d' }} {# {{ x.pk }} #}")
        == []
    )


def test_aucun_gabarit_n_imprime_un_identifiant_avec_separateur_de_milliers():
    trouves = [
        f"{chemin.name}: {texte}"
        for chemin in gabarits_servis()
        for texte in identifiants_localises(chemin.read_text())
    ]
    assert not trouves, "\n".join(trouves)


def avancer_la_sequence(modele, valeur: int) -> None:
    """The next row of ``modele`` gets an id above ``valeur`` (as after months of use)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as curseur:
            curseur.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [modele._meta.db_table, valeur]
            )
    else:  # SQLite (AUTOINCREMENT): the next id follows the highest one ever given
        DossierFactory(pk=valeur)


@pytest.mark.django_db
def test_la_selection_de_la_file_avec_des_identifiants_au_dela_de_mille(
    client, appel_ouvert, candidat, collegue, instructeur
):
    avancer_la_sequence(Dossier, 123455)
    depose = deposer_dossier(candidat)
    assert depose.pk > 123455
    client.force_login(instructeur)
    page = client.get(reverse("instruction:a_instruire")).content.decode()
    assert f'name="dossiers" value="{depose.pk}"' in page and f'name="page" value="{depose.pk}"' in page
    reponse = client.post(
        reverse("instruction:selection"),
        {"action": "avis", "toute_la_page": "1", "page": re.findall(r'name="page" value="([^"]+)"', page)},
    )
    assert reponse.status_code == 200
    assert "Demander un avis pour la sélection" in reponse.content.decode()
