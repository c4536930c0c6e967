"""``python -m tests.oidc.fournisseur``: the local OpenID provider, for one test session.

Its RSA signing key (and another, for the signature test) is generated here, at start-up. From the
environment: FOURNISSEUR_PORT, FOURNISSEUR_BASE (a SQLite file, migrated here) and FOURNISSEUR_CONFIG (JSON:
the confidential client — ``client_id``, ``client_secret``, ``redirect_uris``, ``post_logout_redirect_uris``
— and the ``personnes`` who may log in: ``email``, ``mot_de_passe``, ``prenom``, ``nom``)."""

import json
import os

from jwcrypto import jwk


def _cle() -> str:
    return jwk.JWK.generate(kty="RSA", size=2048).export_to_pem(private_key=True, password=None).decode()


def main():
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc.fournisseur.reglages"
    os.environ["FOURNISSEUR_CLE"] = _cle()
    os.environ["FOURNISSEUR_AUTRE_CLE"] = _cle()
    config = json.loads(os.environ["FOURNISSEUR_CONFIG"])

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    Application.objects.create(
        name="Portail AMI SPIE",
        client_id=config["client_id"],
        client_secret=config["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(config["redirect_uris"]),
        post_logout_redirect_uris=" ".join(config["post_logout_redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    for personne in config["personnes"]:
        User.objects.create_user(
            username=personne["email"],
            email=personne["email"],
            password=personne["mot_de_passe"],
            first_name=personne.get("prenom", ""),
            last_name=personne.get("nom", ""),
        )
    call_command(
        "runserver",
        f"127.0.0.1:{os.environ['FOURNISSEUR_PORT']}",
        use_reloader=False,
        use_threading=True,
        skip_checks=True,
    )


if __name__ == "__main__":
    main()
