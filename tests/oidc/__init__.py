"""A real OpenID provider for the ProConnect tests (issue 15 item 4): a small Django project
(``tests/oidc/fournisseur``) on django-oauth-toolkit's OIDC provider, started in a subprocess on a free port
with its own SQLite database and a fresh RSA key (``tests/oidc/fixtures.py``)."""
