"""A small reader for PSPLIB single-mode ``.sm`` files (benchmarks and tests only).

Kolisch, R. & Sprecher, A. (1996), "PSPLIB - A project scheduling problem library",
European Journal of Operational Research 96:205-216. The data live in
``../shared/data/psplib``; nothing here is part of the pmokit library.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_HERE = Path(__file__).resolve()
# ../shared next to the checkout (/work/main), or one level up from a git worktree
# (/work/wt/NAME): the first that exists
DATA = next(
    (d for d in (_HERE.parents[2] / "shared" / "data" / "psplib",
                 _HERE.parents[3] / "shared" / "data" / "psplib") if d.is_dir()),
    _HERE.parents[2] / "shared" / "data" / "psplib",
)


@dataclass(frozen=True)
class SmInstance:
    """One PSPLIB instance: jobs numbered 1..n (1 and n are the dummy source and sink)."""

    name: str
    durations: tuple[int, ...]
    successors: tuple[tuple[int, ...], ...]  # 0-based job indices
    demands: tuple[tuple[int, ...], ...]  # per job, per renewable resource
    capacities: tuple[int, ...]


def parse_sm(name: str, text: str) -> SmInstance:
    """Parse the text of one ``.sm`` file."""
    lines = text.splitlines()
    succ: dict[int, tuple[int, ...]] = {}
    dur: dict[int, int] = {}
    dem: dict[int, tuple[int, ...]] = {}
    caps: tuple[int, ...] = ()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("PRECEDENCE RELATIONS"):
            i += 2
            while not lines[i].startswith("*"):
                parts = [int(x) for x in lines[i].split()]
                succ[parts[0]] = tuple(x - 1 for x in parts[3 : 3 + parts[2]])
                i += 1
            continue
        if line.startswith("REQUESTS/DURATIONS"):
            i += 3
            while not lines[i].startswith("*"):
                parts = [int(x) for x in lines[i].split()]
                dur[parts[0]] = parts[2]
                dem[parts[0]] = tuple(parts[3:])
                i += 1
            continue
        if line.startswith("RESOURCEAVAILABILITIES"):
            caps = tuple(int(x) for x in lines[i + 2].split())
            i += 3
            continue
        i += 1
    jobs = sorted(dur)
    n_res = len(caps)
    return SmInstance(
        name=name,
        durations=tuple(dur[j] for j in jobs),
        successors=tuple(succ[j] for j in jobs),
        demands=tuple(dem[j][:n_res] for j in jobs),
        capacities=caps,
    )


def read_set(set_name: str) -> Iterator[SmInstance]:
    """Every instance of ``j30`` or ``j120``, in the order of ``reference.csv``."""
    ref = reference(set_name)
    with zipfile.ZipFile(DATA / set_name / f"{set_name}.sm.zip") as zf:
        names = set(zf.namelist())
        for inst in ref:
            fname = f"{inst}.sm"
            if fname in names:
                yield parse_sm(inst, zf.read(fname).decode("ascii"))


def reference(set_name: str) -> dict[str, dict[str, int]]:
    """The rows of ``reference.csv``, by instance name."""
    out: dict[str, dict[str, int]] = {}
    with open(DATA / set_name / "reference.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["instance"]] = {
                k: int(v) for k, v in row.items() if k != "instance" and v != ""
            }
    return out


def available(set_name: str) -> bool:
    """Whether the set's files are present."""
    return (DATA / set_name / f"{set_name}.sm.zip").exists() and (
        DATA / set_name / "reference.csv"
    ).exists()
