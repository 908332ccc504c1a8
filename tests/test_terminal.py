"""A real terminal: what a person sees, colours and width included (tmux, and a bare pty)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid

import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*m")
COMMAND = [sys.executable, "-m", "iasalaire", "estimate", "--exp", "5", "--city", "Austin",
           "--offer", "150000"]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_COLOR", "COLUMNS", "LINES", "FORCE_COLOR", "TERM", "LANGUAGE",
                        "LC_ALL", "LC_MESSAGES", "IASALAIRE_LANG")}
    return {**env, "LANG": "C.UTF-8", **extra}


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize(("width", "lang", "heading"), [
    (90, "C.UTF-8", "Estimated pay: 5 years of experience, Austin (USD / year)"),
    (72, "fr_FR.UTF-8", "Salaire estimé\u00a0: 5 ans d'expérience, Austin ($US brut / an)"),
])
def test_estimate_in_tmux_shows_colour_within_the_window(width: int, lang: str,
                                                         heading: str) -> None:
    socket = f"iasalaire-test-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
    env = clean_env(LANG=lang)
    shell = " ".join(f"'{part}'" for part in COMMAND) + "; echo __DONE__; sleep 30"
    subprocess.run([*tmux, "new-session", "-d", "-x", str(width), "-y", "60", shell],
                   env=env, check=True)
    try:
        screen = ""
        for _ in range(100):  # up to 10 s on a busy machine
            screen = subprocess.run([*tmux, "capture-pane", "-p", "-e", "-J"], env=env,
                                    capture_output=True, text=True, check=True).stdout
            if "__DONE__" in screen:
                break
            time.sleep(0.1)
    finally:
        subprocess.run([*tmux, "kill-server"], env=env, check=False)
    assert "__DONE__" in screen
    plain = ANSI.sub("", screen)
    assert " ".join(heading.split()) in " ".join(plain.split())
    assert "\x1b[" in screen  # colour: it is a terminal
    assert re.search(r"\x1b\[[0-9;]*32m", screen)  # the range in green
    rows = subprocess.run(["tmux", "-L", socket, "list-sessions"], capture_output=True,
                          check=False)
    assert rows.returncode != 0  # the server is gone
    assert all(len(line) <= width for line in plain.splitlines())


def test_estimate_in_a_pty_is_coloured_and_sized_to_the_window() -> None:
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 70, 0, 0))
    process = subprocess.Popen(COMMAND, stdin=slave, stdout=slave, stderr=slave,
                               env=clean_env(TERM="xterm-256color"), close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert process.wait(timeout=30) == 0
    screen = b"".join(chunks).decode("utf-8")
    plain = ANSI.sub("", screen).replace("\r\n", "\n")
    assert "\x1b[1m" in screen or "\x1b[1;" in screen  # bold heading
    assert "Offer   150,000" in plain
    assert max(len(line) for line in plain.splitlines()) <= 70
    p10 = json.loads(subprocess.run([*COMMAND, "--json"], capture_output=True, text=True,
                                    check=True).stdout)["percentiles"]["p10"]
    assert f"p10 {p10:,}" in plain
