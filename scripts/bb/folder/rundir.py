"""A results folder, never half-written. A new run goes into a hidden folder beside the destination,
renamed into place once complete (or, after a failed write, as it stood after the last write that
succeeded); a resumed run works on a copy, swapped in at the end. Every file is written beside its
final name and renamed over it, so a write that fails (a full disk) leaves the previous file, or
none, never a piece of one."""
import datetime
import errno
import os
import shutil
import tempfile

from .. import UsageError, WriteFailed

# What a failed write of results looks like; any other OSError is a program's or a user's problem.
FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS}


def default_path(results_dir, kind="run"):
    stamp = datetime.datetime.now().strftime(kind + "-%Y%m%d-%H%M%S")
    path, n = os.path.join(results_dir, stamp), 1
    while os.path.exists(path):
        n += 1
        path = os.path.join(results_dir, "%s-%d" % (stamp, n))
    return path


def failed(e, path):
    """The WriteFailed of an OSError met writing path."""
    return WriteFailed("cannot write %s: %s" % (path, e.strerror or e))


def _remove(path):
    try:
        os.unlink(path)
    except OSError:
        pass


def write_file(path, text):
    """path holds text, or (the write failed: WriteFailed) what it held before."""
    staged = path + ".new"
    try:
        with open(staged, "w") as f:
            f.write(text)
        os.replace(staged, path)
    except OSError as e:
        _remove(staged)
        raise failed(e, path) from e



def _umask():
    """The process's umask (read by setting it, then set back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

class Staged:
    """Files of a folder replaced together: each written beside its final name, and only once all
    are written renamed into place (renames need no space); a failed write removes what was
    staged and leaves every file as it was."""

    def __init__(self, folder):
        self.folder, self.files, self.dirs = folder, [], []

    def write(self, name, text):
        path = os.path.join(self.folder, name)
        try:
            with open(path + ".new", "w") as f:
                self.files.append(name)
                f.write(text)
        except OSError as e:
            raise failed(e, path) from e

    def directory(self, name):
        """A fresh staging folder that replaces the folder `name` at the end."""
        staged = tempfile.mkdtemp(prefix="." + name + ".new-", dir=self.folder)
        os.chmod(staged, 0o777 & ~_umask())
        self.dirs.append((staged, name))
        return staged

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        if kind is not None:
            for name in self.files:
                _remove(os.path.join(self.folder, name + ".new"))
            for staged, _ in self.dirs:
                shutil.rmtree(staged, ignore_errors=True)
            if isinstance(value, OSError) and value.errno in FULL:
                raise failed(value, self.folder) from value
            return False
        for name in self.files:
            os.replace(os.path.join(self.folder, name + ".new"), os.path.join(self.folder, name))
        for staged, name in self.dirs:
            final = os.path.join(self.folder, name)
            if os.path.isdir(final):
                shutil.rmtree(final)
            os.rename(staged, final)
        return False


class RunDir:
    """Where a run writes: tmp while it runs, final once committed. As a context manager
    (`with RunDir(path) as out:`), the folder is committed when the block ends and discarded when
    it raises, so a command leaves a whole folder or none."""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace):
        if kind is None:
            self.commit()
        else:
            self.discard()
        return False

    def __init__(self, final, resumed=False):
        self.final, self.resumed = os.path.abspath(final), resumed
        parent = os.path.dirname(self.final)
        if not resumed and os.path.exists(self.final) and \
                not (os.path.isdir(self.final) and not os.listdir(self.final)):
            raise UsageError("output folder %s already exists and is not empty: results are never "
                             "overwritten, choose another" % final)
        kind = ".resume-" if resumed else ".partial-"
        try:
            os.makedirs(parent, exist_ok=True)
            self.tmp = tempfile.mkdtemp(prefix="." + os.path.basename(self.final) + kind,
                                        dir=parent)
            # mkdtemp's folder is private (0700); a results folder is as any other the user makes.
            os.chmod(self.tmp, 0o777 & ~_umask())
        except OSError as e:
            raise UsageError("cannot write the output folder %s: %s" % (final, e.strerror)) from e

    @classmethod
    def resume(cls, folder):
        """A copy of folder to go on in: the raw measurements linked (never rewritten, so the
        original's stay as they are), everything else copied."""
        out = cls(folder, resumed=True)
        try:
            for here, dirs, files in os.walk(folder):
                rel = os.path.relpath(here, folder)
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                os.makedirs(os.path.join(out.tmp, rel), exist_ok=True)
                for f in files:
                    src, dst = os.path.join(here, f), os.path.join(out.tmp, rel, f)
                    if rel.split(os.sep)[0] == "raw":
                        try:
                            os.link(src, dst)
                            continue
                        except OSError:
                            pass
                    shutil.copy2(src, dst)
        except OSError as e:
            out.discard()
            if e.errno in FULL:
                raise failed(e, out.tmp) from e
            raise UsageError("cannot copy %s to resume it: %s" % (folder, e.strerror)) from e
        return out

    def path(self, *parts):
        p = os.path.join(self.tmp, *parts)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        return p

    def write(self, name, text):
        write_file(self.path(name), text)

    def commit(self):
        if not self.resumed:
            if os.path.isdir(self.final):
                os.rmdir(self.final)  # Empty, checked above; rename needs it gone or empty.
            os.rename(self.tmp, self.final)
            return
        try:
            old = tempfile.mkdtemp(prefix="." + os.path.basename(self.final) + ".old-",
                                   dir=os.path.dirname(self.final))
        except OSError as e:
            raise failed(e, os.path.dirname(self.final)) from e
        os.rename(self.final, os.path.join(old, "was"))
        try:
            os.rename(self.tmp, self.final)
        except OSError:
            os.rename(os.path.join(old, "was"), self.final)
            raise
        shutil.rmtree(old, ignore_errors=True)

    def measured(self):
        """Whether the folder holds a runner's output (a repetition's or a set's)."""
        raw = os.path.join(self.tmp, "raw")
        return any(f.startswith(("rep-", "set-")) for _, _, files in os.walk(raw) for f in files)

    def keep(self):
        """After a failed write: a new run's folder put in place as it stands, if it holds a plan
        (run.json, written first) and a measurement; True if it was. A resumed run's copy is
        dropped: the folder it copied is as it was."""
        if self.resumed or not self.measured() or \
                not os.path.exists(os.path.join(self.tmp, "run.json")):
            self.discard()
            return False
        self.commit()  # Staged and write_file leave no staged file behind.
        return True

    def discard(self):
        shutil.rmtree(self.tmp, ignore_errors=True)
