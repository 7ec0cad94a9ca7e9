"""What this release renders HTML with, as one short hash, for the keys of cached fragments.

The section page's help texts and the results page's parts are rendered once and kept in the
shared cache. A release that changes a template or a translation must not serve fragments
rendered by the one before (an Arabic radar drawn by the old template, an Indonesian label of
the old catalogue): their keys carry this hash of every template and message catalogue, read
once per process.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings

SOURCES = ("templates", "locale")
SUFFIXES = {".html", ".txt", ".po"}


@functools.cache
def release_key() -> str:
    digest = hashlib.sha256()
    base = settings.BASE_DIR
    for folder in SOURCES:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file():
                digest.update(path.relative_to(base).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
