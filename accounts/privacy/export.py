"""Building the "Download my data" ZIP.

JSON per app (one list of rows per model) plus every stored file the user owns. The ZIP
is written to a temporary file on the worker and uploaded from it, and stored files are
copied into it in chunks, so memory stays flat however many gigabytes a user has.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath

from django.apps import apps
from django.core import serializers
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .holdings import Holding, exported

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024
README = """Your data from Career Copilot
================================

data/<app>.json   every row we hold about you, one list per kind of record
files/...         the files you uploaded or we made for you (resumes, letters,
                  submissions, videos' original files, exports), under
                  files/<app>/<record>/<id>/<file name>
missing.txt       stored files we could not read at export time (if any)

Secrets are left out: password hashes, token hashes, MFA keys, session ids.
"""


def rows_for(holding: Holding, user) -> models.QuerySet:
    model = apps.get_model(holding.label)
    if holding.owner == "pk":
        return model.objects.filter(pk=user.pk)
    return model.objects.filter(**{holding.owner: user}).order_by("pk")


def _fields(model, holding: Holding) -> list[str]:
    names = [f.name for f in model._meta.concrete_fields if not f.primary_key]
    names += [f.name for f in model._meta.many_to_many]
    return [n for n in names if n not in holding.exclude]


def _file_fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _stored_files(holding: Holding, rows) -> Iterator[tuple[str, object, str]]:
    """(archive path, storage, stored name) for each stored file of these rows."""
    model = rows.model
    for name in _file_fields(model):
        for pk, stored in rows.exclude(**{name: ""}).values_list("pk", name):
            if not stored:
                continue
            storage = model._meta.get_field(name).storage
            base = PurePosixPath(stored).name
            yield (f"files/{holding.label.replace('.', '/')}/{pk}/{name}-{base}", storage, stored)


def write_zip(user, out, *, progress: Callable[[int], None] = lambda pct: None) -> tuple[int, int]:
    """Writes the user's ZIP to the binary file ``out``; returns (stored files, rows)."""
    per_app: dict[str, dict[str, list]] = defaultdict(dict)
    files: list[tuple[str, object, str]] = []
    row_count = 0
    holdings = exported()
    for holding in holdings:
        rows = rows_for(holding, user)
        model = rows.model
        data = serializers.serialize("python", rows.iterator(), fields=_fields(model, holding))
        per_app[model._meta.app_label].setdefault(holding.label, []).extend(
            {"id": item["pk"], **item["fields"]} for item in data
        )
        row_count += len(data)
        files.extend(_stored_files(holding, rows))
    progress(20)
    missing: list[str] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.writestr("README.txt", README)
        for app_label, tables in sorted(per_app.items()):
            body = json.dumps(tables, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
            archive.writestr(f"data/{app_label}.json", body)
        for done, (arcname, storage, stored) in enumerate(files, start=1):
            if not _copy_into(archive, arcname, storage, stored):
                missing.append(arcname)
            progress(20 + int(75 * done / len(files)))
        if missing:
            archive.writestr("missing.txt", "\n".join(missing) + "\n")
    return len(files) - len(missing), row_count


def _copy_into(archive: zipfile.ZipFile, arcname: str, storage, stored: str) -> bool:
    """Streams one stored object into the archive, without compressing it again. False when
    the object cannot be read (it is listed in missing.txt instead)."""
    info = zipfile.ZipInfo(arcname)
    info.compress_type = zipfile.ZIP_STORED
    try:
        src = storage.open(stored, "rb")
        first = src.read(CHUNK)
    except Exception as exc:  # a missing object: FileNotFoundError locally, ClientError on S3
        logger.warning("data export: a stored file is unreadable (%s)", type(exc).__name__)
        return False
    with src, archive.open(info, "w", force_zip64=True) as dst:
        dst.write(first)
        shutil.copyfileobj(src, dst, CHUNK)
    return True


def build_into(export, *, progress: Callable[[int], None]) -> None:
    """Builds the ZIP for ``export`` and stores it in ``export.file``."""
    with tempfile.TemporaryFile(prefix="export-") as handle:
        files, _rows = write_zip(export.user, handle, progress=progress)
        size = handle.tell()
        handle.seek(0)
        export.file.save("export.zip", File(handle), save=False)
    export.size_bytes = size
    export.file_count = files
