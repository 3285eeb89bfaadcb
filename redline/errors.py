"""Errors a user can act on: the CLI prints their message on one line and exits with status 2."""


class RedlineError(Exception):
    """Bad input or a request redline cannot honour; the message is shown to the user as is."""
