from __future__ import annotations

import pytest

from tests.assessments.conftest import add_section
from tests.conftest import sign_in


@pytest.fixture
def policy(edition):
    """Ten policy indicators beside the conftest's four: POL.T.1-3 and POL.U.1-6, POL's own."""
    add_section(edition, "POL.U", 6)
    return edition


@pytest.fixture
def focal_client(client, focal):
    sign_in(client, focal)
    return client
