"""What the pièces tell the dossier, which they do not import (``candidatures`` is above them).

``analyse_terminee``: the analysis of a pièce ended with an answer (clean, infected or refused), its row
saved. Sent with ``piece``; ``candidatures.apps`` connects the refresh of the dossier's summary to it
(completion, blocking rules: they read the pièce's state). Receivers run in the analysis, synchronously.
"""

from django.dispatch import Signal

analyse_terminee = Signal()
