"""Does the framework in the database still match fixtures/framework/*.yaml?

`make run` loads the fixture once and then leaves the edition alone (admin edits stay, and an
edition that assessments use is locked). After the fixture is revised, a database loaded
before keeps the old text; `load_framework` uses `fixture_differences` to say so instead of
leaving it silently. Every fixture entry is compared, field by field, with the database row
serialised the same way (natural keys), so no field or model is forgotten when the fixture
grows. Nothing is stored: databases loaded before this check existed are checked too.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.core import serializers
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

# The edition row holds status and dates that publishing changes: not framework content.
SKIPPED_MODELS = {"roadmap.edition"}


def _canonical(value: object) -> object:
    """Many-to-many lists in a stable order, so that ordering alone is never a difference."""
    if isinstance(value, list) and value and isinstance(value[0], list | tuple):
        return sorted([list(v) for v in value])
    if isinstance(value, tuple):
        return list(value)
    return value


def _key(fields: dict[str, object], names: Iterable[str]) -> str:
    return json.dumps(
        {name: _canonical(fields.get(name)) for name in names}, sort_keys=True, default=str
    )


def _defaults(model) -> dict[str, object]:
    """Values a fixture entry gets for fields it leaves out (a threshold of 0, an empty link,
    no resources), as loading it would store them."""
    defaults: dict[str, object] = {field.name: [] for field in model._meta.local_many_to_many}
    for field in model._meta.concrete_fields:
        if not field.primary_key:
            defaults[field.name] = field.get_default()
    return defaults


def _as_loaded(model, entry: dict[str, object]) -> dict[str, object]:
    """The entry as loading stores it: a translated field's English column gets the field's
    text unless the entry names it (MODELTRANSLATION_AUTO_POPULATE, roadmap/translation.py)."""
    try:
        translated = translator.get_options_for_model(model).fields
    except NotRegistered:
        return entry
    entry = dict(entry)
    for name in translated:
        if name in entry:
            entry.setdefault(build_localized_fieldname(name, "en"), entry[name])
    return entry


def _other_languages(model) -> set[str]:
    """The columns of texts in other languages than English: not part of the comparison
    (load_framework fills those that are empty: `translation_updates`)."""
    from roadmap.languages import translation_columns

    return set(translation_columns(model))


def _database_rows(model, label: str, edition_codes: list[str]) -> list[dict[str, object]]:
    return [fields for _pk, fields in _database_rows_with_pk(model, edition_codes)]


def _database_rows_with_pk(model, edition_codes: list[str]) -> list[tuple[int, dict]]:
    queryset = model.objects.all()
    if any(f.name == "edition" for f in model._meta.get_fields()):
        queryset = queryset.filter(edition__code__in=edition_codes)
    rows = serializers.serialize("python", queryset, use_natural_foreign_keys=True)
    return [(row["pk"], row["fields"]) for row in rows]


@dataclass(frozen=True)
class Difference:
    """How one model's rows differ: changed, only in the fixture, only in the database."""

    changed: int = 0
    new: int = 0
    removed: int = 0  # only counted for an edition's own content, not shared instruments


def _identity_names(model) -> list[str]:
    """The fields that say which row an entry is (its natural key), so that a changed row is
    told apart from one added or removed: (edition, code) where there is a code, otherwise the
    parent and what distinguishes the row in it (a reference's instrument and article)."""
    names = {f.name for f in model._meta.concrete_fields}
    if "code" in names:
        return [n for n in ("edition", "code") if n in names]
    return [n for n in ("indicator", "scale", "instrument", "article", "value") if n in names]


def fixture_differences(items: list[dict], edition_codes: list[str]) -> dict[str, Difference]:
    """Per model, how the database rows of the editions differ from the fixture's entries.

    `items` are the fixture's entries as loaded from YAML. Shared content (instruments,
    resources) is only checked for fixture entries that are missing or changed: an
    administrator may add their own. An empty result means the database holds what the
    fixture says.
    """
    by_model: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        if item["model"] not in SKIPPED_MODELS:
            by_model[item["model"]].append(item["fields"])
    differences = {}
    for label, entries in by_model.items():
        model = apps.get_model(label)
        defaults = _defaults(model)
        entries = [_as_loaded(model, entry) for entry in entries]
        names = sorted((set().union(*entries) | set(defaults)) - {"id"} - _other_languages(model))
        identity = _identity_names(model)
        fixture = {
            _key(row, identity): _key(row, names) for row in ({**defaults, **e} for e in entries)
        }
        database = {
            _key(row, identity): _key(row, names)
            for row in _database_rows(model, label, edition_codes)
        }
        scoped = "edition" in {f.name for f in model._meta.concrete_fields}
        difference = Difference(
            changed=sum(1 for k, v in fixture.items() if k in database and database[k] != v),
            new=len(fixture.keys() - database.keys()),
            removed=len(database.keys() - fixture.keys()) if scoped else 0,
        )
        if difference != Difference():
            differences[label] = difference
    return differences


@dataclass(frozen=True)
class TranslationUpdate:
    """Texts in other languages that the fixture has and a database row lacks."""

    model: type
    pk: int
    texts: dict[str, str]  # column -> text


def translation_updates(items: list[dict], edition_codes: list[str]) -> list[TranslationUpdate]:
    """The fixture's translations that the database rows of the editions lack (empty there).

    A translation an administrator already wrote is never replaced; a missing one is filled in,
    also in a locked edition, where texts in other languages stay editable.
    """
    by_model: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        by_model[item["model"]].append(item["fields"])
    updates = []
    for label, entries in by_model.items():
        model = apps.get_model(label)
        columns = _other_languages(model)
        if not columns or not any(columns & entry.keys() for entry in entries):
            continue
        identity = _identity_names(model) or ["code"]
        fixture = {_key(entry, identity): entry for entry in entries}
        for pk, row in _database_rows_with_pk(model, edition_codes):
            entry = fixture.get(_key(row, identity))
            if entry is None:
                continue
            texts = {c: entry[c] for c in columns if entry.get(c) and not row.get(c)}
            if texts:
                updates.append(TranslationUpdate(model=model, pk=pk, texts=texts))
    return updates


def describe(differences: dict[str, Difference]) -> str:
    """One line a person reads: "12 indicators changed; 3 indicators new; ..."."""
    parts = []
    for label, difference in sorted(differences.items()):
        name = apps.get_model(label)._meta.verbose_name_plural
        if difference.changed:
            parts.append(f"{difference.changed} {name} changed")
        if difference.new:
            parts.append(f"{difference.new} {name} new")
        if difference.removed:
            parts.append(
                f"{difference.removed} {name} in the database but no longer in the fixture"
            )
    return "; ".join(parts)
