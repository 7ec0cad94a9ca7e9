"""A browser for the translation tests (tests/i18n/test_pseudo.py, test_languages.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.http import QueryDict

from assessments.jobs import services
from assessments.models import User
from tests.assessments.jobs.helpers import body, job_of
from tests.conftest import sign_in
from tests.i18n.pages import World, data_texts, document_requests, workbook_texts
from tests.i18n.visible import DataValues, shown_texts, untranslated


class Reader:
    """A browser in one language that opens pages as the scenario's people, checks that each
    answers in that language without an error, and keeps the texts it shows (`read`)."""

    def __init__(self, client, world: World, language: str, *, read: bool = True) -> None:
        self.client, self.world, self.language, self.read = client, world, language, read
        self.who: str | None = None
        self.pages: list[tuple[str, list[str]]] = []
        # The data: what the database holds now and held after each form was sent (a
        # withdrawn invitation's name is still on the page that says so), and the values sent.
        self.data = data_texts() if read else set()
        self.emails = 0
        # Every account reads in this language: its pages, and the emails it is sent.
        User.objects.update(language=language)

    def become(self, who: str) -> None:
        if who == self.who:
            return
        self.client.logout()
        if who == "secure":
            self.client.force_login(self.world.secure)  # asked for the app's code next
        elif who != "anonymous":
            sign_in(self.client, getattr(self.world, who))
        self.who = who

    def visit(self, visit) -> None:
        self.become(visit.who)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = self.language
        self.data |= {
            value for _, values in QueryDict(urlsplit(visit.url).query).lists() for value in values
        }
        if visit.data is None:
            response = self.client.get(visit.url, follow=visit.follow)
            if visit.status is not None:
                assert response.status_code == visit.status, (
                    visit.who,
                    visit.url,
                    response.status_code,
                )
        else:
            for value in visit.data.values():
                self.data |= {str(v) for v in (value if isinstance(value, list) else [value])}
            response = self.client.post(visit.url, visit.data, follow=visit.follow)
            if self.read:
                self.data |= data_texts()
        assert response.status_code < 500, (visit.url, response.status_code)
        assert response["Content-Language"] == self.language, visit.url
        if self.read and "text/html" in response.get("Content-Type", ""):
            where = f"{visit.who} {'GET' if visit.data is None else 'POST'} {visit.url}"
            if response.redirect_chain:
                where += f" -> {response.redirect_chain[-1][0]}"
            self.pages.append((where, shown_texts(response.content.decode())))
        body(response)  # a file download (evidence) holds its file open until it is read

    def read_documents(self) -> None:
        """Each download as its worker makes it, in this language (PDFs as their HTML when
        html_to_pdf is patched to return it)."""
        for who, address in document_requests(self.world):
            self.become(who)
            self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = self.language
            job = job_of(self.client.get(address))
            assert job.language == self.language, address
            services.run_job(job.pk)
            response = self.client.get(address)
            assert response.status_code == 200, (address, response.status_code)
            content = body(response)
            if content.startswith(b"PK"):  # a workbook (a zip)
                self.pages.append((f"{who} {address}", workbook_texts(content)))
            elif self.read:
                self.pages.append((f"{who} {address}", shown_texts(content.decode())))

    def read_emails(self) -> None:
        """The emails sent meanwhile: subject and paragraphs."""
        self.emails += len(mail.outbox)
        for email in mail.outbox:
            texts = [email.subject, *email.body.split("\n\n")]
            self.pages.append((f"email to {email.to[0]}", [" ".join(t.split()) for t in texts]))
        mail.outbox.clear()

    def untranslated(self, allowed=None) -> dict[str, str]:
        """Each text left in English, with the first page or email that showed it."""
        self.read_emails()
        data = DataValues(self.data)
        found: dict[str, str] = {}
        for where, texts in self.pages:
            for text in untranslated(texts, data):
                if allowed is None or not allowed.search(text):
                    found.setdefault(text, where)
        return found


def listing(found: dict[str, str]) -> str:
    lines = [f"  {where}: {text!r}" for text, where in sorted(found.items(), key=lambda i: i[1])]
    return f"{len(found)} texts not translated:\n" + "\n".join(lines)
