"""The local OpenID provider (``tests/oidc/fixtures.py``) for the tests of the ProConnect client."""

from tests.oidc.fixtures import fournisseur_oidc, proconnect  # noqa: F401
