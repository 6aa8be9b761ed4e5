"""What a built runner says of itself: its catalogue (--bb_catalogue), read by starting it."""
import subprocess

from .. import UsageError
from ..model import catalogue


def catalogue_of(runner):
    """The catalogue the runner at path `runner` prints."""
    try:
        out = subprocess.run([runner, "--bb_catalogue"], check=True, capture_output=True,
                             text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        raise UsageError("cannot read the catalogue of %s: %s" % (runner, e)) from e
    return catalogue.parse(out, "the catalogue of %s" % runner)
