"""What happens to an account that the apps above ``comptes`` must follow (``comptes`` imports none of
them): sent by ``comptes.gestion`` inside the change's transaction, so that what a receiver does is
committed, or rolled back, with the change.

- ``compte_desactive`` (``sender=User``, ``compte``, ``par``: who deactivated it, or ``None``): the API
  revokes the person's tokens (``api.receveurs``).
- ``service_territorial_change`` (``sender=User``, ``compte``, ``ancien``, ``nouveau``: the services
  territoriaux before and after, either ``None`` when the person was not, or is no longer, an agent):
  the exports built for the old territory are deleted (``exports.receveurs``).
"""

from django.dispatch import Signal

compte_desactive = Signal()
service_territorial_change = Signal()
