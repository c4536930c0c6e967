import datetime
import zoneinfo
from decimal import Decimal
from html import unescape

import pytest
from django.template import Context, Template
from django.urls import reverse

from ami.models import Appel
from tests.factories import ExclusionR08Factory, UserFactory
from tests.formulaires import valeurs_du_formulaire

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_l_appel_2021_existe_avec_les_valeurs_de_rules_md():
    appel = Appel.objects.get()
    assert appel.date_limite_depot == datetime.date(2021, 10, 11)
    assert appel.subvention_etat_max == Decimal("500000.00")
    assert appel.part_etat_max == Decimal("80")
    assert appel.cofinancement_min == Decimal("20")
    assert appel.frais_generaux_max == Decimal("15")
    assert appel.indicateurs_max_par_axe == 5
    assert appel.annexe_pages_max == 10
    assert appel.nombre_laureats == 35
    assert (appel.versement_initial, appel.versement_solde) == (Decimal("60"), Decimal("40"))
    assert appel.enveloppe == Decimal("17500000.00")


def test_date_limite_a_la_seconde_heure_de_paris():
    appel = Appel.objects.get()
    appel.heure_limite_depot = datetime.time(12, 0, 0)
    limite = datetime.datetime(2021, 10, 11, 12, 0, 0, tzinfo=PARIS)
    assert appel.date_limite == limite
    assert appel.date_limite.utcoffset() == datetime.timedelta(hours=2)  # heure d'été
    assert appel.est_ouvert(limite)
    assert appel.est_ouvert(limite - datetime.timedelta(seconds=1))
    assert not appel.est_ouvert(limite + datetime.timedelta(seconds=1))


def test_exclusions_r08_rattachees_a_l_appel():
    exclusion = ExclusionR08Factory()
    assert list(Appel.objects.get().exclusions.all()) == [exclusion]


@pytest.mark.parametrize(
    ("gabarit", "attendu"),
    [
        ("{{ v|euros }}", "1\u00a0234\u00a0567,89\u00a0€"),
        ("{{ v|euros:0 }}", "1\u00a0234\u00a0568\u00a0€"),
        ("{{ p|pourcentage }}", "18,5\u00a0%"),
        ("{{ q|pourcentage }}", "80\u00a0%"),
        ("{{ d }}", "11/10/2021"),
        ("{{ vide|euros }}", ""),
    ],
)
def test_formats_francais(gabarit, attendu):
    contexte = Context(
        {
            "v": Decimal("1234567.89"),
            "p": Decimal("18.50"),
            "q": Decimal("80.00"),
            "d": datetime.date(2021, 10, 11),
            "vide": None,
        }
    )
    assert Template("{% load ami_format %}" + gabarit).render(contexte) == attendu


def test_accueil_presente_l_appel(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        reponse = client.get(reverse("accueil"))
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    for attendu in [
        "Appel à manifestation d&#x27;intérêt pour le service public de l&#x27;insertion et de l&#x27;emploi",
        "11/10/2021",
        "500\u00a0000\u00a0€",
        "80\u00a0%",
        "20\u00a0%",
        "15\u00a0%",
        "Axe 1 : « Entrée dans le parcours »",
        "Axe 4 : Méthodologie",
        "Qui peut candidater ?",
        reverse("ami:faq"),
        "Se connecter",
    ]:
        assert attendu in contenu, attendu


def test_la_date_limite_affichee_suit_la_configuration(client):
    Appel.objects.update(date_limite_depot=datetime.date(2021, 10, 18))
    contenu = client.get(reverse("accueil")).content.decode()
    assert "18/10/2021" in contenu
    assert "11/10/2021" not in contenu


def test_faq_officielle(client):
    contenu = client.get(reverse("ami:faq")).content.decode()
    assert contenu.count('class="fr-accordion"') == 46
    assert "Qui peut candidater et pourquoi ?" in contenu
    assert "Comment est calculé le cofinancement de 20% attendu du porteur de projet ?" in contenu


def test_administrateur_modifie_les_parametres(client):
    client.force_login(UserFactory(administrateur=True))
    url = reverse("ami:administration")
    formulaire = client.get(url)
    donnees = valeurs_du_formulaire(formulaire.context["form"])
    assert donnees["subvention_etat_max"] == "500\u00a0000,00"  # French input
    donnees.update(date_limite_depot="2021-10-18", heure_limite_depot="12:00:00", cofinancement_min="25,5")
    reponse = client.post(url, donnees, follow=True)
    assert "Les paramètres de l'appel ont été enregistrés." in unescape(reponse.content.decode())
    appel = Appel.objects.get()
    assert appel.date_limite == datetime.datetime(2021, 10, 18, 12, tzinfo=PARIS)
    assert appel.cofinancement_min == Decimal("25.5")


def test_parametre_invalide_explique_et_garde_la_saisie(client):
    client.force_login(UserFactory(administrateur=True))
    url = reverse("ami:administration")
    donnees = valeurs_du_formulaire(client.get(url).context["form"])
    donnees.update(part_etat_max="120", versement_initial="70", versement_solde="40")
    reponse = client.post(url, donnees)
    contenu = reponse.content.decode()
    assert "Assurez-vous que cette valeur est inférieure ou égale à 100." in contenu
    assert "Les deux versements ne peuvent dépasser 100 %." in contenu
    assert 'value="120"' in contenu
    assert Appel.objects.get().part_etat_max == Decimal("80")
