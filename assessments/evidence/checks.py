"""What an evidence file may be: its type read from its content, never from its name.

A file is accepted when its first bytes (libmagic) and, for office files, its inner structure
say it is one of ACCEPTED_TYPES. Office files that carry macros are refused: a Word or Excel
file with a VBA project (OOXML `vbaProject.bin`, a macro-enabled content type, or the OLE
storages of legacy .doc/.xls files). The name the user gave is kept for display and download,
cleaned of paths and control characters, with the extension of the type found.

Pure functions but `detect` (which reads the file); tests call them without a database.
"""

from __future__ import annotations

import os
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO, Protocol

import magic
import olefile
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from assessments.evidence.models import NAME_MAX_LENGTH

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"

# Accepted types and the extension a download gets. TIFF is left out: browsers don't show it,
# and a scan is as readable as a PDF.
ACCEPTED_TYPES = {
    PDF: "pdf",
    DOCX: "docx",
    XLSX: "xlsx",
    DOC: "doc",
    XLS: "xls",
    PNG: "png",
    JPEG: "jpg",
    GIF: "gif",
    WEBP: "webp",
}
# Other extensions that name the same type (a photo called .jpeg keeps its name).
SAME_TYPE_EXTENSIONS = {JPEG: {"jpg", "jpeg"}}
ACCEPTED_WORDS = gettext_noop("PDF, Word (.docx, .doc), Excel (.xlsx, .xls), PNG, JPEG, GIF, WebP")

ZIP_MAGIC = b"PK\x03\x04"
# What libmagic says of an OLE file it cannot name.
OLE_TYPES = {
    DOC,
    XLS,
    "application/x-ole-storage",
    "application/CDFV2",
    "application/vnd.ms-office",
}

# The storages VBA macros live in, in legacy office files (MS-OVBA).
OLE_MACRO_STORAGES = {"macros", "_vba_project_cur", "vba"}
# Inside an OOXML zip: the VBA project, and the content types of macro-enabled documents
# (.docm, .xlsm, .dotm, ...: "application/vnd.ms-word.document.macroEnabled.main+xml").
OOXML_MACRO_PARTS = ("vbaproject.bin",)
OOXML_MACRO_MARKERS = (b"macroenabled", b"vbaproject")

HEAD_BYTES = 8192
TYPES_PART_MAX_BYTES = 1024 * 1024  # real ones are a few kB

NOT_ACCEPTED = gettext_noop(
    "This kind of file cannot be attached (it was read as “%(found)s”). Accepted: %(accepted)s."
)
MACROS = gettext_noop(
    "This office file contains macros, which can run programs on the reader's computer. Save it "
    "without macros (as .docx or .xlsx, or as PDF) and attach it again."
)
DAMAGED = gettext_noop("This file looks like %(kind)s but cannot be read: it may be damaged.")
EMPTY = gettext_noop("The file is empty.")


class OleLike(Protocol):
    def listdir(self, streams: bool = ..., storages: bool = ...) -> list[list[str]]: ...

    def exists(self, name: str) -> bool: ...


@dataclass(frozen=True)
class Detected:
    content_type: str

    @property
    def extension(self) -> str:
        return ACCEPTED_TYPES[self.content_type]


