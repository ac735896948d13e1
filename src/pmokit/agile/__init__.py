"""pmokit.agile: throughput and velocity forecasting, burn-up and flow metrics.

See docs/agile.md for the guide.

>>> from pmokit.agile import when_done
>>> when_done([2, 3, 1, 4], 10, rng=1).percentile(85)
5
"""

from __future__ import annotations

from pmokit.agile._forecast import WhenDoneForecast, when_done

__all__ = ["WhenDoneForecast", "when_done"]
