"""boxbench's command-line side: plan, drive the runners, summarise. Python standard library only."""


import shutil


class UsageError(Exception):
    """Bad input from the user: reported with its message and exit status 2."""


def need(tool, package):
    """The path of a tool boxbench runs, or a UsageError naming the Debian package that has it."""
    path = shutil.which(tool)
    if path is None:
        raise UsageError("%s is not installed (Debian: %s); scripts/setup.sh installs it"
                         % (tool, package))
    return path
