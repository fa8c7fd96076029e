"""Charts of the simulator screens (flet-charts): price as line or candles with volume and fill
markers, and the equity curve against buy-and-hold. Only bars already played are ever passed in.

Long ranges are thinned to at most ``MAX_POINTS`` points (each keeps its bucket's last close, the
bucket's high/low for candles and its summed volume). The price chart is changed in place from
day to day, with buckets anchored to the series, so a step sends the browser a few values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import math

import flet as ft

from edu_app.ui.screens.sim_format import money

MAX_POINTS = 120
MAX_CANDLES = 70
RANGES = {"1m": 21, "3m": 63, "1y": 252, "all": None}


def _charts():  # type: ignore[no-untyped-def]
    # Imported on first use: the chart library takes a noticeable share of start-up.
    import flet_charts as fch

    return fch


def window(bars: Sequence, first_played: int, range_key: str) -> list:  # type: ignore[type-arg]
    """The bars a range shows: the last N, or everything played since the start ("all"), with at
    least a month of the history before the start so that day one is not an empty chart.
    ``bars`` end at the current day: nothing here can reach a future bar."""
    size = RANGES.get(range_key)
    if size is None:
        return list(bars[max(0, min(first_played, len(bars) - RANGES["1m"])):])
    return list(bars[-size:])


def _buckets(count: int, limit: int) -> list[tuple[int, int]]:
    if count <= limit:
        return [(i, i + 1) for i in range(count)]
    step = count / limit
    edges = [round(i * step) for i in range(limit + 1)]
    return [(a, b) for a, b in zip(edges, edges[1:]) if b > a]


def _axis_picks(dates: list[date]) -> list[tuple[int, date]]:
    """The points whose dates label the time axis: first, middle and last."""
    if not dates:
        return []
    return [(i, dates[i]) for i in sorted({0, len(dates) // 2, len(dates) - 1})]


def _axis_labels(dates: list[date]) -> list:  # type: ignore[type-arg]
    fch = _charts()
    return [
        fch.ChartAxisLabel(value=i, label=ft.Text(day.isoformat(), size=10, color=ft.Colors.ON_SURFACE_VARIANT))
        for i, day in _axis_picks(dates)
    ]


def _right_edge(count: int) -> float:
    """The x where the chart ends: a little room after the last point so its date label fits."""
    return max(1.0, (count - 1) * 1.12)


def _frame(min_y: float, max_y: float) -> tuple[float, float, float]:
    """Bounds on a round step (about four labels) and the step, so labels land on round values."""
    span = max(max_y - min_y, abs(max_y) * 0.02, 0.01)
    raw = span / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    low = math.floor(min_y / step) * step
    high = math.ceil(max_y / step) * step
    if high - low < step:
        high = low + step
    return low, high, step


def _value_axis(low: float, high: float, step: float, size: float) -> object:
    """A left axis labelled at every ``step`` (custom labels show only on the axis interval)."""
    fch = _charts()
    count = int(round((high - low) / step))
    values = [low + i * step for i in range(count + 1)]
    return fch.ChartAxis(
        label_size=size, label_spacing=step,
        labels=[fch.ChartAxisLabel(value=v, label=ft.Text(_short(v), size=10, color=ft.Colors.ON_SURFACE_VARIANT))
                for v in values],
    )


def _short(value: float) -> str:
    """1,250,000 -> 1.25M; 12,500 -> 12.5K; 98.5 -> 98.5 (axis labels stay narrow)."""
    for limit, suffix in ((1e6, "M"), (1e4, "K")):
        if abs(value) >= limit:
            return f"{value / (limit if suffix == 'M' else 1e3):g}{suffix}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class _Point:
    """One drawn point: a bucket of consecutive bars, numbered from the start of the series."""

    x: int  # the bucket's number, the same on every day it is shown
    date: date  # its last bar's date
    open: float
    high: float
    low: float
    close: float
    volume: float
    first_date: date


def anchored_buckets(count: int, offset: int, limit: int) -> list[tuple[int, int, int]]:
    """Split ``count`` bars, the first being bar ``offset`` of the series, into at most about
    ``limit`` buckets of ``k`` bars whose edges sit on multiples of ``k`` counted from the start
    of the series: as the window moves one bar, every bucket but the first and the last keeps
    its bars, so the chart changes in two points rather than all. Returns (x, start, end)."""
    if count <= 0:
        return []
    size = max(1, math.ceil(count / limit))
    out = []
    a = 0
    while a < count:
        number = (offset + a) // size
        b = min(count, (number + 1) * size - offset)
        out.append((number, a, b))
        a = b
    return out


class PriceChart:
    """Price (line with buy/sell and tip markers, or candles) and a volume strip below it,
    changed in place as time moves: each step sends the browser the few values that changed,
    not a new chart of a year of points (which cost most of a "next day" on a phone)."""

    def __init__(self, style: str, height: float = 200, max_points: int = MAX_POINTS) -> None:
        fch = _charts()
        self.candles = style == "candles"
        self.limit = MAX_CANDLES if self.candles else max_points
        axis = fch.ChartAxis(label_size=52)
        bottom = fch.ChartAxis(label_size=22, label_spacing=1)
        if self.candles:
            self.chart: ft.Control = fch.CandlestickChart(
                spots=[], left_axis=axis, bottom_axis=bottom, interactive=True, height=height, animation=0,
            )
            self._main: list = self.chart.spots  # type: ignore[attr-defined]
        else:
            self._line = fch.LineChartData(points=[], color=ft.Colors.PRIMARY, stroke_width=2, point=False)
            self.chart = fch.LineChart(
                data_series=[self._line], left_axis=axis, bottom_axis=bottom, interactive=True, height=height,
                animation=0,
            )
            self._main = self._line.points
        # Volume as a shaded area on the same x as the price: one point per bucket (bars would
        # be two controls each, and every control costs time on each step).
        self._volume_line = fch.LineChartData(
            points=[], color=ft.Colors.with_opacity(0.6, ft.Colors.OUTLINE), stroke_width=1, point=False,
            below_line_bgcolor=ft.Colors.with_opacity(0.35, ft.Colors.OUTLINE),
        )
        self.volume = fch.LineChart(
            data_series=[self._volume_line], min_y=0, max_y=1, height=36, interactive=False, animation=0,
            left_axis=fch.ChartAxis(label_size=52, show_labels=False),
            bottom_axis=fch.ChartAxis(show_labels=False, label_size=0),
            horizontal_grid_lines=fch.ChartGridLines(color=ft.Colors.TRANSPARENT, width=0),
        )
        self.control = ft.Semantics(content=ft.Column([self.chart, self.volume], spacing=2))
        self._frame: tuple[float, float, float] | None = None
        self._picks: list[tuple[int, date]] = []
        self._shown: dict[int, tuple[_Point, object, object]] = {}  # x -> (point, price control, volume point)

    def show(
        self, bars: Sequence, offset: int, fills: Sequence[tuple[date, str, float, float]],  # type: ignore[type-arg]
        tip_dates: Sequence[date], label: str,
    ) -> None:
        """Draw ``bars`` (at least two; the first is bar ``offset`` of the series), changing only
        what differs from what is on screen."""
        points = [
            _Point(x, bars[b - 1].date, bars[a].open, max(bar.high for bar in bars[a:b]),
                   min(bar.low for bar in bars[a:b]), bars[b - 1].close, sum(bar.volume for bar in bars[a:b]),
                   bars[a].date)
            for x, a, b in anchored_buckets(len(bars), offset, self.limit)
        ]
        self._scale(points)
        # Raw volumes under a moving ceiling: a new high changes one number, not every point.
        self.volume.max_y = max((p.volume for p in points), default=0.0) or 1.0  # type: ignore[attr-defined]
        shown: dict[int, tuple[_Point, object, object]] = {}
        for point in points:
            old = self._shown.get(point.x)
            if old is None:
                shown[point.x] = (point, self._price_control(point), self._volume_point(point))
                continue
            if old[0] != point:
                self._update_price(old[1], point)
            if old[0].volume != point.volume:
                old[2].y = point.volume  # type: ignore[attr-defined]
            shown[point.x] = (point, old[1], old[2])
        self._shown = shown
        # The same list objects, changed in place: controls kept are not sent again.
        self._main[:] = [entry[1] for entry in shown.values()]
        self._volume_line.points[:] = [entry[2] for entry in shown.values()]
        if not self.candles:
            markers = _markers(points, fills, tip_dates)
            if _marker_key(markers) != _marker_key(self.chart.data_series[1:]):  # type: ignore[attr-defined]
                self.chart.data_series[1:] = markers  # type: ignore[attr-defined]
        self.control.label = label

    def _scale(self, points: list[_Point]) -> None:
        fch = _charts()
        chart = self.chart
        low = min(p.low if self.candles else p.close for p in points)
        high = max(p.high if self.candles else p.close for p in points)
        frame = _frame(low, high)
        if frame != self._frame:  # axis labels and grid only when the scale moves
            self._frame = frame
            min_y, max_y, step = frame
            chart.min_y, chart.max_y = min_y, max_y  # type: ignore[attr-defined]
            chart.left_axis = _value_axis(min_y, max_y, step, 52)  # type: ignore[attr-defined]
            chart.horizontal_grid_lines = fch.ChartGridLines(  # type: ignore[attr-defined]
                color=ft.Colors.with_opacity(0.35, ft.Colors.OUTLINE_VARIANT), width=1, interval=step)
        first, last = points[0].x, points[-1].x
        pad = 0.5 if self.candles else 0.0
        chart.min_x = first - pad  # type: ignore[attr-defined]
        chart.max_x = first + _right_edge(last - first + 1) + pad  # type: ignore[attr-defined]
        self.volume.min_x, self.volume.max_x = chart.min_x, chart.max_x  # type: ignore[attr-defined]
        picks = [(points[i].x, points[i].date) for i in sorted({0, len(points) // 2, len(points) - 1})]
        if picks != self._picks:
            self._picks = picks
            chart.bottom_axis.labels = [  # type: ignore[attr-defined]
                fch.ChartAxisLabel(value=x, label=ft.Text(day.isoformat(), size=10, color=ft.Colors.ON_SURFACE_VARIANT))
                for x, day in picks
            ]

    def _price_control(self, point: _Point) -> object:
        fch = _charts()
        tip = f"{point.date.isoformat()}  {money(point.close)}"
        if self.candles:
            return fch.CandlestickChartSpot(x=point.x, open=point.open, high=point.high, low=point.low,
                                            close=point.close, tooltip=fch.CandlestickChartSpotTooltip(text=tip))
        # A tooltip object, not a string: a string is wrapped in a new object on every update.
        return fch.LineChartDataPoint(x=point.x, y=point.close, tooltip=fch.LineChartDataPointTooltip(text=tip))

    def _update_price(self, control, point: _Point) -> None:  # type: ignore[no-untyped-def]
        fch = _charts()
        tip = f"{point.date.isoformat()}  {money(point.close)}"
        if self.candles:
            control.open, control.high, control.low, control.close = point.open, point.high, point.low, point.close
            control.tooltip = fch.CandlestickChartSpotTooltip(text=tip)
        else:
            control.y = point.close
            control.tooltip = fch.LineChartDataPointTooltip(text=tip)

    def _volume_point(self, point: _Point) -> object:
        return _charts().LineChartDataPoint(x=point.x, y=point.volume, show_tooltip=False)


def _marker_key(series: list) -> list:  # type: ignore[type-arg]
    return [[(p.x, p.y) for p in s.points] for s in series]


def _markers(points: list[_Point], fills: Sequence[tuple[date, str, float, float]], tip_dates: Sequence[date]) -> list:  # type: ignore[type-arg]
    """Dots where the learner bought (tertiary) or sold (error colour), squares where tips arrived."""
    fch = _charts()
    if not points:
        return []

    def at(day: date) -> _Point | None:
        if day < points[0].first_date or day > points[-1].date:
            return None
        return next((p for p in points if day <= p.date), None)

    out = []
    for side, color in (("buy", ft.Colors.TERTIARY), ("sell", ft.Colors.ERROR)):
        spots = []
        for day, fill_side, _qty, price in fills:
            point = at(day)
            if fill_side == side and point is not None:
                spots.append(fch.LineChartDataPoint(x=point.x, y=price, tooltip=f"{side} {money(price)}"))
        if spots:
            out.append(fch.LineChartData(
                points=spots, color=ft.Colors.with_opacity(0, color), stroke_width=0,
                point=fch.ChartCirclePoint(radius=5, color=color, stroke_width=0),
            ))
    tips = []
    for day in tip_dates:
        point = at(day)
        if point is not None:
            tips.append(fch.LineChartDataPoint(x=point.x, y=point.close, tooltip=day.isoformat()))
    if tips:
        out.append(fch.LineChartData(
            points=tips, color=ft.Colors.with_opacity(0, ft.Colors.SECONDARY), stroke_width=0,
            point=fch.ChartSquarePoint(size=9, color=ft.Colors.SECONDARY, stroke_width=0),
        ))
    return out


def equity_chart(
    equity: Sequence[tuple[date, float]], benchmark: Sequence[tuple[date, float]], label: str, height: float = 200,
) -> ft.Control:
    """The learner's equity (primary) against buy-and-hold (tertiary, dashed)."""
    fch = _charts()
    buckets = _buckets(len(equity), MAX_POINTS)
    mine = [equity[b - 1] for _a, b in buckets]
    theirs = [benchmark[b - 1] for _a, b in buckets]
    values = [v for _d, v in mine] + [v for _d, v in theirs]
    min_y, max_y, step = _frame(min(values), max(values))
    grid = fch.ChartGridLines(color=ft.Colors.with_opacity(0.35, ft.Colors.OUTLINE_VARIANT), width=1, interval=step)
    chart = fch.LineChart(
        data_series=[
            fch.LineChartData(points=[fch.LineChartDataPoint(x=i, y=v, tooltip=money(v)) for i, (_d, v) in enumerate(theirs)],
                              color=ft.Colors.TERTIARY, stroke_width=2, dash_pattern=[6, 4], point=False),
            fch.LineChartData(points=[fch.LineChartDataPoint(x=i, y=v, tooltip=money(v)) for i, (_d, v) in enumerate(mine)],
                              color=ft.Colors.PRIMARY, stroke_width=2.5, point=False),
        ],
        min_y=min_y, max_y=max_y, min_x=0, max_x=_right_edge(len(mine)),
        left_axis=_value_axis(min_y, max_y, step, 52),
        bottom_axis=fch.ChartAxis(label_size=22, labels=_axis_labels([d for d, _v in mine]), label_spacing=1),
        horizontal_grid_lines=grid, height=height, animation=0,
    )
    return ft.Semantics(label=label, content=chart)


def legend(items: list[tuple[str, str]]) -> ft.Row:
    """Colour keys under a chart: (colour, text)."""
    return ft.Row(
        [
            ft.Row([ft.Container(width=14, height=4, bgcolor=color, border_radius=2),
                    ft.Text(text, size=12, color=ft.Colors.ON_SURFACE_VARIANT)], spacing=6, tight=True)
            for color, text in items
        ],
        wrap=True, spacing=14,
    )
