"""Errors a user can act on: the CLI prints their message on one line and exits with status 2."""


class RedlineError(Exception):
    """Bad input or a request redline cannot honour; the message is shown to the user as is."""


class MissingInput(RedlineError, FileNotFoundError):
    """An input file that does not exist (a `FileNotFoundError` too, for API callers)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "no such file"
