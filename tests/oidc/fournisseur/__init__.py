"""The local OpenID provider of the tests: ProConnect's endpoints (``/api/v2/authorize``, ``/token``,
``/userinfo`` — a signed JWT, as ProConnect's —, ``/jwks``, ``/session/end``) served by django-oauth-toolkit,
a login page, and the JWKS of another key under the same ``kid`` (``/autre-cle/jwks``: a signature that must
be refused)."""
