"""Reading passphrases and recovery keys: a prompt, a file, or standard input.

Automation passes ``--passphrase-file FILE`` (``-`` for stdin); people get a
prompt that does not echo. Secrets are never taken from the command line
itself or from environment variables, where other users or logs could see them.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from outreach_app import errors

_stdin_lines: list[str] | None = None


def _stdin_line(index: int) -> str:
    global _stdin_lines
    if _stdin_lines is None:
        _stdin_lines = sys.stdin.read().splitlines()
    if index >= len(_stdin_lines):
        raise errors.InvalidInput("Standard input ended before all secrets were given.")
    return _stdin_lines[index]


def read_secret(source: str | None, prompt: str, *, line: int = 0, confirm: bool = False) -> str:
    """Return a secret from ``source`` (a file, ``-`` for stdin) or from a prompt.

    ``line`` picks the line of a file or stdin, so one file can hold several
    secrets (e.g. the admin's passphrase, then a new user's).
    """
    if source == "-":
        return _stdin_line(line)
    if source:
        try:
            lines = Path(source).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise errors.InvalidInput(f"Could not read {source}: {exc.strerror}.") from None
        if line >= len(lines):
            raise errors.InvalidInput(f"{source} has no line {line + 1} with a secret.")
        return lines[line]
    if not sys.stdin.isatty():
        raise errors.InvalidInput(
            "No terminal to ask for the passphrase. Use --passphrase-file FILE (or - for stdin)."
        )
    secret = getpass.getpass(prompt)
    if confirm and getpass.getpass("Type it again: ") != secret:
        raise errors.InvalidInput("The two passphrases were not the same. Nothing was changed.")
    return secret
