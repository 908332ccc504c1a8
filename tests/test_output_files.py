"""calibrate -o: a file that appears during the run is kept, a target that is no regular file
is refused, new files follow the umask, and a termination leaves no temporary file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from iasalaire.errors import IasalaireError
from iasalaire.outfile import OutputFile

INPUTS = {"survey": Path("/nonexistent/survey.csv")}


def test_a_file_created_after_the_check_is_kept_without_force(tmp_path: Path) -> None:
    target = tmp_path / "late.json"
    with pytest.raises(IasalaireError, match="appeared during the run"), \
            OutputFile(target, INPUTS) as out:
        target.write_text("theirs")  # another run (or the user) got there first
        out.write("ours")
    assert target.read_text() == "theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["late.json"]  # no temporary file left


def test_with_force_a_file_created_after_the_check_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "late.json"
    with OutputFile(target, INPUTS, force=True) as out:
        target.write_text("theirs")
        out.write("ours")
    assert target.read_text() == "ours"


def test_two_concurrent_writers_of_one_new_name_cannot_both_succeed(tmp_path: Path) -> None:
    target = tmp_path / "race.json"
    first, second = OutputFile(target, INPUTS), OutputFile(target, INPUTS)
    with first:
        first.write("first")
    with pytest.raises(IasalaireError, match="appeared"), second:
        second.write("second")
    assert target.read_text() == "first"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_target_is_refused_even_with_force(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(IasalaireError, match="not a regular file"):
        OutputFile(fifo, INPUTS, force=True)
    assert not fifo.is_file() and fifo.exists()


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_device_or_a_link_to_one_is_refused_even_with_force(tmp_path: Path) -> None:
    link = tmp_path / "out.json"
    link.symlink_to("/dev/null")
    for target in (Path("/dev/null"), link):
        with pytest.raises(IasalaireError, match="not a regular file"):
            OutputFile(target, INPUTS, force=True)
    assert link.is_symlink()


def test_a_new_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        with OutputFile(tmp_path / "m.json", INPUTS) as out:
            out.write("{}")
    finally:
        os.umask(old)
    assert (tmp_path / "m.json").stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_or_sighup_during_the_run_leaves_no_temporary_file(tmp_path: Path,
                                                                    number: int) -> None:
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from iasalaire.outfile import OutputFile\n"
        f"with OutputFile(Path({str(tmp_path / 'm.json')!r}), {{}}) as out:\n"
        "    print('ready', flush=True)\n"
        "    time.sleep(20)\n"
        "    out.write('x')\n")
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    assert any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
    child.send_signal(number)
    _, err = child.communicate(timeout=10)
    assert child.returncode == 128 + number
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
