#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roadmap.settings")
    # Neither a SECRET_KEY nor a DATABASE_URL: a developer's checkout on the embedded SQLite
    # database, so behave as the Makefile's targets do (DEBUG on). A deployment always sets
    # both (it cannot serve without a key, and runs on PostgreSQL), so its defaults stay strict.
    if "SECRET_KEY" not in os.environ and "DATABASE_URL" not in os.environ:
        os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
