"""What can go wrong with a stored file: it is gone, or the store cannot be reached.

The "documents" and "evidence" storages (settings.STORAGES) are folders or an S3-compatible
store (FILE_STORAGE, docs/deploy.md). A file that is gone raises FileNotFoundError on both. A
store that is down raises OSError from a folder (an unmounted share) and botocore's errors from
S3 (no connection, a timeout, an answer such as 503 or AccessDenied): callers catch
`UNAVAILABLE` after FileNotFoundError, tell the person to try again later and keep the record,
which a missing file would not deserve.
"""

from __future__ import annotations

from botocore.exceptions import BotoCoreError, ClientError

UNAVAILABLE: tuple[type[Exception], ...] = (OSError, BotoCoreError, ClientError)
