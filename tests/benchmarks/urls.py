"""The project's URLs plus two trivial pages, the floors the benchmark compares pages with.

- /bench/bare/ answers a constant page; the in-process figures call it through a handler with
  no middleware at all (bare Django).
- /bench/floor/ is the same page behind sign-in, through the project's whole MIDDLEWARE
  (security headers, CSP, session, CSRF, authentication, two-factor, messages, history, axes):
  what every signed-in page costs before it does anything of its own.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

PAGE = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>Floor</title></head>"
    "<body><p>A trivial page.</p></body></html>"
)


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE)


urlpatterns = [
    path("bench/bare/", trivial, name="bench-bare"),
    path("bench/floor/", login_required(trivial), name="bench-floor"),
    path("", include("roadmap.urls")),
]
