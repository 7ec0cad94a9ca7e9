"""Message catalogues for the translation tests: what `make messages` would extract, Django's
own messages, and a pseudo-language whose catalogue alters every one of them.

The pseudo-language ("en-xa", as Android and Chromium name theirs) turns "Save the answers"
into "⟦Šàṽé ţĥé àñšŵéŕš⟧": every ASCII letter becomes an accented look-alike, placeholders
(%(name)s, %s, {count}), HTML tags and entities stay as they are. A page rendered in it shows
plain ASCII letters only where a text did not go through the catalogue: a string not marked for
translation, or marked in a way makemessages does not extract (tests/i18n/test_pseudo.py).

Nothing here writes to the repository's locale/ folder: makemessages runs on a copy of the
sources in a temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import django
import polib
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

PSEUDO_LANGUAGE = "en-xa"
PSEUDO_NAME = "⟦Ƥšéûðö⟧"
LANGUAGE_CODES = ("id", "th", "vi", "ar")  # the committed catalogues (English is the source)

# As `make messages` runs makemessages (Makefile; tests/i18n/test_catalogues.py checks it).
EXTENSIONS = ("html", "txt", "py")
IGNORE = (".venv/*", "tests/*", "var/*", "staticfiles/*")
# Never copied to the temporary folder: what IGNORE leaves out anyway, the catalogues, and
# folders that hold no sources of ours.
SKIPPED_TOP_FOLDERS = {".venv", "tests", "var", "staticfiles", "locale", "mutants"}
SKIPPED_FOLDERS = {".git", "__pycache__", "node_modules"}

# What must stay as it is in a translation: printf-style and brace placeholders, HTML tags
# (of the few elements our messages hold; "<current name>" is text) and entities.
# Printf-style and brace placeholders only in the messages xgettext flags as such ("100% sure"
# is text).
TAGS = "a|abbr|b|br|cite|code|em|i|kbd|li|mark|ol|p|q|small|span|strong|sub|sup|time|ul"
PRINTF = r"%(?:\([^)]+\))?[#0\- +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]"
BRACES = r"\{[^{}]*\}"
MARKUP = rf"</?(?:{TAGS})(?:\s[^<>]*)?/?>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);"
PLACEHOLDERS = {
    (False, False): re.compile(MARKUP),
    (True, False): re.compile(f"{PRINTF}|{MARKUP}"),
    (False, True): re.compile(f"{BRACES}|{MARKUP}"),
    (True, True): re.compile(f"{PRINTF}|{BRACES}|{MARKUP}"),
}
LOOK_ALIKES = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
OPEN, CLOSE = "⟦", "⟧"


def _placeholder(flags=("python-format", "python-brace-format")) -> re.Pattern:
    return PLACEHOLDERS[("python-format" in flags, "python-brace-format" in flags)]


def pseudo(text: str, flags=("python-format", "python-brace-format")) -> str:
    """The pseudo-translation of a message: letters swapped, placeholders and tags kept."""
    if not text.strip():
        return text
    parts, last = [], 0
    for match in _placeholder(flags).finditer(text):
        parts.append(text[last : match.start()].translate(LOOK_ALIKES))
        parts.append(match.group())
        last = match.end()
    parts.append(text[last:].translate(LOOK_ALIKES))
    return OPEN + "".join(parts) + CLOSE


def placeholders(text: str, flags=("python-format", "python-brace-format")) -> list[str]:
    """The placeholders of a message, sorted (a translation may reorder named ones)."""
    return sorted(
        match.group()
        for match in _placeholder(flags).finditer(text)
        if match.group() != "%%" and not match.group().startswith(("<", "&"))
    )


@dataclass(frozen=True)
class Message:
    msgid: str
    msgid_plural: str = ""
    msgctxt: str | None = None
    flags: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def _messages(catalogue: polib.POFile | polib.MOFile) -> list[Message]:
    return [
        Message(entry.msgid, entry.msgid_plural or "", entry.msgctxt, tuple(entry.flags))
        for entry in catalogue
        if entry.msgid and not entry.obsolete
    ]


def extract_messages(workdir: Path) -> list[Message]:
    """The messages `make messages` would extract from the repository's sources, extracted from
    a copy of them in `workdir` (makemessages writes next to the templates while it works)."""
    root = Path(settings.BASE_DIR)
    sources = workdir / "sources"
    suffixes = tuple(f".{extension}" for extension in EXTENSIONS)
    for folder, subfolders, files in os.walk(root):
        skipped = SKIPPED_FOLDERS | (SKIPPED_TOP_FOLDERS if Path(folder) == root else set())
        subfolders[:] = [name for name in subfolders if name not in skipped]
        for name in files:
            if name.endswith(suffixes):
                path = Path(folder, name)
                target = sources / path.relative_to(root)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
    locale = sources / "locale"
    with contextlib.chdir(sources), override_settings(LOCALE_PATHS=[str(locale)]):
        call_command(
            "makemessages",
            locale=["en"],
            extensions=list(EXTENSIONS),
            ignore_patterns=list(IGNORE),
            no_location=True,
            keep_pot=True,
            verbosity=0,
        )
    return _messages(polib.pofile(str(locale / "django.pot")))


def django_messages() -> list[Message]:
    """The messages of Django's own catalogue and of every installed app's: month names, form
    errors, the admin's pages. Their English catalogue where there is one, else any (the msgids
    are the same)."""
    folders = [Path(django.__file__).parent / "conf" / "locale"]
    folders += [Path(config.path) / "locale" for config in apps.get_app_configs()]
    messages = []
    for folder in folders:
        if not folder.is_dir():
            continue
        candidates = sorted(folder.glob("*/LC_MESSAGES/django.po"))
        english = folder / "en" / "LC_MESSAGES" / "django.po"
        if english.exists():
            candidates = [english]
        if candidates:
            messages += _messages(polib.pofile(str(candidates[0])))
    return messages


def write_pseudo_catalogue(messages: list[Message], locale_path: Path) -> Path:
    """Compile the pseudo-language's catalogue of `messages` into locale_path; returns its path."""
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": PSEUDO_LANGUAGE,
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    seen = set()
    for message in messages:
        if message.key in seen:
            continue
        seen.add(message.key)
        if message.msgid_plural:
            entry = polib.POEntry(
                msgid=message.msgid,
                msgid_plural=message.msgid_plural,
                msgctxt=message.msgctxt,
                msgstr_plural={
                    0: pseudo(message.msgid, message.flags),
                    1: pseudo(message.msgid_plural, message.flags),
                },
            )
        else:
            entry = polib.POEntry(
                msgid=message.msgid,
                msgctxt=message.msgctxt,
                msgstr=pseudo(message.msgid, message.flags),
            )
        catalogue.append(entry)
    folder = locale_path / "en_XA" / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    catalogue.save_as_mofile(str(folder / "django.mo"))
    return folder / "django.mo"
