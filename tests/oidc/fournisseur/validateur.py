"""The claims of the local provider, named as ProConnect names them (``email``, ``given_name``,
``usual_name``), each released for the scope of the same name."""

from oauth2_provider.oauth2_validators import OAuth2Validator


class Validateur(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "email": "email",
        "given_name": "given_name",
        "usual_name": "usual_name",
    }

    def get_additional_claims(self, request):
        personne = request.user
        return {"email": personne.email, "given_name": personne.first_name, "usual_name": personne.last_name}
