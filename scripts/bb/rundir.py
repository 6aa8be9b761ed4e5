"""A run's output folder, written whole or not at all: everything goes into a hidden temporary
folder beside the destination, renamed into place once complete, and removed on failure."""
import datetime
import os
import shutil
import tempfile

from . import UsageError


def default_path(results_dir, kind="run"):
    stamp = datetime.datetime.now().strftime(kind + "-%Y%m%d-%H%M%S")
    path, n = os.path.join(results_dir, stamp), 1
    while os.path.exists(path):
        n += 1
        path = os.path.join(results_dir, "%s-%d" % (stamp, n))
    return path


class RunDir:
    def __init__(self, final):
        self.final = os.path.abspath(final)
        if os.path.exists(self.final) and not (os.path.isdir(self.final) and not os.listdir(self.final)):
            raise UsageError("output folder %s already exists and is not empty: results are never "
                             "overwritten, choose another" % final)
        parent = os.path.dirname(self.final)
        try:
            os.makedirs(parent, exist_ok=True)
            self.tmp = tempfile.mkdtemp(prefix="." + os.path.basename(self.final) + ".partial-",
                                        dir=parent)
        except OSError as e:
            raise UsageError("cannot write the output folder %s: %s" % (final, e.strerror)) from e

    def path(self, *parts):
        p = os.path.join(self.tmp, *parts)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        return p

    def write(self, name, text):
        with open(self.path(name), "w") as f:
            f.write(text)

    def commit(self):
        if os.path.isdir(self.final):
            os.rmdir(self.final)  # Empty, checked above; rename needs it gone or empty.
        os.rename(self.tmp, self.final)

    def discard(self):
        shutil.rmtree(self.tmp, ignore_errors=True)
