"""What the pièces tell the dossier, which they do not import (``candidatures`` is above them).

``analyse_terminee``: the analysis of a pièce ended with an answer (clean, infected or refused), its row
saved. Sent with ``piece``; ``candidatures.apps`` connects the refresh of the dossier's summary to it
(completion, blocking rules: they read the pièce's state). Receivers run in the analysis, synchronously.

``piece_rejetee``: a pièce was found infected or refused, its file deleted (sent once, by the analysis that
changed its state). Sent with ``piece``; the dossier mails its depositor a link to its « Pièces jointes »
section (``candidatures.receveurs.piece_rejetee``): the pages are the dossier's, never known here.
"""

from django.dispatch import Signal

analyse_terminee = Signal()
piece_rejetee = Signal()
