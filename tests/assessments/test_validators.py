"""Checks on typed text and evidence references (assessments.validators)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from assessments.validators import (
    check_text,
    counted_length,
    evidence_reference,
    is_file_share_reference,
    printable,
)


def messages(text: str, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        check_text(text, "Comment for indicator POL.1.1", **kwargs)
    return refused.value.messages


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x7f", "\x9b"])
def test_a_control_character_is_refused_naming_the_field_the_character_and_where(char):
    [message] = messages(f"Decree 12\n2024{char} adopted", multiline=True)
    assert message.startswith("Comment for indicator POL.1.1 contains an invisible control")
    assert f"U+{ord(char):04X}" in message
    assert "The first one is after “Decree 12 2024”." in message


def test_a_control_character_at_the_start_is_located_too():
    [message] = messages("\x01Decree", multiline=True)
    assert "(U+0001)" in message
    assert "The first one is at the very start." in message


def test_line_breaks_and_tabs_are_allowed_in_multiline_text():
    text = "Line one\r\nLine two\n\tindented"
    assert check_text(text, "Comment", multiline=True) == text


@pytest.mark.parametrize("text", ["Ana\nSantos", "Ana\r\nSantos", "Ana\tSantos", "Ana\u2028Santos"])
def test_one_line_text_refuses_line_breaks(text):
    assert messages(text, multiline=False) == [
        "Comment for indicator POL.1.1 must be on one line: remove the line breaks."
    ]


def test_one_line_text_refuses_control_characters_too():
    [one_line, control] = messages("Ana\n\x08Santos", multiline=False)
    assert "one line" in one_line
    assert "U+0008" in control


def test_too_long_text_says_how_long_it_is_and_the_limit():
    assert messages("x" * 15_390, limit=10_000, multiline=True) == [
        "Comment for indicator POL.1.1 is 15,390 characters; the limit is 10,000. "
        "Shorten it; your text is kept."
    ]


def test_a_line_break_counts_as_one_character_as_the_browser_counts_it():
    text = "x" * 9_998 + "\r\n" + "y"  # 10,001 as sent, 10,000 as typed
    assert counted_length(text) == 10_000
    assert check_text(text, "Comment", limit=10_000, multiline=True) == text


def test_text_at_the_limit_and_ordinary_unicode_pass():
    text = "Lei n.º 12/2024 \u2013 São Tomé · 東京 · नई दिल्ली 🙂"
    assert check_text(text, "Comment", limit=len(text), multiline=False) == text


def test_printable_leaves_out_control_characters_and_keeps_line_breaks_and_tabs():
    assert printable("a\x01b\x08c\x7f\x9f\r\n\td") == "abc\r\n\td"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("https://example.org/law.pdf", "https://example.org/law.pdf"),
        ("www.example.org/law", "https://www.example.org/law"),
        ("WWW.example.org", "https://WWW.example.org"),
        (r"\\fileserver\legal\Decree 12.pdf", r"\\fileserver\legal\Decree 12.pdf"),
        ("file://fileserver/legal/decree.pdf", "file://fileserver/legal/decree.pdf"),
        ("file:///C:/Documents/plan.docx", "file:///C:/Documents/plan.docx"),
        (r"S:\Policy\National plan.pdf", r"S:\Policy\National plan.pdf"),
    ],
)
def test_evidence_references_are_completed_or_kept_as_typed(typed, stored):
    assert evidence_reference(typed, "POL.1.1") == stored


@pytest.mark.parametrize(
    "typed",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/x",
        "example",
        "https://",
        "www.",
        r"\\server",
        "file:",
    ],
)
def test_other_references_are_refused_naming_the_indicator(typed):
    with pytest.raises(ValidationError) as refused:
        evidence_reference(typed, "POL.1.1")
    [message] = refused.value.messages
    assert f"“{typed}” for indicator POL.1.1 is neither a web address" in message


def test_only_file_share_references_count_as_such():
    assert is_file_share_reference(r"\\server\share\x.pdf")
    assert not is_file_share_reference("https://example.org")
    assert not is_file_share_reference("javascript:alert(1)")
