"""The section page's answer controls: markup in any text stays text; ids tie labels and notes."""

from __future__ import annotations

from html.parser import HTMLParser

from django.utils.html import format_html

from assessments import answer_widgets as widgets
from assessments.answer_widgets import FieldSpec, FieldView, field_specs

HOSTILE = '"><script>alert(1)</script>&'
ESCAPED = "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;"


def spec(**changes) -> FieldSpec:
    values = {
        "key": "comment",
        "label": "Comment",
        "help_text": "",
        "limit": 10_000,
        "rows": 2,
        "count_text": "Up to 10,000 characters.",
    }
    return FieldSpec(**{**values, **changes})


class Tags(HTMLParser):
    """The start tags of a fragment, with their attributes; fails on text outside the tags."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_typed_text_and_error_messages_are_escaped():
    field = FieldView(spec(), "ind-7-comment", HOSTILE, errors=(f"Bad {HOSTILE}",))
    html = widgets.text_box(field)
    assert "<script>" not in html
    assert f">{ESCAPED}</textarea>" in html
    assert f"<div>Bad {ESCAPED}</div>" in html
    hidden = widgets.hidden(FieldView(spec(), "ind-7-loaded", HOSTILE))
    assert hidden == f'<input type="hidden" name="ind-7-loaded" value="{ESCAPED}">'


def test_labels_and_help_are_escaped_once_a_page():
    specs = field_specs()
    assert specs["evidence_links"].help_text.startswith("One per line: web addresses")
    assert "\\\\server\\share\\…" in specs["evidence_links"].help_text
    assert specs["comment"].count_text == "Up to 10,000 characters."
    assert specs["not_applicable"].limit is None


def test_a_text_box_is_labelled_and_described_by_its_error_help_and_count():
    field = FieldView(spec(help_text="Say why."), "ind-7-comment", "", errors=("Too long.",))
    tags = dict(Tags(widgets.text_box(field)).tags)
    assert tags["label"] == {"class": "form-label", "for": "id_ind-7-comment"}
    assert tags["textarea"] == {
        "name": "ind-7-comment",
        "id": "id_ind-7-comment",
        "rows": "2",
        "data-limit": "10000",
        "dir": "auto",
        "class": "form-control is-invalid",
        "aria-invalid": "true",
        "aria-describedby": "id_ind-7-comment_error id_ind-7-comment_help id_ind-7-comment_count",
    }
    ids = [attrs.get("id") for tag, attrs in Tags(widgets.text_box(field)).tags if tag == "div"]
    assert ids[1:] == [
        "id_ind-7-comment_error",
        None,
        "id_ind-7-comment_help",
        "id_ind-7-comment_count",
    ]


def test_the_level_choices_check_the_chosen_level_or_no_answer():
    choices = [
        (value, format_html("<strong>{} {}</strong>", value, label))
        for value, label in [(0, "No"), (1, "Yes")]
    ]
    chosen = Tags(
        widgets.level_choices(FieldView(spec(), "ind-7-level", 1), choices, "No answer yet")
    )
    radios = [attrs for tag, attrs in chosen.tags if tag == "input"]
    assert [(r["id"], r["value"], "checked" in r) for r in radios] == [
        ("id_ind-7-level_0", "0", False),
        ("id_ind-7-level_1", "1", True),
        ("id_ind-7-level_none", "", False),
    ]
    none = Tags(
        widgets.level_choices(FieldView(spec(), "ind-7-level", None), choices, "None <yet>")
    )
    radios = [attrs for tag, attrs in none.tags if tag == "input"]
    assert ["checked" in r for r in radios] == [False, False, True]
    assert "None <yet>" in none.text  # escaped in the markup, the text once parsed


def test_a_level_in_error_marks_every_choice_invalid_and_says_why():
    level = FieldView(spec(), "ind-7-level", "9", errors=("Choose a level.",))
    html = widgets.level_choices(level, [(0, "No")], "No answer yet")
    assert 'class="form-check-input is-invalid" type="radio"' in html
    assert 'aria-invalid="true"' in html
    assert (
        '<div id="id_ind-7-level_error" class="text-danger small"><div>Choose a level.</div>'
        in html
    )
    assert "checked" not in html  # "9" is no choice: nothing is shown as chosen


def test_the_not_applicable_box_is_ticked_when_its_value_is_true():
    box = FieldView(spec(key="not_applicable", limit=None, count_text=""), "ind-7-na", True)
    [checkbox] = [attrs for tag, attrs in Tags(widgets.check_box(box)).tags if tag == "input"]
    assert checkbox == {
        "type": "checkbox",
        "name": "ind-7-na",
        "id": "id_ind-7-na",
        "class": "form-check-input",
        "checked": None,
    }
    assert "checked" not in widgets.check_box(FieldView(box.spec, "ind-7-na", False))
