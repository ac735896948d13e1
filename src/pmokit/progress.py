"""Progress of long runs: what a ``progress=`` callback receives.

Long-running functions (resource-constrained scheduling today; Monte Carlo simulation,
efficient frontiers and cross-validation as they adopt it) take ``progress=``:

- ``None`` or ``False`` (default): nothing is reported;
- ``True``: a tqdm bar (``pip install 'pmokit[progress]'``);
- a callable: called with a :class:`ProgressInfo` after each batch of work; returning
  ``True`` or raising ``StopIteration`` stops the run early (as scipy's callbacks can),
  and the result holds the best answer so far and says it stopped for ``"callback"``.

>>> from pmokit.progress import ProgressInfo
>>> ProgressInfo(done=250, total=1000, elapsed=0.4, best=57.0).fraction
0.25
"""

from __future__ import annotations

from pmokit._progress import ProgressInfo, ProgressLike

__all__ = ["ProgressInfo", "ProgressLike"]
