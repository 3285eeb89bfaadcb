"""Word tokens for the word-level diff, from spaCy's rule-based tokenizer (blank pipeline).

The tokenizer is loaded once, lazily: comparing two versions with no modified paragraph never
pays for importing spaCy. `language` picks spaCy's tokenizer exceptions (en, es, fr, pt).
Brackets are units of their own also between words (`[shall][should]` is six), and a word is
one unit even where spaCy splits it (`don't`, `cannot`).

Importing spaCy takes half a second, a thread cannot overlap it (the import holds the GIL), so
a program that knows it will diff (`redline compare`) may call `preload` first: a child
process imports spaCy on the other core while the program reads and annotates the drafts,
then tokenizes for it over a pipe. The tokens are spaCy's either way.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import select
import signal
import struct
import sys
import threading
from array import array
from functools import cache

_BRACKET_RE = re.compile(r"([\[\](){}])")
_SIZE = struct.Struct("<I")
ANSWER_SECONDS = 30  # a child that is silent this long (importing spaCy included) is dropped


@cache
def _nlp(language: str):
    import spacy  # heavy: imported only when a paragraph needs a word diff

    return spacy.blank(language)


def _spacy_tokens(text: str, language: str) -> list[tuple[int, str]]:
    return [(tok.idx, tok.text) for tok in _nlp(language).make_doc(text)]


class _Tokenizer:
    """spaCy's tokenizer in a forked child process; texts go down one pipe and each comes
    back as the (offset, length) of its tokens (spaCy's token text is the text at its offset).
    """

    def __init__(self, language: str) -> None:
        down_r, down_w = os.pipe()
        up_r, up_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            os.close(down_w)
            os.close(up_r)
            _serve(language, down_r, up_w)
        os.close(down_r)
        os.close(up_w)
        self.down = os.fdopen(down_w, "wb")
        self.up = os.fdopen(up_r, "rb")
        self.lock = threading.Lock()  # one question and its answer at a time on the pipes

    def tokens(self, text: str) -> list[tuple[int, str]]:
        data = text.encode("utf-8", "surrogatepass")
        spans = array("I")
        with self.lock:
            self.down.write(_SIZE.pack(len(data)) + data)
            self.down.flush()
            if not select.select([self.up], [], [], ANSWER_SECONDS)[0]:
                raise EOFError("the tokenizer process does not answer")
            spans.frombytes(_read(self.up, _SIZE.unpack(_read(self.up, _SIZE.size))[0]))
        return [(spans[k], text[spans[k]:spans[k] + spans[k + 1]])
                for k in range(0, len(spans), 2)]

    def close(self) -> None:
        """End the child (it may still be importing spaCy) and reap it, so that its time and
        memory count as this process's."""
        for pipe in (self.down, self.up):
            with contextlib.suppress(OSError):
                pipe.close()
        if self.pid:  # once only: a reaped pid may soon name another process
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = 0


def _serve(language: str, down: int, up: int) -> None:
    """The child's loop: tokenize each text it is sent until the pipe closes, then exit."""
    code = 0
    try:
        quiet = os.open(os.devnull, os.O_RDWR)
        os.dup2(quiet, 0)  # the parent's stdin and stdout are none of its business
        os.dup2(quiet, 1)
        source, sink = os.fdopen(down, "rb"), os.fdopen(up, "wb")
        nlp = _nlp(language)
        while head := source.read(_SIZE.size):
            text = _read(source, _SIZE.unpack(head)[0]).decode("utf-8", "surrogatepass")
            spans = array("I")
            for tok in nlp.make_doc(text):
                spans.extend((tok.idx, len(tok.text)))
            data = spans.tobytes()
            sink.write(_SIZE.pack(len(data)) + data)
            sink.flush()
    except BaseException:  # a broken pipe, an interrupt: the parent tokenizes for itself
        code = 1
    finally:
        os._exit(code)  # never the parent's exit handlers, never its buffered output


def _read(pipe, size: int) -> bytes:
    data = pipe.read(size)
    if len(data) != size:
        raise EOFError("the tokenizer process ended")
    return data


_CHILDREN: dict[str, _Tokenizer | None] = {}  # language -> its child; None once it failed


def preload(language: str = "en") -> None:
    """Start importing spaCy's tokenizer for `language` in a child process, now, so that the
    import overlaps what the caller does next; `units` then asks the child. For a program's
    main thread, before it starts threads (the CLI): it forks. Nothing where fork is not the
    way processes start (Linux only), when spaCy is already here, or when already preloaded."""
    if language in _CHILDREN or "spacy" in sys.modules or not sys.platform.startswith("linux") \
            or threading.active_count() > 1:  # a fork copies one thread: never with others
        return
    try:
        child = _Tokenizer(language)
    except OSError:
        _CHILDREN[language] = None
        return
    _CHILDREN[language] = child
    atexit.register(child.close)


def _tokens(text: str, language: str) -> list[tuple[int, str]]:
    """(offset, text) of each spaCy token of `text`: from the preloaded child if there is one
    still answering, else from spaCy in this process."""
    child = _CHILDREN.get(language)
    if child is not None:
        try:
            return child.tokens(text)
        except (OSError, EOFError, ValueError, struct.error):
            child.close()
            _CHILDREN[language] = None  # the child is gone: tokenize here from now on
    return _spacy_tokens(text, language)


def units(text: str, language: str = "en") -> list[str]:
    """Split text into tokens and the white space between them; ''.join(units) == text."""
    pieces: list[str] = []
    at = 0
    for idx, t in _tokens(text, language) if text else ():
        if idx > at:
            pieces.append(text[at:idx])  # the white space after the previous token
        pieces += [p for p in _BRACKET_RE.split(t) if p] if len(t) > 1 and not t.isalnum() else [t]
        at = idx + len(t)
    if at < len(text):
        pieces.append(text[at:])
    out: list[str] = []
    for p in pieces:  # white space is never alphanumeric: two such pieces touch in one word
        if out and out[-1][-1].isalnum() and p[0].isalnum():
            out[-1] += p
        else:
            out.append(p)
    return out
