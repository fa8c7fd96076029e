"""Order scripts: a CSV of orders replayed through a session, to show or pin a rule on history.

Columns (header required): ``date,symbol,side,type,quantity,limit_price,stop_price,tif`` with
``side`` buy|sell, ``type`` market|limit|stop|stop-limit, ``tif`` day|gtc and empty prices where
the type needs none. A row dated D is submitted after the close of trading day D of the session's
calendar, so it can first fill at the next bar of its instrument: the engine's own rule.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from lessons.files import FileRefused, read_regular_file
from simulator.bilingual import Bilingual
from simulator.errors import SetupError
from simulator.orders import OrderStatus
from simulator.session import TradingSession

COLUMNS = ("date", "symbol", "side", "type", "quantity", "limit_price", "stop_price", "tif")
# A script is a few thousand rows at most; the cap is checked before reading, so a device such
# as /dev/zero or a huge file is refused instead of filling memory.
MAX_SCRIPT_BYTES = 5 * 1024 * 1024
_TYPES = {"market": "market", "limit": "limit", "stop": "stop", "stop-limit": "stop_limit"}


class OrderScriptError(SetupError):
    """A script line that cannot be replayed; the message starts with ``FILE:LINE:``."""

    def __init__(self, path: str, line: int, en: str, zh: str) -> None:
        self.path, self.line = path, line
        super().__init__(Bilingual(f"{path}:{line}: {en}", f"{path}:{line}: {zh}"), code="bad_order_script")


@dataclass(frozen=True, slots=True)
class ScriptedOrder:
    """One row of a script."""

    line: int
    date: date
    symbol: str
    side: str
    type: str
    quantity: float
    limit_price: float | None
    stop_price: float | None
    tif: str


@dataclass(frozen=True, slots=True)
class ScriptOutcome:
    """What became of one scripted order (the ``orders`` entries of ``sim run --json``)."""

    submitted: date
    symbol: str
    side: str
    type: str
    quantity: float
    status: str
    reason: str
    filled_on: date | None
    fill_price: float | None
    line: int

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: dates ISO, ``reason`` a rule code or empty."""
        return {
            "submitted": self.submitted.isoformat(),
            "symbol": self.symbol,
            "side": self.side,
            "type": self.type,
            "quantity": self.quantity,
            "status": self.status,
            "reason": self.reason,
            "filled_on": self.filled_on.isoformat() if self.filled_on else None,
            "fill_price": self.fill_price,
        }


def _number(text: str, path: str, line: int, column: str, required: bool) -> float | None:
    text = text.strip()
    if not text:
        if required:
            raise OrderScriptError(path, line, f"{column} is required", f"{column} 不能为空")
        return None
    try:
        value = float(text)
    except ValueError:
        raise OrderScriptError(
            path, line, f"{column} '{text}' is not a number", f"{column}“{text}”不是数字"
        ) from None
    if not (math.isfinite(value) and value > 0):
        raise OrderScriptError(path, line, f"{column} must be positive, got {text}", f"{column} 必须为正数，收到 {text}")
    return int(value) if column == "quantity" and value.is_integer() else value


def _choice(text: str, allowed: tuple[str, ...], path: str, line: int, column: str) -> str:
    value = text.strip().lower()
    if value not in allowed:
        raise OrderScriptError(
            path, line, f"{column} '{text}' is not one of {'|'.join(allowed)}",
            f"{column}“{text}”不是 {'|'.join(allowed)} 之一",
        )
    return value


