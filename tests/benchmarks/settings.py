"""Settings of `make bench`: the project's own, with the floor pages of tests/benchmarks/urls.py.

Used by the in-process figures and by the production profile the load test starts
(DJANGO_SETTINGS_MODULE), so that both measure the trivial pages through the same stack as the
real ones.
"""

from roadmap.env import env_bool
from roadmap.settings import *  # noqa: F403
from roadmap.settings import STORAGES

ROOT_URLCONF = "tests.benchmarks.urls"

if env_bool("BENCH_IN_PROCESS", default=False):
    # The in-process figures run without `collectstatic` (a minute; the load test's profile
    # does it): static names are looked up unhashed, a dictionary lookup less per file.
    STORAGES = {
        **STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
