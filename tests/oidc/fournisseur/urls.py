import json

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.http import HttpResponse
from django.urls import include, path
from jwcrypto import jwk, jwt
from oauth2_provider import views as oauth


class UserInfoSigne(oauth.UserInfoView):
    """As ProConnect: the userinfo is a JWT signed by the provider's key (``application/jwt``), which the
    portal verifies against the JWKS like the ID token."""

    def get(self, request, *args, **kwargs):
        reponse = super().get(request, *args, **kwargs)
        if reponse.status_code != 200:
            return reponse
        cle = jwk.JWK.from_pem(settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"].encode())
        claims = {**json.loads(reponse.content), "iss": settings.EMETTEUR}
        jeton = jwt.JWT(header={"alg": "RS256", "kid": cle.thumbprint()}, claims=claims)
        jeton.make_signed_token(cle)
        return HttpResponse(jeton.serialize(), content_type="application/jwt")


# ProConnect's paths under its issuer (comptes.proconnect_reglages derives the portal's endpoints from it).
api = (
    [
        path("authorize", oauth.AuthorizationView.as_view(), name="authorize"),
        path("token", oauth.TokenView.as_view(), name="token"),
        path("userinfo", UserInfoSigne.as_view(), name="user-info"),
        path("jwks", oauth.JwksInfoView.as_view(), name="jwks-info"),
        path("session/end", oauth.RPInitiatedLogoutView.as_view(), name="rp-initiated-logout"),
        path(
            ".well-known/openid-configuration",
            oauth.ConnectDiscoveryInfoView.as_view(),
            name="oidc-connect-discovery-info",
        ),
    ],
    "oauth2_provider",
)


def jwks_autre_cle(request):
    """Another RSA key published under the provider key's ``kid``: a portal that trusted it would accept
    a token whose signature it cannot have made — the portal must refuse every token."""
    vraie = jwk.JWK.from_pem(settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"].encode())
    autre = jwk.JWK.from_pem(settings.AUTRE_CLE.encode())
    publique = json.loads(autre.export_public())
    publique.update({"kid": vraie.thumbprint(), "alg": "RS256", "use": "sig"})
    return HttpResponse(json.dumps({"keys": [publique]}), content_type="application/json")


urlpatterns = [
    path("api/v2/", include(api)),
    path("connexion/", LoginView.as_view(template_name="fournisseur/connexion.html"), name="connexion"),
    path("autre-cle/jwks", jwks_autre_cle),
]
