"""Secret tokens in emailed links (team invitations, two-factor enrolment links).

The link carries a random token; the database keeps only its SHA-256, so that a copy of the
database opens no link. Unsalted is enough: the token is 256 random bits, not a password.
"""

from __future__ import annotations

import hashlib
import secrets


def token_hash(token: str) -> str:
    """The stored form of a link's token, looked up by equality."""
    return hashlib.sha256(token.encode()).hexdigest()


def token_new() -> tuple[str, str]:
    """A new random token for a link, and its hash for the database."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)
