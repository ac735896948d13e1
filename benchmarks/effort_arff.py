"""A small ARFF reader for the PROMISE effort data sets in ``../shared/data/effort``.

Benchmarks and tests read the files in place with this module; it is deliberately not
part of the library (pmokit reads no files).

Supported: ``%`` comments, a byte-order mark, ``@relation``, ``@attribute`` with
``numeric`` / ``real`` / ``integer``, ``string``, ``date`` and nominal ``{a,b}`` types
(names may be quoted), and comma-separated ``@data`` rows with ``?`` for missing
values. Sparse ARFF is not supported.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

EFFORT_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "effort"
"""Where the effort data sets live (``../shared/data/effort`` from the project root)."""

_ATTR = re.compile(r"@attribute\s+('[^']*'|\"[^\"]*\"|\S+)\s+(.*)$", re.IGNORECASE)
_NUMERIC = ("numeric", "real", "integer")


class ArffData:
    """Columns of one ARFF file: numeric columns as float arrays (NaN for ``?``)."""

    def __init__(self, relation: str, names: list[str], types: list[str], rows: list[list[str]]):
        self.relation = relation
        self.names = names
        self.types = types
        self.columns: dict[str, np.ndarray[Any, Any]] = {}
        for j, (name, kind) in enumerate(zip(names, types, strict=True)):
            raw = [r[j] for r in rows]
            if kind in _NUMERIC:
                self.columns[name] = np.array(
                    [np.nan if v == "?" else float(v) for v in raw], dtype=np.float64
                )
            else:
                self.columns[name] = np.array([None if v == "?" else v for v in raw], dtype=object)

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def __getitem__(self, name: str) -> np.ndarray[Any, Any]:
        return self.columns[name]

    def matrix(self, names: list[str]) -> np.ndarray[Any, Any]:
        """Numeric columns stacked as an ``(n, len(names))`` float array."""
        return np.column_stack([self.columns[n].astype(np.float64) for n in names])


def _split_row(line: str) -> list[str]:
    parts = [p.strip() for p in line.split(",")]
    return [p[1:-1] if len(p) >= 2 and p[0] == p[-1] and p[0] in "'\"" else p for p in parts]


def read_arff(path: str | Path) -> ArffData:
    """Read one dense ARFF file."""
    text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
    relation = ""
    names: list[str] = []
    types: list[str] = []
    rows: list[list[str]] = []
    in_data = False
    for raw_line in text.splitlines():
        line = raw_line.strip().lstrip("\ufeff")
        if not line or line.startswith("%"):
            continue
        if in_data:
            values = _split_row(line)
            if len(values) != len(names):
                raise ValueError(
                    f"{path}: a data row has {len(values)} values, expected {len(names)}: {line!r}"
                )
            rows.append(values)
            continue
        low = line.lower()
        if low.startswith("@relation"):
            relation = line.split(None, 1)[1].strip() if " " in line or "\t" in line else ""
        elif low.startswith("@attribute"):
            m = _ATTR.match(line)
            if m is None:
                raise ValueError(f"{path}: cannot parse attribute line {line!r}")
            name = m.group(1).strip("'\"").strip()
            kind = m.group(2).strip()
            kl = kind.lower()
            if kl.startswith("{"):
                types.append("nominal")
            elif kl.split()[0] in _NUMERIC:
                types.append(kl.split()[0])
            elif kl.startswith("date"):
                types.append("date")
            else:
                types.append("string")
            names.append(name)
        elif low.startswith("@data"):
            in_data = True
    return ArffData(relation, names, types, rows)


def available() -> list[Path]:
    """The ``.arff`` files present, sorted (empty when the data are absent)."""
    if not EFFORT_DIR.is_dir():
        return []
    return sorted(EFFORT_DIR.glob("*.arff"))
