"""boxbench's command-line side: plan, drive the runners, summarise. Python standard library
only."""


import shutil

class UsageError(Exception):
    """Bad input from the user: reported with its message and exit status 2."""


class WriteFailed(Exception):
    """A write to a results folder failed (a full disk, a quota): reported with exit status 3. The
    folder is as it was after the last write that succeeded; the message says where things stand."""


class Kept(Exception):
    """A run stopped by an error or an interrupt after it had measured something: its folder was
    kept, partial, for `--resume`; reported with the message and its status (1, or 130 for an
    interrupt)."""

    def __init__(self, message, status=1):
        super().__init__(message)
        self.status = status


def need(tool, package):
    """The path of a tool boxbench runs, or a UsageError naming the Debian package that has it."""
    path = shutil.which(tool)
    if path is None:
        raise UsageError("%s is not installed (Debian: %s); scripts/setup.sh installs it"
                         % (tool, package))
    return path