def read_order_script(path: Path | str) -> list[ScriptedOrder]:
    """The rows of the script at ``path``; ``OrderScriptError`` (FILE:LINE) on the first bad one."""
    name = str(path)
    try:
        # Only a regular file is opened: a FIFO would block and a device would be read forever.
        data = read_regular_file(path, MAX_SCRIPT_BYTES)
    except FileRefused as error:
        raise OrderScriptError(name, 0, error.message, f"无法读取文件：{error.message}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OrderScriptError(name, 0, "the file is not UTF-8 text", "文件不是 UTF-8 文本") from None
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None or tuple(cell.strip().lower() for cell in header) != COLUMNS:
        raise OrderScriptError(
            name, 1, f"the header must be {','.join(COLUMNS)}", f"表头必须是 {','.join(COLUMNS)}"
        )
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not cells or all(not cell.strip() for cell in cells) or cells[0].lstrip().startswith("#"):
            continue
        if len(cells) != len(COLUMNS):
            raise OrderScriptError(
                name, number, f"expected {len(COLUMNS)} columns, got {len(cells)}",
                f"应有 {len(COLUMNS)} 列，实际 {len(cells)} 列",
            )
        values = dict(zip(COLUMNS, cells))
        try:
            day = date.fromisoformat(values["date"].strip())
        except ValueError:
            raise OrderScriptError(
                name, number, f"date '{values['date']}' is not a date like 2015-04-16",
                f"日期“{values['date']}”不是形如 2015-04-16 的日期",
            ) from None
        symbol = values["symbol"].strip()
        if not symbol:
            raise OrderScriptError(name, number, "symbol is required", "symbol 不能为空")
        order_type = _choice(values["type"], tuple(_TYPES), name, number, "type")
        rows.append(ScriptedOrder(
            line=number,
            date=day,
            symbol=symbol,
            side=_choice(values["side"], ("buy", "sell"), name, number, "side"),
            type=order_type,
            quantity=_number(values["quantity"], name, number, "quantity", True),  # type: ignore[arg-type]
            limit_price=_number(values["limit_price"], name, number, "limit_price", False),
            stop_price=_number(values["stop_price"], name, number, "stop_price", False),
            tif=_choice(values["tif"], ("day", "gtc"), name, number, "tif"),
        ))
    return rows


def check_against_session(rows: list[ScriptedOrder], session: TradingSession, path: str) -> None:
    """Every row names an instrument of the session and a trading day it can act on."""
    calendar = session.calendar
    playable = set(calendar[session.first_bar : session.last_bar])
    for row in rows:
        if session._find(row.symbol) is None:  # noqa: SLF001 - same package
            raise OrderScriptError(
                path, row.line,
                f"unknown symbol {row.symbol} (this run trades {', '.join(session.symbols)})",
                f"未知代码 {row.symbol}（本次可交易：{', '.join(session.symbols)}）",
            )
        if row.date not in playable:
            raise OrderScriptError(
                path, row.line,
                f"{row.date} is not a trading day of this run before its last day "
                f"({calendar[session.first_bar]} .. {calendar[session.last_bar]})",
                f"{row.date} 不是本次回放中（最后一天之前）的交易日"
                f"（{calendar[session.first_bar]} 至 {calendar[session.last_bar]}）",
            )


def replay_orders(session: TradingSession, rows: list[ScriptedOrder], path: str = "orders.csv") -> list[ScriptOutcome]:
    """Replay ``rows`` on a fresh ``session`` to its last bar; one outcome per row."""
    check_against_session(rows, session, path)
    calendar = session.calendar
    placed: list[tuple[ScriptedOrder, int | None, str]] = []
    for row in sorted(rows, key=lambda item: (item.date, item.line)):
        bar = calendar.index(row.date)
        if bar > session.bar:
            session.advance(bar - session.bar)
        result = session.place_order(
            row.side, row.quantity, order_type=_TYPES[row.type], limit_price=row.limit_price,
            stop_price=row.stop_price, time_in_force=row.tif, symbol=row.symbol,
        )
        if result.accepted:
            placed.append((row, result.order.id, ""))  # type: ignore[union-attr]
        else:
            placed.append((row, None, result.rejection.rule.value))  # type: ignore[union-attr]
    if session.bar < session.last_bar:
        session.advance(session.last_bar - session.bar)
    outcomes = []
    for row, order_id, refused in sorted(placed, key=lambda item: item[0].line):
        symbol = session._find(row.symbol).symbol  # type: ignore[union-attr]  # noqa: SLF001
        if order_id is None:
            status, reason, filled_on, price = "rejected", refused, None, None
        else:
            order = session.order(order_id)
            status = order.status.value  # type: ignore[union-attr]
            filled = order.status is OrderStatus.FILLED  # type: ignore[union-attr]
            why = session.order_reason(order_id)
            reason = "" if filled or why is None else why.rule.value
            filled_on = calendar[order.filled_bar] if filled else None  # type: ignore[union-attr,index]
            price = order.fill_price if filled else None  # type: ignore[union-attr]
        outcomes.append(ScriptOutcome(
            row.date, symbol, row.side, row.type, row.quantity, status, reason, filled_on, price,
            row.line,
        ))
    return outcomes
