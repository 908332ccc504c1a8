"""Benchmark: `iasalaire batch` against a `jq -c` one-liner doing the same kind of work.

    python benchmarks/batch.py            # 20,000 and 200,000 profiles
    python benchmarks/batch.py 50000      # other sizes

jq comes from the system packages (`apt-get install jq`, `brew install jq`). Both programs
read the same JSON Lines file in the same run and write ok / median / range / percentiles per
record; the figures are wall-clock seconds (best of 3) and the peak resident memory of the
child process (ru_maxrss, measured in a fresh `python` wrapper per run).
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CITIES = ["San Francisco", "New York", "Austin", "Seattle", "Boston"]
SECTORS = ["tech", "finance", "health", "public"]
CERTS = ["advanced-ml", "aws-ml-specialty", "gcp-ml-engineer"]

# The jq side: a city table, a sector table, an experience formula, log-normal percentiles.
JQ = (
    '{"San Francisco":1.036,"New York":1.02,"Austin":0.95,"Seattle":1.03,"Boston":1.0} as $city'
    ' | {"tech":1.0849,"finance":1.0415,"health":1.0198,"public":0.85} as $sector'
    ' | (175600 * (if .years < 5 then 0.672 + .years * 0.0934 else 1.139 + (.years - 5) * 0.0228'
    ' end) * $city[.city] * $sector[.sector] * (if (.certs | length) > 0 then 1.065 else 1 end))'
    ' as $m | {ok: true, median: (($m / 100 | round) * 100),'
    ' range: {low: (($m * 0.8904 / 100 | round) * 100), high: (($m * 1.1233 / 100 | round) * 100)},'
    ' percentiles: {p10: (($m * 0.8023 / 100 | round) * 100), p25: (($m * 0.8904 / 100 | round) * 100),'
    ' p50: (($m / 100 | round) * 100), p75: (($m * 1.1233 / 100 | round) * 100),'
    ' p90: (($m * 1.2464 / 100 | round) * 100)}}'
)

# Runs a command with stdout to /dev/null and prints the child's peak RSS (KiB on Linux).
MEASURE = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def profiles(count: int, seed: int = 3) -> list[bytes]:
    """Varied profiles: years with one decimal in 0-30, five cities, four sectors, some certs."""
    rng = random.Random(seed)
    lines = []
    for _ in range(count):
        certs = rng.sample(CERTS, rng.choice([0, 0, 1, 2]))
        lines.append(
            b'{"years":%.1f,"city":"%s","sector":"%s","certs":[%s]}\n'
            % (rng.randint(0, 300) / 10, rng.choice(CITIES).encode(),
               rng.choice(SECTORS).encode(), b",".join(b'"%s"' % c.encode() for c in certs))
        )
    return lines


def measure(command: list[str]) -> tuple[float, float]:
    """(best wall-clock seconds of 3, peak RSS in MiB of the slowest-memory run)."""
    times, peaks = [], []
    for _ in range(3):
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True,
                             text=True, check=True).stdout
        times.append(time.perf_counter() - started)
        peaks.append(int(out) / 1024)
    return min(times), max(peaks)


def main(sizes: list[int]) -> int:
    jq = shutil.which("jq")
    if jq is None:
        print("jq not found: apt-get install jq (or brew install jq)", file=sys.stderr)
        return 1
    iasalaire = [sys.executable, "-m", "iasalaire", "batch"]
    peaks: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            lines = profiles(size)
            path = Path(tmp) / f"profiles-{size}.jsonl"
            path.write_bytes(b"".join(lines))
            ours, our_peak = measure([*iasalaire, str(path)])
            theirs, jq_peak = measure([jq, "-c", JQ, str(path)])
            print(f"{size:>8,} profiles ({len(set(lines)):,} distinct): "
                  f"batch {ours:.2f} s, jq {theirs:.2f} s, ratio {ours / theirs:.2f}x; "
                  f"peak memory batch {our_peak:.1f} MiB, jq {jq_peak:.1f} MiB")
            peaks.append(our_peak)
    if len(peaks) > 1:  # the target: within 25% from the smallest size to the largest
        print(f"batch peak memory, {sizes[-1]:,} vs {sizes[0]:,}: "
              f"{(peaks[-1] / peaks[0] - 1):+.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]] or [20_000, 200_000]))
