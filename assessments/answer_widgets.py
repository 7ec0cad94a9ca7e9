"""The controls of one answer on the section page, written in Python.

A section page shows twenty indicators or more, each with six level choices, four text boxes
and a tick box: rendering each control through a template (Django's widgets, or an include of
`_field.html`) was most of the page's server time, and even `format_html`, which escapes each
of its arguments, cost 4 ms a page. These functions write the markup of
`templates/assessments/_field.html` with plain strings instead, under one rule:

- what people typed (values) and error messages are escaped here, with `escape`;
- labels, help and the character-count sentence are escaped once a page, in `field_specs`;
- level labels come escaped from `assessments.section_content` (built with `format_html`);
- names and ids are made of an indicator's number and the form's fixed field names.

tests/assessments/test_answer_widgets.py holds the rule: markup in any text stays text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape as _escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from assessments.forms import AnswerForm

INVALID_CLASS = " is-invalid"
INVALID_ATTR = ' aria-invalid="true"'
CHECKED = " checked"


@dataclass(frozen=True)
class FieldSpec:
    """What every indicator's copy of one answer field shares: its label, help and limit."""

    key: str  # the form's name for it, e.g. "comment"
    label: str  # escaped, as are help_text and count_text
    help_text: str
    limit: int | None
    rows: int
    count_text: str  # "Up to 10,000 characters."


@dataclass(frozen=True)
class FieldView:
    """One field of one indicator's answer form as the page shows it."""

    spec: FieldSpec
    name: str  # the HTML name, e.g. "ind-12-comment"
    value: object
    errors: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"id_{self.name}"

    @property
    def describedby(self) -> str:
        """The ids that describe the field: its error, help and character count."""
        ids = [f"{self.id}_error"] if self.errors else []
        if self.spec.help_text:
            ids.append(f"{self.id}_help")
        return " ".join([*ids, f"{self.id}_count"])


def field_specs() -> dict[str, FieldSpec]:
    """The answer form's fields, in the active language (labels are translated once a page)."""
    specs = {}
    for name, form_field in AnswerForm.base_fields.items():
        limit = getattr(form_field, "limit", None)
        count = _("Up to %(limit)s characters.") % {"limit": f"{limit:,}"} if limit else ""
        specs[name] = FieldSpec(
            key=name,
            label=escape(form_field.label or ""),
            help_text=escape(form_field.help_text or ""),
            limit=limit,
            rows=int(form_field.widget.attrs.get("rows", 3)),
            count_text=escape(count),
        )
    return specs


def level_choices(
    level: FieldView, choices: Iterable[tuple[int, SafeString]], none: str
) -> SafeString:
    """The radio buttons of the levels, then "No answer yet" (`none`), then the level's errors."""
    invalid = INVALID_CLASS if level.errors else ""
    aria = INVALID_ATTR if level.errors else ""
    name, id_ = level.name, level.id
    radios = [
        f'<div class="form-check level-choice"><input class="form-check-input{invalid}" '
        f'type="radio" name="{name}" id="{id_}_{value}"{aria} value="{value}"'
        f'{_checked(level.value == value)}><label class="form-check-label" '
        f'for="{id_}_{value}">{label}</label></div>'
        for value, label in choices
    ]
    radios.append(
        f'<div class="form-check level-choice"><input class="form-check-input" type="radio" '
        f'name="{name}" id="{id_}_none" value=""{_checked(level.value is None)}><label '
        f'class="form-check-label text-body-secondary" for="{id_}_none">{escape(none)}</label>'
        "</div>"
    )
    if level.errors:
        radios.append(f'<div id="{id_}_error" class="text-danger small">{_lines(level)}</div>')
    return mark_safe("".join(radios))


def text_box(field: FieldView) -> SafeString:
    """A labelled text box with its errors, help and character count (no maxlength: the browser
    would cut pasted text silently; static/js/forms.js counts live)."""
    spec = field.spec
    limit = f' data-limit="{spec.limit}"' if spec.limit else ""
    invalid = INVALID_CLASS if field.errors else ""
    aria = INVALID_ATTR if field.errors else ""
    return mark_safe(
        f'<div class="mb-3"><label class="form-label" for="{field.id}">{spec.label}</label>'
        # dir="auto": an answer written in English reads left to right on an Arabic page.
        f'<textarea name="{field.name}" id="{field.id}" rows="{spec.rows}"{limit} dir="auto" '
        f'class="form-control{invalid}"{aria} aria-describedby="{field.describedby}">'
        f"{escape(field.value)}</textarea>{_notes(field)}</div>"
    )


def check_box(field: FieldView) -> SafeString:
    """A labelled tick box with its errors."""
    invalid = INVALID_CLASS if field.errors else ""
    aria = f'{INVALID_ATTR} aria-describedby="{field.id}_error"' if field.errors else ""
    return mark_safe(
        f'<div class="mb-3"><div class="form-check"><input type="checkbox" name="{field.name}" '
        f'id="{field.id}" class="form-check-input{invalid}"{_checked(bool(field.value))}{aria}>'
        f'<label class="form-check-label" for="{field.id}">{field.spec.label}</label></div>'
        f"{_notes(field)}</div>"
    )


def hidden(*fields: FieldView) -> SafeString:
    return mark_safe(
        "".join(
            f'<input type="hidden" name="{field.name}" value="{escape(field.value)}">'
            for field in fields
        )
    )


def escape(value: object) -> str:
    """Escape text for HTML (None shows as nothing), as Django's templates do."""
    return "" if value is None else _escape(str(value))


def _notes(field: FieldView) -> str:
    """What follows a control: its errors, its help, its character limit."""
    spec = field.spec
    notes = ""
    if field.errors:
        notes += (
            f'<div id="{field.id}_error" class="invalid-feedback d-block">{_lines(field)}</div>'
        )
    if spec.help_text:
        notes += f'<div id="{field.id}_help" class="form-text">{spec.help_text}</div>'
    if spec.limit:
        notes += f'<div id="{field.id}_count" class="form-text char-count">{spec.count_text}</div>'
    return notes


def _lines(field: FieldView) -> str:
    return "".join(f"<div>{escape(message)}</div>" for message in field.errors)


def _checked(checked: bool) -> str:
    return CHECKED if checked else ""
