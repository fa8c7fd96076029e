"""The report's statistics against a hand computation."""

from __future__ import annotations

import math

import pytest

from edu_app.events.stats import paired_gain, t_critical


def test_paired_gain_matches_a_hand_computation() -> None:
    # Five attendees, pre and post as fractions right.
    pre = [0.2, 0.4, 0.4, 0.6, 0.5]
    post = [0.6, 0.6, 0.8, 0.6, 0.9]
    # By hand: gains 0.4, 0.2, 0.4, 0.0, 0.4 -> mean 0.28.
    # Deviations 0.12, -0.08, 0.12, -0.28, 0.12; squares 0.0144, 0.0064, 0.0144, 0.0784, 0.0144
    # sum 0.128; variance 0.128 / 4 = 0.032; sd = 0.178885; sd / sqrt(5) = sqrt(0.0064) = 0.08.
    # t(0.975, 4) = 2.776; half width = 2.776 * 0.08 = 0.22208.
    # Means: pre 0.42, post 0.70; Hake's normalised gain (0.70 - 0.42) / (1 - 0.42) = 0.482759.
    result = paired_gain(pre, post)
    assert result is not None
    assert result.n == 5
    assert result.pre_mean == pytest.approx(0.42)
    assert result.post_mean == pytest.approx(0.70)
    assert result.mean_gain == pytest.approx(0.28)
    assert result.sd_gain == pytest.approx(0.178885, abs=1e-6)
    assert result.ci_low == pytest.approx(0.28 - 0.22208, abs=1e-6)
    assert result.ci_high == pytest.approx(0.28 + 0.22208, abs=1e-6)
    assert result.normalised_gain == pytest.approx(0.482759, abs=1e-6)


def test_one_pair_has_a_gain_but_no_interval_and_a_perfect_pre_test_no_normalised_gain() -> None:
    single = paired_gain([0.5], [1.0])
    assert single is not None and single.mean_gain == pytest.approx(0.5)
    assert single.ci_low is None and single.sd_gain is None
    perfect = paired_gain([1.0, 1.0], [1.0, 0.5])
    assert perfect is not None and perfect.normalised_gain is None
    assert paired_gain([], []) is None


def test_t_critical_reads_the_table_and_interpolates_between_rows() -> None:
    assert t_critical(4) == 2.776
    assert t_critical(30) == 2.042
    # Between 30 (2.042) and 40 (2.021), in 1/df: df 35 sits 4/7 of the way.
    expected = 2.042 + (2.021 - 2.042) * ((1 / 30 - 1 / 35) / (1 / 30 - 1 / 40))
    assert t_critical(35) == pytest.approx(expected)
    assert 2.007 < t_critical(50) < 2.010  # the exact value is 2.0086
    assert 1.960 < t_critical(1000) < 1.963
    assert not math.isnan(t_critical(10_000))
    with pytest.raises(ValueError):
        t_critical(0)
