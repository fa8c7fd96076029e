"""Which bars a chart range shows: never a bar after the current day, and on day one the
history before the start rather than an empty chart."""

from __future__ import annotations

from datetime import date, timedelta

from edu_app.trading.views import Bar
from edu_app.ui.screens.sim_charts import window


def _bars(count: int) -> list[Bar]:
    start = date(2015, 1, 1)
    return [Bar(start + timedelta(days=i), 10, 11, 9, 10 + i, 100) for i in range(count)]


def test_all_played_shows_a_month_of_lead_in_on_day_one_and_then_only_the_played_bars() -> None:
    bars = _bars(300)  # 299 bars of history, the current day last
    day_one = window(bars, first_played=299, range_key="all")
    assert len(day_one) == 21 and day_one[-1] is bars[-1]
    later = window(bars[:], first_played=200, range_key="all")
    assert later == bars[200:]


def test_every_range_ends_at_the_current_day() -> None:
    bars = _bars(300)
    current = bars[:150]  # the session stands on bar 149
    for key in ("1m", "3m", "1y", "all"):
        shown = window(current, first_played=100, range_key=key)
        assert shown[-1] is current[-1]
    assert len(window(current, 100, "1m")) == 21 and len(window(current, 100, "3m")) == 63


def test_a_first_day_of_trading_has_one_bar_to_show() -> None:
    assert window(_bars(1), first_played=0, range_key="all") == _bars(1)


def test_buckets_sit_on_the_series_so_a_step_changes_only_the_ends() -> None:
    from edu_app.ui.screens.sim_charts import anchored_buckets

    today = anchored_buckets(252, offset=1000, limit=60)
    tomorrow = anchored_buckets(252, offset=1001, limit=60)
    assert len(today) <= 62 and today[0][1] == 0 and today[-1][2] == 252
    assert all(b > a for _x, a, b in today)
    # Shifted by one bar, every bucket between the first and the last holds the same bars.
    inner_today = {(x, a + 1000, b + 1000) for x, a, b in today[1:-1]}
    inner_tomorrow = {(x, a + 1001, b + 1001) for x, a, b in tomorrow[1:-1]}
    assert len(inner_today & inner_tomorrow) >= len(inner_today) - 1


def test_a_new_day_changes_the_price_chart_in_place_and_ends_at_the_new_close() -> None:
    from edu_app.ui.screens.sim_charts import PriceChart

    bars = _bars(400)
    chart = PriceChart("line", max_points=60)
    chart.show(bars[100:352], 100, [], [], "day one")
    before = list(chart.chart.data_series[0].points)  # type: ignore[attr-defined]
    chart.show(bars[101:353], 101, [], [], "day two")
    after = chart.chart.data_series[0].points  # type: ignore[attr-defined]
    kept = sum(1 for point in after if any(point is old for old in before))
    assert kept >= len(after) - 2  # only the first and last buckets can be new
    assert after[-1].y == bars[352].close and chart.control.label == "day two"
