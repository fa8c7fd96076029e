"""The statistics of the organiser's report, small enough to check by hand.

- Learning gain: each attendee's post-test score minus their pre-test score (fractions of the
  items right), for attendees who took both. The 95% confidence interval of the mean gain is the
  paired t interval: mean ± t(0.975, n-1) · sd / √n, with the sample standard deviation.
- Normalised gain (Hake): (mean post - mean pre) / (1 - mean pre), the share of the possible
  improvement that was achieved; undefined when the pre-test mean is already 100%.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

# Two-sided 95% critical values of Student's t (0.975 quantile) by degrees of freedom.
_T_975 = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
    10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110,
    18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064, 25: 2.060,
    26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980,
}
_Z_975 = 1.960


def t_critical(df: int) -> float:
    """t(0.975, df): from the table, interpolated in 1/df between its rows (the usual way to
    read a t table), and the normal value beyond 120."""
    if df < 1:
        raise ValueError("at least one degree of freedom is needed")
    if df in _T_975:
        return _T_975[df]
    rows = sorted(_T_975)
    if df > rows[-1]:
        lower_df, lower, upper_inv, upper = rows[-1], _T_975[rows[-1]], 0.0, _Z_975
    else:
        lower_df = max(r for r in rows if r < df)
        upper_df = min(r for r in rows if r > df)
        lower, upper, upper_inv = _T_975[lower_df], _T_975[upper_df], 1 / upper_df
    share = (1 / lower_df - 1 / df) / (1 / lower_df - upper_inv)
    return lower + (upper - lower) * share


@dataclass(frozen=True)
class PairedGain:
    """Pre/post means, the mean gain with its 95% CI, and the normalised gain."""

    n: int
    pre_mean: float
    post_mean: float
    mean_gain: float
    sd_gain: float | None
    ci_low: float | None
    ci_high: float | None
    normalised_gain: float | None


def paired_gain(pre: Sequence[float], post: Sequence[float]) -> PairedGain | None:
    """The gain statistics of paired scores (fractions 0..1); None when there are no pairs."""
    if len(pre) != len(post):
        raise ValueError("pre and post scores must come in pairs")
    n = len(pre)
    if n == 0:
        return None
    gains = [b - a for a, b in zip(pre, post, strict=True)]
    pre_mean, post_mean, mean_gain = statistics.fmean(pre), statistics.fmean(post), statistics.fmean(gains)
    sd = statistics.stdev(gains) if n >= 2 else None
    if sd is None:
        low = high = None
    else:
        half = t_critical(n - 1) * sd / math.sqrt(n)
        low, high = mean_gain - half, mean_gain + half
    normalised = (post_mean - pre_mean) / (1 - pre_mean) if pre_mean < 1 else None
    return PairedGain(n, pre_mean, post_mean, mean_gain, sd, low, high, normalised)