def detect(file: IO[bytes]) -> Detected:
    """The accepted type of the file's content; ValidationError saying why it is refused."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if not head:
        raise ValidationError(_(EMPTY))
    found = magic.from_buffer(head, mime=True)
    if head.startswith(ZIP_MAGIC):  # whatever libmagic makes of it: look inside
        return Detected(_ooxml_type(file))
    if head.startswith(olefile.MAGIC) or found in OLE_TYPES:
        return Detected(_ole_type(file))
    if found in ACCEPTED_TYPES:
        return Detected(found)
    raise ValidationError(_(NOT_ACCEPTED) % {"found": found, "accepted": _(ACCEPTED_WORDS)})


def _ooxml_type(file: IO[bytes]) -> str:
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            # Every OOXML package has this part; a zip without it is some other archive.
            types_part = "[Content_Types].xml"
            content_types = b""
            if types_part in names:
                if archive.getinfo(types_part).file_size > TYPES_PART_MAX_BYTES:
                    raise zipfile.BadZipFile("content types part too large")  # a zip bomb
                content_types = archive.read(types_part)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as error:
        raise ValidationError(_(DAMAGED) % {"kind": "Word/Excel/zip"}) from error
    finally:
        file.seek(0)
    if ooxml_has_macros(names, content_types):
        raise ValidationError(_(MACROS))
    kind = ooxml_kind(names) if content_types else None
    if kind is None:  # a zip, but not a Word or Excel document
        raise ValidationError(
            _(NOT_ACCEPTED) % {"found": "application/zip", "accepted": _(ACCEPTED_WORDS)}
        )
    return kind


def ooxml_has_macros(names: list[str], content_types: bytes) -> bool:
    """Whether an OOXML package carries a VBA project or declares macro-enabled content."""
    if any(os.path.basename(n).lower() in OOXML_MACRO_PARTS for n in names):
        return True
    lowered = content_types.lower()
    return any(marker in lowered for marker in OOXML_MACRO_MARKERS)


def ooxml_kind(names: list[str]) -> str | None:
    """DOCX or XLSX by the package's main part; None for any other zip."""
    present = set(names)
    if "word/document.xml" in present:
        return DOCX
    if "xl/workbook.xml" in present:
        return XLSX
    return None


def _ole_type(file: IO[bytes]) -> str:
    try:
        ole = olefile.OleFileIO(file)
    except (OSError, ValueError, IndexError) as error:  # olefile raises these on bad input
        raise ValidationError(_(DAMAGED) % {"kind": "Word/Excel (.doc/.xls)"}) from error
    finally:
        file.seek(0)
    try:
        if ole_has_macros(ole):
            raise ValidationError(_(MACROS))
        kind = ole_kind(ole)
    finally:
        ole.close()
    if kind is None:  # an OLE file, but neither Word nor Excel (an .msg, a .ppt, ...)
        raise ValidationError(
            _(NOT_ACCEPTED) % {"found": "application/x-ole-storage", "accepted": _(ACCEPTED_WORDS)}
        )
    return kind


def ole_has_macros(ole: OleLike) -> bool:
    """Whether a compound file has a VBA storage anywhere ("Macros", "_VBA_PROJECT_CUR", "VBA")."""
    for path in ole.listdir(streams=True, storages=True):
        if any(part.lower() in OLE_MACRO_STORAGES for part in path):
            return True
    return False


def ole_kind(ole: OleLike) -> str | None:
    """DOC or XLS by the document's main stream; None for other compound files."""
    if ole.exists("WordDocument"):
        return DOC
    if ole.exists("Workbook") or ole.exists("Book"):
        return XLS
    return None


def clean_name(name: str, detected: Detected) -> str:
    """The name to show and to download with: no folders, no control characters, not too long,
    and ending with an extension of the type found (so it opens in the right program)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = " ".join(name.split()).rstrip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    accepted = SAME_TYPE_EXTENSIONS.get(detected.content_type, {detected.extension})
    if extension.lower() not in accepted:
        # A PDF called "report.docx" becomes "report.pdf": the content decides, not the name.
        stem = stem if dot and extension.lower() in _KNOWN_EXTENSIONS else name
        extension = detected.extension
    stem = stem.strip(" .") or _("file")
    suffix = f".{extension}"
    return stem[: NAME_MAX_LENGTH - len(suffix)].rstrip(" .") + suffix


_KNOWN_EXTENSIONS = set(ACCEPTED_TYPES.values()) | {"jpeg", "docm", "xlsm", "txt", "exe", "zip"}
