"""The size limit of an uploaded file, enforced while the body streams in (``FILE_UPLOAD_HANDLERS``, first).

Past ``PIECE_TAILLE_MAX`` bytes of a file, reading stops (``StopUpload(connection_reset=True)``: Django
reads no more of the body), whatever the file's size: a 30 MB body costs 10 MB and a chunk, not 30. The
fields sent before the file are kept in ``request.POST`` (the CSRF token comes first in every form); the
file is missing from ``request.FILES``, and ``interruption(request)`` gives the size the body announced, for
the form to say so next to its field. Uploads have one limit in the portal: only pièces are uploaded.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class LimiteTaille(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.lus = 0
        self.annonce = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.annonce = content_length or 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.lus = 0

    def receive_data_chunk(self, raw_data, start):
        self.lus += len(raw_data)
        if self.lus > settings.PIECE_TAILLE_MAX:
            if self.request is not None:
                self.request.televersement_interrompu = max(self.annonce, self.lus)
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers (memory, temporary file) build the file


def interruption(request) -> int | None:
    """The size announced by a body whose reading was stopped, or None."""
    return getattr(request, "televersement_interrompu", None)
