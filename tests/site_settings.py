"""The site's settings for the tests: a throw-away data folder, uploads read in the request,
and the host names of Django's test client. `REDLINE_DATABASE_URL` (set by
`scripts/with-postgres`) runs the same tests on PostgreSQL."""

import atexit
import os
import shutil
import tempfile

if "REDLINE_DATA" not in os.environ:
    os.environ["REDLINE_DATA"] = tempfile.mkdtemp(prefix="redline-test-data-")
    atexit.register(shutil.rmtree, os.environ["REDLINE_DATA"], True)
os.environ.setdefault("REDLINE_TASKS", "immediate")
os.environ.setdefault("REDLINE_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("REDLINE_SECRET_KEY", "test-only-not-secret-" + "x" * 40)

from redline.serve.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
