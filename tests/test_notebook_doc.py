"""docs/notebook.md: the code blocks that draw run in order and draw what they say."""

from __future__ import annotations

import doctest
import re
from pathlib import Path
from typing import Any

from tests._requires import requires_matplotlib, requires_tqdm

DOC = Path(__file__).resolve().parent.parent / "docs" / "notebook.md"


def blocks() -> list[tuple[bool, str]]:
    """The ```python blocks of the page as (is a doctest, source) pieces; a doctest example
    that expects an exception comes wrapped so that the run goes on."""
    text = DOC.read_text(encoding="utf-8")
    out = []
    for body in re.findall(r"```python\n(.*?)```", text, flags=re.S):
        if ">>>" not in body:
            out.append((False, body))
            continue
        for e in doctest.DocTestParser().get_examples(body):
            if e.exc_msg is None:
                out.append((True, e.source))
            else:
                body_lines = "".join("    " + line + "\n" for line in e.source.splitlines())
                out.append((True, f"try:\n{body_lines}except Exception:\n    pass\n"))
    return out


@requires_matplotlib
@requires_tqdm
def test_drawing_blocks_run_and_draw(capsys: Any) -> None:
    """Every plain block runs after the doctests before it; each plot call leaves a figure
    with something drawn, and the tqdm bar is shown."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.close("all")
    namespace: dict[str, Any] = {}
    calls = 0
    try:
        for _is_doctest, source in blocks():
            exec(compile(source, str(DOC), "exec"), namespace)
            if not _is_doctest:
                calls += len(re.findall(r"\bplot\.\w+\(", source))
        figures = [plt.figure(n) for n in plt.get_fignums()]
        assert calls >= 8 and len(figures) == calls
        for fig in figures:
            ax = fig.axes[0]
            assert ax.patches or ax.lines or ax.images, ax.get_title()
        titles = {fig.axes[0].get_title().split(":")[0] for fig in figures}
        assert {"Gantt chart", "S-curve", "Efficient frontier", "Tornado"} <= titles
        assert "RCPSP" in capsys.readouterr().err
    finally:
        plt.close("all")
