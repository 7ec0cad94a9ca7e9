"""Small files of each kind, made in memory for the evidence tests."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = (
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120 + b"PE\x00\x00"
# The EICAR test string: not a virus, but every scanner reports it as one.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
EXCEL_MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def upload(content: bytes, name: str = "file.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def pdf(text: str = "") -> bytes:
    """A PDF; different `text` makes a different file (another hash)."""
    return PDF + f"% {text}\n".encode()


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00\x00\x00")
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def ooxml(main_part: str, main_type: str, extra: dict[str, bytes] | None = None) -> bytes:
    """A Word or Excel (OOXML) package with its main part and any `extra` parts."""
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'content-types"><Override PartName="/{main_part}" ContentType="{main_type}"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(main_part, "<document/>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx(extra=None) -> bytes:
    return ooxml("word/document.xml", WORD_MAIN, extra)


def docm() -> bytes:
    return ooxml("word/document.xml", WORD_MACRO_MAIN, {"word/vbaProject.bin": b"\x00" * 64})


def xlsm() -> bytes:
    return ooxml("xl/workbook.xml", EXCEL_MACRO_MAIN)


def xlsx() -> bytes:
    return ooxml("xl/workbook.xml", EXCEL_MAIN)


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not an office document")
    return buffer.getvalue()


# --- legacy office files (OLE compound files) ---------------------------------------------------

FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5


def _entry(name: str, kind: int, left=NO_STREAM, right=NO_STREAM, child=NO_STREAM) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB", len(encoded), kind, 1)  # length, type, black
        + struct.pack("<III", left, right, child)
        + b"\x00" * 16  # CLSID
        + b"\x00" * 4  # state bits
        + b"\x00" * 16  # created, modified
        + struct.pack("<IQ", END if kind != 0 else 0, 0)  # start sector, size (empty)
    )


def ole(main_stream: str = "WordDocument", macros: str | None = None) -> bytes:
    """A minimal compound file (version 3, 512-byte sectors): a root holding `main_stream`
    (empty) and, if `macros` names one, an empty storage of that name (as VBA would add).

    olefile reads but cannot write these; three sectors (header, FAT, directory) suffice.
    """
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 0x1000, END, 0, END, 0)
        + struct.pack("<I", 0)  # the FAT is sector 0
        + struct.pack("<I", FREE) * 108
    )
    fat = struct.pack("<II", FAT_SECTOR, END) + struct.pack("<I", FREE) * 126
    if macros is None:
        entries = [_entry("Root Entry", ROOT, child=1), _entry(main_stream, STREAM)]
    else:  # siblings ordered by name length: the shorter name on the left
        short, long_ = sorted([(main_stream, STREAM), (macros, STORAGE)], key=lambda e: len(e[0]))
        entries = [
            _entry("Root Entry", ROOT, child=1),
            _entry(long_[0], long_[1], left=2),
            _entry(short[0], short[1]),
        ]
    # Four entries to a sector; the unused ones must say "no siblings" too.
    directory = b"".join(entries) + _entry("", 0) * (4 - len(entries))
    return header + fat + directory
