"""Benchmark: `iasalaire batch` against a `jq -c` one-liner doing the same kind of work, and
against a floor: a Python script that only parses each line with orjson and writes a record of
the same shape.

    python benchmarks/batch.py            # 20,000 and 200,000 profiles, both workloads
    python benchmarks/batch.py 50000      # other sizes

Two workloads: "repetitive" (years to one decimal, 5 cities, 4 sectors, a few certs: about
6,000 distinct lines, so batch's cache of finished records does much of the work) and
"varied" (as a real HR export: years to two decimals, 30 cities, 8 roles, 8 sectors, company
size, remote share, certs and skills: nearly every record distinct).

jq comes from the system packages (`apt-get install jq`, `brew install jq`). All three read the
same JSON Lines file in the same run and write ok / median / range / percentiles per record;
the figures are wall-clock seconds (best of 3) and the peak resident memory of the child
process (ru_maxrss, measured in a fresh `python` wrapper per run).
"""

from __future__ import annotations

import json
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
    ' range: {low: (($m * 0.8904 / 100 | round) * 100),'
    ' high: (($m * 1.1233 / 100 | round) * 100)},'
    ' percentiles: {p10: (($m * 0.8023 / 100 | round) * 100),'
    ' p25: (($m * 0.8904 / 100 | round) * 100),'
    ' p50: (($m / 100 | round) * 100), p75: (($m * 1.1233 / 100 | round) * 100),'
    ' p90: (($m * 1.2464 / 100 | round) * 100)}}'
)

# The jq side of the varied workload: a table per field (1 when absent or unknown), the same
# experience formula, a premium per cert and skill.
JQ_VARIED = (
    '{"San Francisco":1.036,"New York":1.02,"Austin":0.95,"Seattle":1.03,"Boston":1.0,'
    '"Paris":0.62,"London":0.8,"Berlin":0.7,"Toronto":0.75} as $city'
    ' | {"tech":1.0849,"finance":1.0415,"health":1.0198,"public":0.85,"retail":0.9} as $sector'
    ' | {"ml-engineer":1.05,"data-scientist":0.95,"research-scientist":1.1} as $role'
    ' | {"big-tech":1.2,"large":1.05,"medium":1.0,"small":0.95,"startup":0.97} as $company'
    ' | {"0":1.0,"50":1.0,"100":0.97} as $remote'
    ' | (175600 * (if .years < 5 then 0.672 + .years * 0.0934 else 1.139 + (.years - 5) * 0.0228'
    ' end) * ($city[.city] // 1) * ($sector[.sector] // 1) * ($role[.role] // 1)'
    ' * ($company[.company] // 1) * ($remote[.remote | tostring] // 1)'
    ' * pow(1.03; (.certs | length) + (.skills | length))) as $m'
    ' | {ok: true, median: (($m / 100 | round) * 100),'
    ' range: {low: (($m * 0.8904 / 100 | round) * 100),'
    ' high: (($m * 1.1233 / 100 | round) * 100)},'
    ' percentiles: {p10: (($m * 0.8023 / 100 | round) * 100),'
    ' p25: (($m * 0.8904 / 100 | round) * 100),'
    ' p50: (($m / 100 | round) * 100), p75: (($m * 1.1233 / 100 | round) * 100),'
    ' p90: (($m * 1.2464 / 100 | round) * 100)}}'
)

# Runs a command with stdout to /dev/null and prints the child's peak RSS (KiB on Linux).
MEASURE = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


# The varied workload's values (all in the packaged baseline).
MANY_CITIES = ["San Francisco", "San Jose", "Seattle", "Washington DC", "Boston", "Charlotte",
               "New York", "San Diego", "Los Angeles", "Austin", "Dallas", "Minneapolis",
               "Miami", "Portland", "Chicago", "Tampa", "Phoenix", "Philadelphia", "Atlanta",
               "Detroit", "Raleigh", "Houston", "Paris", "Lyon", "London", "Berlin", "Munich",
               "Amsterdam", "Zurich", "Toronto"]
ROLES = ["ai-engineer", "ml-engineer", "data-scientist", "research-scientist", "mlops-engineer",
         "ml-architect", "data-engineer", "llm-engineer"]
MANY_SECTORS = ["tech", "telecom", "finance", "health", "public", "consulting", "retail",
                "energy"]
COMPANIES = ["big-tech", "large", "medium", "small", "startup"]
MANY_CERTS = ["advanced-ml", "aws-ml-specialty", "gcp-ml-engineer", "azure-ai-engineer",
              "databricks-ml-professional"]
SKILLS = ["python", "pytorch", "tensorflow", "llm", "nlp", "mlops", "spark", "sql", "cuda",
          "kubernetes"]

# The floor: parse every line with orjson, write a record of the same shape (fixed figures).
FLOOR = (
    "import sys, orjson\n"
    "out = sys.stdout.buffer\n"
    "for n, line in enumerate(open(sys.argv[1], 'rb'), 1):\n"
    "    orjson.loads(line)\n"
    "    out.write(b'{\"line\":%d,%b\\n' % (n, orjson.dumps({'ok': True, 'median': 200000,"
    " 'range': {'low': 150000, 'high': 250000}, 'percentiles': {'p10': 120000, 'p25': 150000,"
    " 'p50': 200000, 'p75': 250000, 'p90': 300000}, 'warnings': []})[1:]))\n"
)


def varied(count: int, seed: int = 5) -> list[bytes]:
    """Profiles as varied as an HR export: nearly every line distinct."""
    rng = random.Random(seed)
    lines = []
    for _ in range(count):
        record = {"years": round(rng.uniform(0, 30), 2), "city": rng.choice(MANY_CITIES),
                  "role": rng.choice(ROLES), "sector": rng.choice(MANY_SECTORS),
                  "company": rng.choice(COMPANIES), "remote": rng.choice([0, 50, 100]),
                  "certs": rng.sample(MANY_CERTS, rng.choice([0, 0, 1, 2])),
                  "skills": rng.sample(SKILLS, rng.choice([0, 1, 2, 3]))}
        lines.append(json.dumps(record, separators=(",", ":")).encode() + b"\n")
    return lines


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
    with tempfile.TemporaryDirectory() as tmp:
        floor = Path(tmp) / "floor.py"
        floor.write_text(FLOOR)
        for workload, make, program in (("varied", varied, JQ_VARIED),
                                        ("repetitive", profiles, JQ)):
            peaks: list[float] = []
            for size in sizes:
                lines = make(size)
                path = Path(tmp) / f"{workload}-{size}.jsonl"
                path.write_bytes(b"".join(lines))
                ours, our_peak = measure([*iasalaire, str(path)])
                theirs, jq_peak = measure([jq, "-c", program, str(path)])
                least, _ = measure([sys.executable, str(floor), str(path)])
                print(f"{workload:>10} {size:>8,} profiles ({len(set(lines)):,} distinct): "
                      f"batch {ours:.2f} s, jq {theirs:.2f} s, orjson floor {least:.2f} s; "
                      f"batch/jq {ours / theirs:.2f}x, batch/floor {ours / least:.2f}x; "
                      f"peak memory batch {our_peak:.1f} MiB, jq {jq_peak:.1f} MiB")
                peaks.append(our_peak)
            if len(peaks) > 1:  # the target: within 25% from the smallest size to the largest
                print(f"{workload:>10} batch peak memory, {sizes[-1]:,} vs {sizes[0]:,}: "
                      f"{(peaks[-1] / peaks[0] - 1):+.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]] or [20_000, 200_000]))
