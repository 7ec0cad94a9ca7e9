"""Smoke test of a running production profile: `python -m tests.smoke --base-url URL`.

.ci/smoke starts the profile (gunicorn, a Celery worker, PostgreSQL, Redis) and runs this with
the server's environment, so that the accounts it seeds land in the server's database. It signs
in through the login form, opens an assessment and a section, saves an answer, asks for the PDF
report and waits on its progress page until a worker has rendered it, downloads it, and checks
security headers, static files, the health check and the structured log: the report was
rendered by a Celery worker process, not by gunicorn. With FILE_STORAGE=s3 (as .ci/smoke runs
it) the report and the export must be in the bucket. Any failure exits non-zero.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from tests.live import Browser, CheckFailed, Response, post_form, seed_through_manage

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}
SAVED = "Your answers were saved."
QUEUE_READY_SECONDS = 60
# A document's progress page (assessments/jobs) links its download once a worker has made it.
DOWNLOAD_LINK = re.compile(r'href="(/documents/[0-9a-f-]{36}/download)"')
RETRY_FORM = re.compile(r'action="/documents/[0-9a-f-]{36}/retry"')
DOCUMENT_WAIT_SECONDS = 60
REDIRECTS = {301, 302, 303, 307, 308}


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def check_health(browser: Browser, expect_cache: bool) -> None:
    """Healthy, queue included. Jobs queued before the workers started (make setup's demo
    records) are taken once a worker is ready: the queue may say "degraded" until then."""
    deadline = time.monotonic() + QUEUE_READY_SECONDS
    while True:
        response = browser.get("/health/").expect(200, "health check")
        body = json.loads(response.text)
        if body["checks"].get("queue") == "ok" or time.monotonic() > deadline:
            break
        time.sleep(1)
    check(body["status"] == "ok" and body["checks"]["database"] == "ok", f"health: {body}")
    check(body["checks"].get("queue") == "ok", f"health: the queue is not ok: {body}")
    if expect_cache:
        check(body["checks"].get("cache") == "ok", f"health does not check the cache: {body}")


def check_security_headers(response) -> None:
    for name, value in SECURITY_HEADERS.items():
        check(response.headers.get(name) == value, f"{name} is {response.headers.get(name)!r}")


def check_static_file(browser: Browser, html: str) -> None:
    match = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    check(match is not None, "the page links no hashed stylesheet (collectstatic, manifest)")
    response = browser.get(match.group(1)).expect(200, "stylesheet from WhiteNoise")
    check("immutable" in response.headers.get("Cache-Control", ""), "hashed file not immutable")


def save_one_answer(browser: Browser, section_url: str, title: str) -> str:
    """Open the section, choose another level for its first indicator, save; return the level."""
    page = browser.get(section_url).expect(200, "section page")
    check(title in page.text, "the section page does not show the assessment")
    form = post_form(page.text, "ind-")
    level_field = next(n for n, _v in form.fields if n.endswith("-level"))
    level = next(v for v in form.choices[level_field] if v and v != form.value(level_field))
    form.replace(level_field, level)
    saved = browser.post(section_url, [*form.fields, ("save", "")]).expect(302, "section save")
    check(saved.location == section_url, f"save redirected to {saved.location}")
    after = browser.get(section_url).expect(200, "section page after saving")
    check(SAVED in after.text, "no 'saved' message after saving")
    check(
        re.search(rf'name="{level_field}"[^>]*value="{level}"\s+checked', after.text) is not None,
        "the saved level is not shown as chosen",
    )
    return level


def check_access_log(path: Path, section_url: str) -> None:
    """The server's log lines are JSON objects, and the section save is in its access log."""
    # serve-prod's own messages and the management commands' output are plain text lines.
    entries = [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]
    check(all({"time", "level", "logger", "message"} <= e.keys() for e in entries), "log shape")
    saves = [
        e
        for e in entries
        if e["logger"] == "gunicorn.access"
        and (e.get("method"), e.get("path"), e.get("status")) == ("POST", section_url, 302)
    ]
    check(bool(saves), "no JSON access-log line for the section save")


def check_sign_in_required(browser: Browser, overview: str) -> None:
    response = browser.get(overview).expect(302, "overview, signed out")
    check("/accounts/login/" in response.location, "not redirected to the login page")


def check_overview(browser: Browser, overview: str, title: str) -> None:
    page = browser.get(overview).expect(200, "assessment overview")
    check(title in page.text, "the overview does not show the assessment's title")
    check_security_headers(page)
    check_static_file(browser, page.text)


def is_page(response: Response) -> bool:
    return response.headers.get("Content-Type", "").startswith("text/html")


def fetch_document(browser: Browser, path: str, what: str) -> Response:
    """Ask for a document as a person would and return the file."""
    return wait_for_document(browser, browser.get(path), what)


def wait_for_document(browser: Browser, response: Response, what: str) -> Response:
    """Follow redirects to the document's progress page and reload it, as its refresh does,
    until it links the download (DOCUMENT_WAIT_SECONDS at most); a failed render fails at once.
    """
    deadline = time.monotonic() + DOCUMENT_WAIT_SECONDS
    path = ""
    while response.status in REDIRECTS or is_page(response):
        check(time.monotonic() < deadline, f"{what}: not ready {DOCUMENT_WAIT_SECONDS} s later")
        if response.status in REDIRECTS:
            path = urlsplit(response.location).path
            response = browser.get(path)
            continue
        response.expect(200, f"{what}: progress page {path}")
        check(not RETRY_FORM.search(response.text), f"{what}: the render failed ({path})")
        link = DOWNLOAD_LINK.search(response.text)
        if link is None:
            time.sleep(1)  # the page itself refreshes every 2 s
        response = browser.get(link.group(1) if link else path)
    return response.expect(200, what)


