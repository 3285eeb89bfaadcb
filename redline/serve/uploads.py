"""An upload, judged and stored: the type from the bytes (the readers' own checks), the file
stored by its content before anything reads it, then the register row in one transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from redline.errors import RedlineError
from redline.serve import store
from redline.serve.models import Event, Negotiation, Version

VERSION_ID = re.compile(r"^[\w][\w.-]{0,79}$")


@dataclass
class Refused(Exception):
    """An upload refused with an HTTP status and one line."""

    status: int
    message: str

    def __str__(self) -> str:
        return self.message


def file_type(name: str, data: bytes) -> str:
    """`docx`, `pdf`, `txt`, or the extension of a file LibreOffice converts; refused (415 or
    422) with the reader's own line when the bytes are no draft."""
    from redline.read.source import file_format
    from redline.read.text import decode

    try:
        fmt = file_format(name, data)
    except RedlineError as exc:
        raise Refused(422, " ".join(str(exc).split())) from None
    if fmt == "convert":
        ext = name.rsplit(".", 1)[-1].lower()
        if not settings.ALLOW_CONVERSION:
            raise Refused(415, f"{name}: .{ext} files need LibreOffice, which this site does "
                               "not run (save it as .docx, or ask the administrator)")
        return ext
    if fmt == "text":
        try:
            decode(data, name)
        except RedlineError as exc:
            raise Refused(415, f"{' '.join(str(exc).split())} (redline reads text, Word "
                               ".docx and PDF files)") from None
        return "txt"
    return fmt


def add_version(neg: Negotiation, user, upload, vid: str, date: str,
                label: str = "") -> Version:
    """Store the uploaded file (a Django `UploadedFile`), then record the version and queue
    its reading; `date` is ISO. A file over the limit is refused before it is read."""
    from redline.serve.tasks import read_version

    name = upload.name or "upload"
    if upload.size > settings.MAX_UPLOAD:
        raise Refused(413, f"{name}: larger than {settings.MAX_UPLOAD // (1024 * 1024)} MB")
    data = upload.read()
    if not data:
        raise Refused(422, f"{name}: the file is empty")
    if not VERSION_ID.match(vid or ""):
        raise Refused(400, "id: letters, digits, '.', '-' and '_' (at most 80), e.g. 2016-01")
    taken = neg.versions.filter(vid=vid).first()
    if taken is not None:
        raise Refused(409, f"version {vid} already exists in {neg.slug}"
                           + (" (deleted: restore it, or choose another id)"
                              if taken.deleted_at else ""))
    base = name.replace("\\", "/").rsplit("/", 1)[-1][:200] or "upload"
    kind = file_type(base, data)
    sha = store.put(data)  # on disk, by content, before anything reads or records it
    try:
        with transaction.atomic():
            v = Version.objects.create(negotiation=neg, vid=vid, date=date, label=label[:300],
                                       file_name=base, file_type=kind, sha256=sha,
                                       size=len(data), uploaded_by=user)
            Event.objects.create(user=user, negotiation=neg, action="upload",
                                 target=f"{vid} ({base}, {sha[:12]})")
            transaction.on_commit(lambda: read_version.enqueue(v.pk))
    except IntegrityError:
        raise Refused(409, f"version {vid} already exists in {neg.slug}") from None
    v.refresh_from_db()
    return v
