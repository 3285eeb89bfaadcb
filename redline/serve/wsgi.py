"""The WSGI application gunicorn serves. Each worker loads redline once (`warm`) when it
starts, so the first comparison it makes does not pay for spaCy's import."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redline.serve.settings")
os.umask(0o027)  # what the site writes is not for other accounts of the machine

from django.core.wsgi import get_wsgi_application  # noqa: E402 (after the umask)

application = get_wsgi_application()

if os.environ.get("REDLINE_WARM", "1") == "1":
    from redline.serve.tasks import warm

    warm()
