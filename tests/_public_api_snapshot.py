"""Regenerate the snapshot in tests/test_public_api.py (PUBLIC_SURFACE, DEPRECATED_ALIASES).

Run from the repository root, then review the diff (every change is an API change)::

    PYTHONPATH=src python -m tests._public_api_snapshot
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from tests.test_public_api import SUBPACKAGES

HERE = Path(__file__).parent
_RENAME = re.compile(r'warn_renamed\(\s*"([\w.]+)",\s*"([\w.]+)"')


def renames(src: Path) -> dict[str, str]:
    """Module-level renames (``warn_renamed`` in a subpackage ``__init__``), qualified."""
    out: dict[str, str] = {}
    for path in sorted(src.rglob("__init__.py")):
        module = ".".join(path.relative_to(src.parent).parent.parts)
        for old, new in _RENAME.findall(path.read_text(encoding="utf-8")):
            out[old if "." in old else f"{module}.{old}"] = (
                new if "." in new else f"{module}.{new}"
            )
    return out


def snapshot() -> str:
    """The Python source of the two literals."""
    out = ["PUBLIC_SURFACE: dict[str, tuple[str, ...]] = {"]
    for name in SUBPACKAGES:
        out.append(f'    "{name}": (')
        line = "       "
        for attr in sorted(importlib.import_module(name).__all__):
            item = f' "{attr}",'
            if len(line) + len(item) > 99:
                out.append(line)
                line = "       "
            line += item
        out += [line, "    ),"]
    out += ["}", "DEPRECATED_ALIASES: dict[str, str] = {"]
    for old, new in renames(HERE.parent / "src" / "pmokit").items():
        out.append(f'    "{old}": "{new}",')
    out.append("}")
    return "\n".join(out) + "\n"


def main() -> None:
    """Rewrite the block between the BEGIN/END SNAPSHOT markers."""
    target = HERE / "test_public_api.py"
    text = target.read_text(encoding="utf-8")
    begin = text.index("\n", text.index("# BEGIN SNAPSHOT")) + 1
    end = text.index("# END SNAPSHOT")
    target.write_text(text[:begin] + snapshot() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
