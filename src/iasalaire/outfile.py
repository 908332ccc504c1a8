"""Writing a result file without ever losing a user's file (`calibrate -o`).

The target is checked and a temporary file is created beside it BEFORE the long work, so a
read-only folder or a name that is one of the inputs fails in a second, not after the fit; the
result is written to the temporary file and renamed over the target (os.replace is atomic on
one file system), so an interrupted write leaves the old file whole.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from iasalaire.errors import DataFileError, IasalaireError
from iasalaire.text import ascii_json

STDOUT = "-"


def same_file(a: Path, b: Path) -> bool:
    """Same file by inode (hard links, symlinks) when both exist, else by resolved path."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


class OutputFile:
    """`with OutputFile(path, inputs, force) as out: ...; out.write(text)`: nothing is
    replaced unless write() is called and the block ends without an exception."""

    def __init__(self, path: Path, inputs: Mapping[str, Path], force: bool = False) -> None:
        self.path = path
        self.to_stdout = str(path) == STDOUT
        self._temp: Path | None = None
        self._fd: int | None = None
        self._text: str | None = None
        self.force = force
        self._signals: dict[int, object] = {}
        if self.to_stdout:
            return
        for what, source in inputs.items():
            if same_file(path, source):
                raise IasalaireError(f"-o {path} is the {what}: refusing to overwrite an input "
                                     "(choose another output file)")
        if path.is_dir():
            raise IasalaireError(f"-o {path} is a folder: give a file name")
        _regular_or_absent(path)
        if path.exists() and not force:
            raise IasalaireError(f"{path} already exists: use --force to replace it")
        try:
            self._fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                              dir=path.parent)
        except OSError as error:
            raise DataFileError(f"cannot write {path}: {error.strerror}") from None
        self._temp = Path(name)

    def __enter__(self) -> OutputFile:
        # SIGTERM / SIGHUP end the run through __exit__, so the temporary file goes too.
        for number in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if number is None or self._temp is None:
                continue
            with contextlib.suppress(ValueError, OSError):  # not the main thread
                self._signals[number] = signal.signal(number, _terminated)
        return self

    def write(self, text: str) -> None:
        """Keep `text` as the file's content; written when the block ends well."""
        self._text = text

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            if kind is None and self._text is not None:
                self._commit(self._text)
        finally:
            self._discard()
            for number, handler in self._signals.items():
                signal.signal(number, handler)  # type: ignore[arg-type]
            self._signals.clear()

    def _commit(self, text: str) -> None:
        if self.to_stdout:
            sys.stdout.write(ascii_json(text, getattr(sys.stdout, "encoding", None) or "utf-8"))
            sys.stdout.flush()
            return
        assert self._fd is not None and self._temp is not None
        fd, self._fd = self._fd, None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            _regular_or_absent(self.path)
            os.chmod(self._temp, _mode_for(self.path))
            if self.force:
                os.replace(self._temp, self.path)
            else:  # a link fails if the name exists: a file that appeared since is kept
                _link_new(self._temp, self.path)
            self._temp = None
        except FileExistsError:
            raise IasalaireError(f"{self.path} appeared during the run: it is kept (use "
                                 "--force to replace it)") from None
        except OSError as error:
            raise DataFileError(f"cannot write {self.path}: {error.strerror}") from None

    def _discard(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._temp is not None:
            self._temp.unlink(missing_ok=True)
            self._temp = None


class Terminated(SystemExit):
    """SIGTERM or SIGHUP during the run: the exit code is 128 + the signal's number."""


def _terminated(number: int, frame: object) -> None:
    sys.stderr.write("Terminated.\n")
    raise Terminated(128 + number)


def _regular_or_absent(path: Path) -> None:
    """Refuse a device, FIFO or socket (or a link to one): replacing /dev/null with a regular
    file, or writing into a pipe, is never what -o means."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise IasalaireError(f"-o {path} is not a regular file (a device, FIFO or socket): "
                             "give a file name, or -o - for stdout")


def _link_new(temp: Path, path: Path) -> None:
    """Put `temp` at `path` only if `path` does not exist (FileExistsError otherwise)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV,
                               errno.EMLINK):
            raise
        # no hard links here (FAT, some network mounts): create the name exclusively
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _mode_for(path))
        with open(temp, "rb") as source, os.fdopen(fd, "wb") as target:
            target.write(source.read())
            target.flush()
            os.fsync(target.fileno())
    temp.unlink()


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or a new file's usual ones (mkstemp makes 0600)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
