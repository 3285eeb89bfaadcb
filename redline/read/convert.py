"""Older word-processor formats (.doc, .odt, .rtf) to .docx, with LibreOffice.

`soffice --headless --convert-to docx` runs on a copy of the file in a temporary folder, with a
profile of its own (so that a LibreOffice the user has open is neither used nor disturbed), a
time limit, no proxy and, where `unshare -rn` works, no network at all; the folder goes
whatever happens.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from redline.errors import RedlineError
from redline.read.text import read_bytes

FORMATS = (".doc", ".odt", ".rtf")
TIMEOUT = 120  # seconds
INSTALL = "Debian: apt-get install libreoffice-writer-nogui"


def soffice() -> str | None:
    """LibreOffice's command, if it is on PATH."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@functools.cache
def _no_network() -> list[str]:
    """`unshare -rn` (a private network with nothing in it) where the system allows it."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    try:
        ok = subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return []
    return [unshare, "-rn"] if ok.returncode == 0 else []


def to_docx(path: str | Path, data: bytes | None = None) -> bytes:
    """The bytes of a .docx that LibreOffice makes from a .doc, .odt or .rtf file (its bytes
    `data`, else read from `path`)."""
    ext = Path(path).suffix.lower()
    if ext not in FORMATS:
        raise RedlineError(f"{path}: redline converts {', '.join(FORMATS)} files to .docx, "
                           f"not {ext or 'a file without an extension'}")
    exe = soffice()
    if exe is None:
        raise RedlineError(f"{path}: reading {ext} needs LibreOffice ({INSTALL})")
    if data is None:
        data = read_bytes(path)
    with tempfile.TemporaryDirectory(prefix="redline-convert-") as tmp:
        work = Path(tmp)
        source, out = work / f"input{ext}", work / "out"
        source.write_bytes(data)
        out.mkdir()
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        env |= {"HOME": str(work), "TMPDIR": str(work)}
        cmd = [*_no_network(), exe, f"-env:UserInstallation={(work / 'profile').as_uri()}",
               "--headless", "--norestore", "--nolockcheck", "--nodefault",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source)]
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, env=env, cwd=work,
                                    start_new_session=True)
        except OSError as exc:
            raise RedlineError(f"{path}: cannot run LibreOffice ({exc.strerror})") from None
        try:
            log, _ = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise RedlineError(f"{path}: LibreOffice took more than {TIMEOUT} s") from None
        finally:
            _kill(proc)  # its helpers too, whatever happened
        result = out / "input.docx"
        if not result.is_file() or result.stat().st_size == 0:
            lines = [ln.strip() for ln in log.decode(errors="replace").splitlines() if ln.strip()]
            why = lines[-1][:200] if lines else f"exit status {proc.returncode}"
            raise RedlineError(f"{path}: LibreOffice could not convert it to .docx ({why})")
        return result.read_bytes()


def _kill(proc: subprocess.Popen) -> None:
    """End LibreOffice's process group (soffice starts soffice.bin beside itself)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
