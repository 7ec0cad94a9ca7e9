"""Drive a running server over HTTP the way a browser does: the smoke test and the load test.

`Browser` keeps one connection and its cookies, reads forms from pages (CSRF token included)
and follows no redirects, so that callers check every status code. It only talks to servers
on this machine. `seed_accounts` runs inside the server's Django project (through
`manage.py shell`) and creates member states, people and assessments to sign in with: the
production profile refuses `manage.py load_demo`.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
SEED_MARKER = "SEED "
# Connection errors after which a request is sent again once on a fresh connection: the server
# closed an idle kept-alive connection before it read the request.
STALE_CONNECTION = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


class CheckFailed(AssertionError):
    """A page did not answer as expected."""


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def expect(self, status: int, what: str) -> Response:
        """Return self, or raise CheckFailed naming what was expected."""
        if self.status != status:
            raise CheckFailed(f"{what}: expected HTTP {status}, got {self.status}")
        return self


@dataclass
class Form:
    method: str
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    choices: dict[str, list[str]] = field(default_factory=dict)  # radio buttons' values

    def names(self) -> set[str]:
        return {name for name, _value in self.fields}

    def replace(self, name: str, value: str) -> None:
        """Set one field, as a person choosing a radio button or typing would."""
        self.fields = [(n, v) for n, v in self.fields if n != name] + [(name, value)]

    def value(self, name: str) -> str | None:
        return next((v for n, v in self.fields if n == name), None)


class _FormParser(HTMLParser):
    """Collect every form with the values a browser would submit (no submit buttons)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._in_form = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("method", "get").lower(), a.get("action", "")))
            self._in_form = True
        elif not self._in_form or "name" not in a:
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind == "radio":
                self.forms[-1].choices.setdefault(a["name"], []).append(a.get("value", "on"))
            if kind in ("radio", "checkbox") and "checked" not in a:
                return
            default = "on" if kind in ("radio", "checkbox") else ""
            self.forms[-1].fields.append((a["name"], a.get("value", default)))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None and self._in_form:
            # A browser drops the one newline that may follow <textarea>.
            self.forms[-1].fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None


def forms_in(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def post_form(html: str, containing: str) -> Form:
    """Return the page's POST form that has a field whose name starts with `containing`."""
    for form in forms_in(html):
        if form.method == "post" and any(n.startswith(containing) for n in form.names()):
            return form
    raise CheckFailed(f"no POST form with a field {containing!r} on the page")


class Browser:
    """One visitor: a kept-alive connection to a local server and its cookies."""

    def __init__(self, base_url: str, timeout: float = 30, accept_gzip: bool = False) -> None:
        parts = urlsplit(base_url)
        if parts.scheme != "http" or parts.hostname not in LOCAL_HOSTS:
            raise ValueError(f"{base_url} is not a plain-HTTP server on this machine")
        self.host = parts.netloc
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        self.cookies: dict[str, str] = {}
        self.used = False
        # As browsers do: ask for gzip and unpack it (wire_bytes keeps what was sent).
        self.accept_gzip = accept_gzip
        self.wire_bytes = 0

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: list[tuple[str, str]]) -> Response:
        return self.request("POST", path, urlencode(fields).encode())

    def request(self, method: str, path: str, body: bytes | None = None) -> Response:
        headers = {"Host": self.host, "User-Agent": "rsr-toolkit-live-test"}
        if self.accept_gzip:
            headers["Accept-Encoding"] = "gzip"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            response = self._send(method, path, body, headers)
        except STALE_CONNECTION:
            if not self.used:
                raise
            self.connection.close()
            response = self._send(method, path, body, headers)
        self.used = True
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response

    def _send(self, method: str, path: str, body: bytes | None, headers: dict) -> Response:
        self.connection.request(method, path, body=body, headers=headers)
        raw = self.connection.getresponse()
        body = raw.read()
        self.wire_bytes = len(body)
        if raw.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return Response(raw.status, raw.headers, body.decode("utf-8", errors="replace"))

    def sign_in(self, email: str, password: str) -> Response:
        """Sign in through the login form; return the redirect that follows success."""
        page = self.get("/accounts/login/").expect(200, "login page")
        form = post_form(page.text, "username")  # not the language menu
        form.replace("username", email)
        form.replace("password", password)
        response = self.post("/accounts/login/", form.fields)
        if response.status != 302 or "/accounts/login/" in response.location:
            raise CheckFailed(f"sign-in as {email} failed (HTTP {response.status})")
        return response

    def close(self) -> None:
        self.connection.close()


def seed_accounts(*, users: int, password: str, per_state: int = 4, prefix: str = "live") -> dict:
    """Create (or reset) `users` people with a draft assessment each team can answer.

    Runs inside Django. Every `per_state` people share a member state and its assessment: the
    first is its focal point, the others contributors. Each person gets sections of their own
    (no two people save the same section), so saving never runs into an edit conflict.
    """
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from assessments.models import Assessment, MemberState, Role, User
    from assessments.services import assessment_create
    from roadmap.models import Edition, Section

    hashed = make_password(password)  # hashed once: the hasher is slow on purpose
    edition = Edition.objects.current()
    sections = list(
        Section.objects.filter(edition=edition)
        .order_by("category__position", "position")
        .values_list("code", flat=True)
    )
    people = []
    for n in range(users):
        team, member = divmod(n, per_state)
        # Q-codes are reserved for user-assigned use in ISO 3166: no real country has one.
        code = f"Q{chr(65 + team // 26)}{chr(65 + team % 26)}"
        state, _ = MemberState.objects.get_or_create(
            code=code, defaults={"name": f"Testland {code} ({prefix})", "is_demo": True}
        )
        role = Role.FOCAL_POINT if member == 0 else Role.CONTRIBUTOR
        user, _ = User.objects.update_or_create(
            email=f"{prefix}-{n + 1}@example.test",
            defaults={"full_name": f"Tester {n + 1}", "member_state": state, "role": role},
        )
        user.password = hashed
        user.save(update_fields=["password"])
        title = f"Self-assessment ({prefix})"
        assessment = Assessment.objects.filter(member_state=state, title=title).first()
        if assessment is None:
            focal = User.objects.get(email=f"{prefix}-{team * per_state + 1}@example.test")
            assessment = assessment_create(
                member_state=state,
                by=focal,
                title=title,
                reporting_year=timezone.now().year,
                profile_origin=True,
                profile_transit=True,
                profile_destination=True,
            )
        mine = [code for i, code in enumerate(sections) if i % per_state == member]
        people.append(
            {"email": user.email, "assessment": assessment.pk, "title": title, "sections": mine}
        )
    return {"people": people}


def seed_through_manage(
    env: dict[str, str], seed: str = "tests.live.seed_accounts", **kwargs
) -> dict:
    """Run a seed function (seed_accounts unless named) in `manage.py shell` with this
    environment; return what it made."""
    module, name = seed.rsplit(".", 1)
    code = (
        f"import json; from tests.live import SEED_MARKER; from {module} import {name}; "
        f"print(SEED_MARKER + json.dumps({name}(**{kwargs!r})))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    for line in result.stdout.splitlines():
        if line.startswith(SEED_MARKER):
            return json.loads(line.removeprefix(SEED_MARKER))
    raise CheckFailed(f"seeding failed:\n{result.stdout}\n{result.stderr}")
