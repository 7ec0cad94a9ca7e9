"""The catalogues: every message the code marks is extracted, and translated in the four
committed catalogues (locale/<language>/LC_MESSAGES/django.po)."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.i18n.catalogues import EXTENSIONS, IGNORE, LANGUAGE_CODES, placeholders

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("assessments", "roadmap")
TRANSLATING = {
    "_",
    "gettext",
    "gettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "ngettext",
    "ngettext_lazy",
}


def test_the_extraction_runs_makemessages_as_make_messages_does():
    """tests/i18n/catalogues.py repeats the options of `make messages`: they must agree."""
    recipe = re.search(r"^messages:.*?\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M)
    assert recipe, "the Makefile has no messages target"
    command = recipe.group(1).replace("\\\n", " ")
    assert f"--extension {','.join(EXTENSIONS)}" in command
    assert sorted(re.findall(r"--ignore '([^']+)'", command)) == sorted(IGNORE)


def _translated_names() -> list[tuple[str, int, str, str]]:
    """Each call like _(NAME) or _(module.NAME) in our code: (file, line, module, name)."""
    calls = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), str(path))
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and node.args):
                    continue
                function = node.func
                name = (
                    function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")
                )
                if name not in TRANSLATING:
                    continue
                argument = node.args[1 if name.startswith("pgettext") else 0]
                if isinstance(argument, (ast.Name, ast.Attribute)):
                    calls.append(
                        (str(path.relative_to(ROOT)), node.lineno, module, ast.unparse(argument))
                    )
    return calls


def _value(module: str, expression: str):
    """The value of NAME or alias.NAME in the module, or None for a local variable."""
    namespace = vars(importlib.import_module(module.removesuffix(".__init__")))
    head, *rest = expression.split(".")
    if head not in namespace:
        return None
    value = namespace[head]
    for attribute in rest:
        value = getattr(value, attribute, None)
    return value


def test_messages_kept_in_constants_are_extracted(extracted):
    """`_(CONSTANT)` translates at run time only if makemessages extracted the constant's text:
    define it with gettext_noop (or gettext_lazy), not as a plain string."""
    msgids = {message.msgid for message in extracted}
    missing = []
    for path, line, module, expression in _translated_names():
        value = _value(module, expression)
        if isinstance(value, str) and value not in msgids:
            missing.append(f"{path}:{line}: _({expression})")
    assert not missing, "Define these with gettext_noop:\n" + "\n".join(missing)


def _catalogue(language: str) -> dict[tuple[str | None, str], polib.POEntry]:
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    return {
        (entry.msgctxt, entry.msgid): entry
        for entry in polib.pofile(str(path))
        if not entry.obsolete
    }


def _problem(entry: polib.POEntry | None) -> str:
    """What is wrong with a catalogue's entry: "" when nothing."""
    if entry is None:
        return "missing"
    if entry.fuzzy:
        return "fuzzy"
    if not entry.msgid_plural:
        if not entry.msgstr:
            return "not translated"
        if placeholders(entry.msgstr, entry.flags) != placeholders(entry.msgid, entry.flags):
            return f"placeholders {placeholders(entry.msgstr, entry.flags)} in {entry.msgstr!r}"
        return ""
    # Plural forms: a form for one number may leave the number out ("one day"), none may name
    # a placeholder the English has not; the general form keeps them all.
    forms = [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
    if not all(forms):
        return "not translated"
    english = placeholders(entry.msgid_plural, entry.flags)
    for form in forms:
        if not set(placeholders(form, entry.flags)) <= set(english):
            return f"placeholders {placeholders(form, entry.flags)} in {form!r}"
    if placeholders(forms[-1], entry.flags) != english:
        return f"placeholders {placeholders(forms[-1], entry.flags)} in {forms[-1]!r}"
    return ""


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_every_message_is_translated_in_the_committed_catalogue(extracted, language):
    """What makemessages extracts now has a translation: not empty, not fuzzy, with the same
    placeholders. Fails after a change of the code's texts until `make messages` and the
    translators have been through (docs/translation.md)."""
    catalogue = _catalogue(language)
    problems = {}
    for message in extracted:
        problem = _problem(catalogue.get(message.key))
        if problem:
            problems[message.msgid] = problem
    listing = "\n".join(f"  {msgid!r}: {problem}" for msgid, problem in sorted(problems.items()))
    assert not problems, f"{len(problems)} messages of locale/{language}:\n{listing}"


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_translations_keep_the_placeholders_of_the_english(language):
    """A translation that drops or renames %(name)s fails when the page is shown."""
    problems = []
    for entry in _catalogue(language).values():
        problem = _problem(entry)
        if problem.startswith("placeholders"):
            problems.append(f"  {entry.msgid!r}: {problem}")
    assert not problems, f"locale/{language}:\n" + "\n".join(problems)
