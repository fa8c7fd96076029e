"""Turning a table of prices (CSV file, cache query, Yahoo answer) into a checked ``PriceSeries``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.price_errors import EmptyDataError, MalformedDataError, PriceNotice
from simulator.series import InstrumentKind, PriceSeries

if TYPE_CHECKING:
    import pandas as pd

_PRICE_COLUMNS = ("open", "high", "low", "close")


def frame_to_series(
    frame: pd.DataFrame,
    symbol: str,
    *,
    name: str = "",
    kind: InstrumentKind = InstrumentKind.STOCK,
    currency: str = "USD",
    source: str = "cache",
    close_column: str = "close",
) -> tuple[PriceSeries, list[PriceNotice]]:
    """Validate and convert ``frame`` (a ``date`` column or a datetime index, plus OHLCV).

    Column names are matched case-insensitively; only ``close`` (or ``close_column``) is
    required, missing open/high/low fall back to the close and a missing volume to 0. Rows with
    no date, no close or a price at or below zero are dropped with a notice; high and low are
    widened to include open and close. Raises ``MalformedDataError`` when the table cannot be
    read at all and ``EmptyDataError`` when no valid row remains.
    """
    import numpy as np
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise MalformedDataError(symbol=symbol, detail=f"expected a table, got {type(frame).__name__}")
    if frame.empty:
        raise EmptyDataError(symbol=symbol, start="-", end="-")
    data = frame.copy()
    data.columns = [str(column).strip().lower().replace(" ", "_") for column in data.columns]
    if close_column != "close" and close_column in data.columns:
        data = data.rename(columns={close_column: "close"})
    if "close" not in data.columns:
        raise MalformedDataError(symbol=symbol, detail="no close column")
    if "date" in data.columns:
        dates = pd.to_datetime(data["date"], errors="coerce", format="ISO8601")
    elif isinstance(data.index, pd.DatetimeIndex):
        dates = pd.Series(data.index, index=data.index)
    else:
        raise MalformedDataError(symbol=symbol, detail="no date column")
    dates = pd.DatetimeIndex(dates)
    if dates.tz is not None:
        # Exchange-local midnight is the trading day; dropping the zone keeps the local date.
        dates = dates.tz_localize(None)
    columns = {}
    for column in (*_PRICE_COLUMNS, "volume"):
        values = data[column] if column in data.columns else None
        columns[column] = (
            pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
            if values is not None
            else np.full(len(data), np.nan)
        )
    close = columns["close"]
    valid = ~np.asarray(dates.isna())
    valid &= np.isfinite(close) & (close > 0)
    for column in ("open", "high", "low"):
        values = columns[column]
        values = np.where(np.isfinite(values), values, close)
        valid &= values > 0
        columns[column] = values
    volume = np.nan_to_num(columns["volume"], nan=0.0)
    dropped = int((~valid).sum())
    table = pd.DataFrame(
        {
            "open": columns["open"][valid],
            "high": np.maximum.reduce([columns["high"], columns["open"], close])[valid],
            "low": np.minimum.reduce([columns["low"], columns["open"], close])[valid],
            "close": close[valid],
            "volume": volume[valid],
        },
        index=dates[valid].normalize(),
    )
    table = table[~table.index.duplicated(keep="last")].sort_index()
    if table.empty:
        raise EmptyDataError(symbol=symbol, start="-", end="-")
    notices = [PriceNotice("rows_dropped", {"symbol": symbol, "count": dropped})] if dropped else []
    series = PriceSeries(
        symbol=symbol,
        name=name or symbol,
        kind=kind,
        dates=tuple(table.index.date.tolist()),
        open=tuple(table["open"].tolist()),
        high=tuple(table["high"].tolist()),
        low=tuple(table["low"].tolist()),
        close=tuple(table["close"].tolist()),
        volume=tuple(table["volume"].tolist()),
        currency=currency,
        source=source,
    )
    return series, notices
