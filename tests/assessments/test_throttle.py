"""The email rate limit: per recipient and per requester, in the shared cache."""

from __future__ import annotations

import logging

from assessments.throttle import email_allowed, hit


def test_hit_allows_up_to_the_limit_then_refuses():
    results = [hit("test", "key", limit=3, window_seconds=60) for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_hit_counts_keys_apart_and_ignores_letter_case():
    for _ in range(2):
        hit("test", "A@x.example", limit=2, window_seconds=60)
    assert not hit("test", "a@X.example", limit=2, window_seconds=60)
    assert hit("test", "b@x.example", limit=2, window_seconds=60)
    assert hit("other", "a@x.example", limit=2, window_seconds=60)


def test_email_allowed_limits_one_recipient_whoever_asks(settings):
    settings.EMAIL_RATE_PER_RECIPIENT = 3
    allowed = [
        email_allowed("reset", recipient="a@x.example", client=f"192.0.2.{i}") for i in range(5)
    ]
    assert allowed == [True, True, True, False, False]


def test_email_allowed_limits_one_requester_whatever_the_recipients(settings):
    settings.EMAIL_RATE_PER_CLIENT = 4
    allowed = [
        email_allowed("reset", recipient=f"p{i}@x.example", client="192.0.2.1") for i in range(6)
    ]
    assert allowed == [True, True, True, True, False, False]


def test_a_refused_email_is_logged_without_the_address(settings, caplog):
    settings.EMAIL_RATE_PER_RECIPIENT = 1
    email_allowed("reset", recipient="secret@x.example", client="192.0.2.1")
    with caplog.at_level(logging.WARNING, logger="assessments.throttle"):
        assert not email_allowed("reset", recipient="secret@x.example", client="192.0.2.1")
    assert "reset email not sent (per recipient)" in caplog.text
    assert "secret@x.example" not in caplog.text
