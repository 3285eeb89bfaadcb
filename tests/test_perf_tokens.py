"""`tokens.preload`: spaCy imported in a child process while the caller reads the drafts; the
tokens are spaCy's as before, and the caller carries on alone if the child goes (issue 13)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

SCRIPT = """
import os, signal, sys
import redline.compare.tokens  # noqa: F401
tokens = sys.modules["redline.compare.tokens"]
texts = open("revisions/2016-01.txt", encoding="utf-8").read().split("\\n")
texts += ["", " ", "a  b", "don't [shall][should] (x) “it” U.S. e.g. 1-2-2015", "\\tx\\ny"]
tokens.preload("en")
child = tokens._CHILDREN["en"]
got = [tokens.units(t) for t in texts]
assert "spacy" not in sys.modules, "the parent imported spaCy"
os.kill(child.pid, signal.SIGKILL)  # the child dies: the parent tokenizes for itself
after = [tokens.units(t) for t in texts]
assert tokens._CHILDREN["en"] is None and "spacy" in sys.modules
assert got == after, "the child's tokens differ from spaCy's in process"
assert all("".join(u) == t for u, t in zip(got, texts))
print("ok", sum(map(len, got)))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="preload forks: Linux only")
def test_preloaded_tokens_are_spacys_and_survive_the_child():
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok ")


def test_preload_is_a_no_op_once_spacy_is_here():
    import redline.compare.tokens  # noqa: F401

    tokens = sys.modules["redline.compare.tokens"]
    tokens.units("warm up", "en")  # spaCy in this process now
    tokens.preload("en")
    assert "en" not in tokens._CHILDREN
    assert tokens.units("Promote (the) rights.", "en") == [
        "Promote", " ", "(", "the", ")", " ", "rights", "."]