def download_report(browser: Browser, overview: str) -> None:
    """The report is rendered by a worker while its page waits, then downloads as a PDF; asked
    for again, it is served from storage at once. The Excel export downloads too."""
    first = browser.get(f"{overview}report.pdf")
    check(
        first.status != 200 or is_page(first),
        "report.pdf answered with the PDF itself: it was rendered on the web request, not by a "
        "worker (the report view is not on the queue)",
    )
    report = wait_for_document(browser, first, "PDF report")
    check(report.headers.get("Content-Type") == "application/pdf", "the report is not a PDF")
    check(report.text.startswith("%PDF-"), "the report does not start like a PDF file")
    check(".pdf" in report.headers.get("Content-Disposition", ""), "no PDF file name")
    start = time.perf_counter()
    fetch_document(browser, f"{overview}report.pdf", "PDF report again")
    stored = time.perf_counter() - start
    check(stored < 5, f"the repeated download took {stored:.1f} s: not from storage")
    sheet = fetch_document(browser, f"{overview}export.xlsx", "Excel export")
    check(sheet.text.startswith("PK"), "the Excel export is not an xlsx (zip) file")


def check_rendered_by_worker(path: Path) -> None:
    """The log says who rendered the report: a Celery worker process, never a gunicorn one.

    The render's log line ("... rendered by <host>:<pid>") comes from the process that ran it;
    Celery logs the task's success from that same process, and no request was served by it.
    """
    entries = [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]
    renders = {
        e["process"]
        for e in entries
        if e["logger"] == "assessments.jobs.services" and " rendered by " in e["message"]
    }
    tasks = {
        e["process"]
        for e in entries
        if e["logger"] == "celery.app.trace"
        and "documents.render" in e["message"]
        and "succeeded" in e["message"]
    }
    web = {e["process"] for e in entries if e["logger"] == "gunicorn.access"}
    check(bool(renders), "no 'rendered by' line in the server's log: no document was rendered")
    check(renders <= tasks, f"rendered in processes {renders}, Celery tasks ran in {tasks}")
    check(not renders & web, f"a document was rendered in a gunicorn process: {renders & web}")


def check_documents_in_the_bucket() -> None:
    """With FILE_STORAGE=s3 the worker stored the report and the export in the shared bucket,
    under documents/, encrypted at rest: the app server that served them read them from there."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=os.environ.get("S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("S3_REGION") or None,
    )
    bucket = os.environ["S3_BUCKET"]
    keys = [
        item["Key"]
        for item in client.list_objects_v2(Bucket=bucket, Prefix="documents/").get("Contents", [])
    ]
    for extension in (".pdf", ".xlsx"):
        stored = [key for key in keys if key.endswith(extension)]
        check(bool(stored), f"no {extension} document in bucket {bucket}: {keys}")
        head = client.head_object(Bucket=bucket, Key=stored[0])
        check(head.get("ServerSideEncryption") == "AES256", f"{stored[0]} is not encrypted")


def check_not_found(browser: Browser) -> None:
    page = browser.get("/assessments/999999999/").expect(404, "unknown assessment")
    check("Traceback" not in page.text, "the 404 page shows a traceback")


def sign_out(browser: Browser, overview: str) -> None:
    page = browser.get(overview).expect(200, "overview before signing out")
    token = post_form(page.text, "csrfmiddlewaretoken").value("csrfmiddlewaretoken") or ""
    browser.post("/accounts/logout/", [("csrfmiddlewaretoken", token)]).expect(302, "sign out")
    check_sign_in_required(browser, overview)


def run(base_url: str, expect_cache: bool, server_log: Path | None) -> None:
    """Seed one focal point with an assessment, then walk through the checks in order."""
    password = secrets.token_urlsafe(16)
    person = seed_through_manage({}, users=1, password=password, prefix="smoke")["people"][0]
    title, overview = person["title"], f"/assessments/{person['assessment']}/"
    section_url = f"{overview}sections/{person['sections'][0]}/"
    browser = Browser(base_url)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("health check: database, cache and queue", lambda: check_health(browser, expect_cache)),
        (
            "signed-out visitor is sent to sign in",
            lambda: check_sign_in_required(browser, overview),
        ),
        ("sign in through the login form", lambda: browser.sign_in(person["email"], password)),
        (
            "assessment overview, headers, static file",
            lambda: check_overview(browser, overview, title),
        ),
        ("open a section and save an answer", lambda: save_one_answer(browser, section_url, title)),
        (
            "the PDF report, rendered by a worker, and the Excel export",
            lambda: download_report(browser, overview),
        ),
        ("unknown assessment is a plain 404", lambda: check_not_found(browser)),
        ("sign out", lambda: sign_out(browser, overview)),
    ]
    if os.environ.get("FILE_STORAGE") == "s3":
        steps.insert(
            -2, ("the documents are in the S3 bucket, encrypted", check_documents_in_the_bucket)
        )
    if server_log is not None:
        steps.append(("JSON access log", lambda: check_access_log(server_log, section_url)))
        steps.append(("rendered by a Celery worker", lambda: check_rendered_by_worker(server_log)))
    for name, step in steps:
        start = time.perf_counter()
        step()
        print(f"  ok  {name} ({time.perf_counter() - start:.1f} s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8080")
    parser.add_argument("--expect-cache", action="store_true", help="Redis must be checked")
    parser.add_argument("--server-log", type=Path, help="the server's stdout, to check its lines")
    args = parser.parse_args()
    try:
        run(args.base_url, args.expect_cache, args.server_log)
    except (CheckFailed, OSError, ValueError, KeyError) as error:
        print(f"SMOKE TEST FAILED: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
