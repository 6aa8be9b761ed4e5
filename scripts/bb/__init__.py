"""boxbench's command-line side: plan, drive the runners, summarise. Python standard library only."""


class UsageError(Exception):
    """Bad input from the user: reported with its message and exit status 2."""
