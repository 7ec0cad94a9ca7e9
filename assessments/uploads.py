"""Uploads stop at a size limit while they arrive, and the view can say why.

Django writes a large upload to a temporary file before any view sees it. This handler, first
in FILE_UPLOAD_HANDLERS, counts the bytes of each file and stops the upload once it passes
UPLOAD_MAX_BYTES (the larger of the evidence and workbook limits), so that an enormous file never
fills the disk. The view then finds `upload_stopped(request)` and says the file was too large,
instead of a form that silently lost its file. Each view applies its own, smaller limit after.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.translation import gettext as _


def upload_limit() -> int:
    return max(settings.EVIDENCE_MAX_BYTES, settings.WORKBOOK_MAX_BYTES)


class SizeLimitUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > upload_limit():
            if self.request is not None:
                self.request.upload_stopped = self.file_name or ""
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers make the file


def upload_stopped(request) -> bool:
    """Whether a file of this request was stopped for being larger than any limit."""
    return hasattr(request, "upload_stopped")


def megabytes(size: int) -> str:
    """A size limit in the words of a message: "20 MB" (the unit in the user's language)."""
    return _("%(number)s MB") % {"number": f"{size / (1024 * 1024):.0f}"}
