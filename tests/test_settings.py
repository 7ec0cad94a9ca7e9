"""Settings come from the environment; production refuses unsafe configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "db = s.DATABASES['default']; "
    "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']), 'host': db.get('HOST'),"
    " 'port': db.get('PORT'), 'user': db.get('USER'), 'debug': s.DEBUG,"
    " 'hosts': s.ALLOWED_HOSTS, 'ssl': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS}))"
)


def run_settings(env: dict[str, str], code: str = PROBE) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with exactly this environment."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}
    }
    clean.update({"DJANGO_SETTINGS_MODULE": "roadmap.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def probe(env: dict[str, str]) -> dict:
    import json

    result = run_settings(env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sqlite_file_in_the_project_is_the_default_database():
    values = probe({"DEBUG": "true"})
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(ROOT / "db.sqlite3")


def test_postgres_database_url_is_parsed():
    values = probe(
        {"DEBUG": "true", "DATABASE_URL": "postgres://rsr:s3cret@db.internal:6543/rsr_prod"}
    )
    assert values["engine"] == "django.db.backends.postgresql"
    assert (values["name"], values["host"], values["port"], values["user"]) == (
        "rsr_prod",
        "db.internal",
        6543,
        "rsr",
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_settings({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_debug_is_off_unless_asked_for():
    values = probe({"SECRET_KEY": "x" * 50})
    assert values["debug"] is False
    assert values["hosts"] == []  # production must name its hosts
    assert values["ssl"] is True
    assert values["hsts"] >= 31_536_000


def test_a_misspelt_boolean_is_an_error_not_false():
    result = run_settings({"DEBUG": "ture"})
    assert result.returncode != 0
    assert "DEBUG='ture' is not a boolean" in result.stderr


@pytest.mark.parametrize("hosts", ["rsr.example.gov", "rsr.example.gov, www.rsr.example.gov"])
def test_allowed_hosts_come_from_a_comma_separated_list(hosts):
    values = probe({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": hosts})
    assert values["hosts"] == [h.strip() for h in hosts.split(",")]


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-secret-that-is-long-and-random-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "rsr.example.gov",
    # The queue's broker, shared by app servers and workers (nothing connects to it here).
    "REDIS_URL": "redis://queue.internal:6379/0",
}
QUEUE_SETTINGS = {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DOCUMENTS_EAGER"}


def deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k not in QUEUE_SETTINGS}, **env},
        capture_output=True,
        text=True,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = deploy_check(PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_warns_when_production_would_queue_reports_in_a_local_folder():
    result = deploy_check({**PRODUCTION, "REDIS_URL": ""})
    assert result.returncode != 0
    assert "roadmap.W010" in result.stderr
    assert "Set REDIS_URL" in result.stderr


S3_PRODUCTION = {
    **PRODUCTION,
    "FILE_STORAGE": "s3",
    "S3_BUCKET": "rsr-files",
    "S3_ENDPOINT_URL": "https://s3.internal.example",
    "S3_REGION": "eu-west-1",
    "S3_ADDRESSING_STYLE": "path",
}
STORAGE_PROBE = (
    "import django, json; django.setup(); from django.core.files.storage import storages; "
    "print(json.dumps({kind: [type(storages[kind]).__name__, storages[kind].location] "
    "for kind in ('documents', 'evidence')}))"
)


def test_files_are_in_folders_unless_file_storage_says_s3(tmp_path):
    import json

    result = run_settings({"DEBUG": "true", "MEDIA_ROOT": str(tmp_path)}, STORAGE_PROBE)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["evidence"] == ["FileSystemStorage", str(tmp_path / "evidence")]
    assert values["documents"][0] == "FileSystemStorage"


def test_file_storage_s3_keeps_each_kind_under_its_prefix_of_one_bucket():
    import json

    result = run_settings({**S3_PRODUCTION, "S3_ENCRYPT": "true"}, STORAGE_PROBE)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "documents": ["S3Storage", "documents"],
        "evidence": ["S3Storage", "evidence"],
    }


def test_file_storage_s3_without_a_bucket_refuses_to_start():
    result = run_settings({**S3_PRODUCTION, "S3_BUCKET": ""})
    assert result.returncode != 0
    assert "FILE_STORAGE=s3 needs S3_BUCKET" in result.stderr


def test_an_unknown_file_storage_refuses_to_start_and_names_the_choices():
    result = run_settings({"DEBUG": "true", "FILE_STORAGE": "nfs"})
    assert result.returncode != 0
    assert "FILE_STORAGE='nfs' is not known: use 'filesystem'" in result.stderr
    assert "'s3'" in result.stderr


def test_a_misspelt_addressing_style_refuses_to_start():
    result = run_settings({**S3_PRODUCTION, "S3_ADDRESSING_STYLE": "paths"})
    assert result.returncode != 0
    assert "S3_ADDRESSING_STYLE='paths': use auto, path or virtual" in result.stderr


def test_deploy_check_is_clean_with_files_on_an_s3_compatible_store():
    result = deploy_check(S3_PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def manage(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_manage_py_works_in_a_plain_development_checkout():
    result = manage(["check"], {})
    assert result.returncode == 0, result.stderr


def test_manage_py_stays_strict_where_a_database_url_is_set():
    result = manage(["check"], {"DATABASE_URL": "postgres://rsr@db.internal:5432/rsr"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


# Six people save at the same moment: each transaction reads, then writes (as a section save
# does). SQLite's default deferred transactions fail at the write with "database is locked".
CONCURRENT_SAVES = """
import json, threading, time
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (n integer)")
    cursor.execute("INSERT INTO counter VALUES (0)")
    cursor.execute("PRAGMA journal_mode")
    journal = cursor.fetchone()[0]
connection.close()
errors = []
start = threading.Barrier(6)

def save():
    start.wait()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT n FROM counter")
            n = cursor.fetchone()[0]
            time.sleep(0.05)  # the others start meanwhile
            cursor.execute("UPDATE counter SET n = %s", [n + 1])
    except Exception as error:
        errors.append(str(error))
    finally:
        connection.close()

threads = [threading.Thread(target=save) for _ in range(6)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    total = cursor.fetchone()[0]
print(json.dumps({"errors": errors, "total": total, "journal": journal}))
"""


def test_six_simultaneous_saves_on_sqlite_all_succeed_one_after_another(tmp_path):
    import json

    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = run_settings({"DEBUG": "true", "DATABASE_URL": database}, CONCURRENT_SAVES)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["errors"] == []
    assert values["total"] == 6  # no save read a value another was about to change
    assert values["journal"] == "wal"
