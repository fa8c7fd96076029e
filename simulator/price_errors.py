"""What can go wrong with price data, as typed errors and notices with bilingual messages.

A ``PriceNotice`` reports something the learner should know while data is still usable (a
partial range, skipped rows, cached prices shown because an update failed). A ``PriceDataError``
means the request could not be served; the cache and the bundle are left exactly as they were.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from simulator.bilingual import Bilingual
from simulator.errors import SimulatorError

_OFFLINE_OK = Bilingual(
    " Bundled and cached prices keep working.", "内置价格和已缓存的价格仍可正常使用。"
)

_TEMPLATES: dict[str, Bilingual] = {
    "no_network": Bilingual(
        "Could not reach the price server for {symbol} (no network connection?): {detail}. "
        "Try again when you are online.",
        "无法连接价格服务器获取 {symbol}（可能没有网络）：{detail}。请联网后重试。",
    ),
    "rate_limited": Bilingual(
        "The price server (Yahoo Finance) is limiting requests right now. Wait a few minutes "
        "before fetching {symbol} again.",
        "价格服务器（Yahoo Finance）当前限制访问频率，请等待几分钟后再获取 {symbol}。",
    ),
    "unknown_ticker": Bilingual(
        "No instrument called {symbol} was found. Check the ticker: US shares like AAPL, "
        "Shanghai shares like 600519.SS, Shenzhen shares like 000001.SZ.",
        "找不到代码为 {symbol} 的品种。请检查代码：美股如 AAPL，沪市如 600519.SS，深市如 000001.SZ。",
    ),
    "invalid_ticker": Bilingual(
        "'{symbol}' is not a valid ticker: use letters, digits and . - ^ = only "
        "(for example AAPL, 600519.SS, ^GSPC).",
        "“{symbol}”不是有效代码：只能包含字母、数字和 . - ^ =（例如 AAPL、600519.SS、^GSPC）。",
    ),
    "empty_data": Bilingual(
        "The server returned no prices for {symbol} between {start} and {end}. The range may be "
        "before the listing, after a delisting, or only non-trading days.",
        "服务器没有返回 {symbol} 在 {start} 至 {end} 之间的价格。该区间可能早于上市、晚于退市，或全是非交易日。",
    ),
    "malformed_data": Bilingual(
        "The data received for {symbol} could not be read ({detail}). Nothing was saved.",
        "收到的 {symbol} 数据无法读取（{detail}），未保存任何内容。",
    ),
    "fetch_failed": Bilingual(
        "Downloading {symbol} failed: {detail}. Nothing was saved.",
        "下载 {symbol} 失败：{detail}。未保存任何内容。",
    ),
    "not_available": Bilingual(
        "No prices for {symbol}: it is neither bundled nor cached. Bundled series: {bundled}. "
        "To download it (needs a network): edu-app prices fetch {symbol}",
        "没有 {symbol} 的价格：它既不是内置序列也不在缓存中。内置序列：{bundled}。"
        "如需下载（需要网络）：edu-app prices fetch {symbol}",
    ),
    "empty_range": Bilingual(
        "The start date {start} is after the end date {end}.",
        "开始日期 {start} 晚于结束日期 {end}。",
    ),
    "cache_unreadable": Bilingual(
        "The price cache {path} was damaged; it was moved aside to {backup} and a fresh cache "
        "was started.",
        "价格缓存 {path} 已损坏，已移到 {backup}，并新建了缓存。",
    ),
    "cache_ignored": Bilingual(
        "The price cache {path} cannot be used ({reason}); it is ignored until it is fixed or "
        "removed.",
        "价格缓存 {path} 无法使用（{reason}），在修复或删除之前将被忽略。",
    ),
    "partial_range": Bilingual(
        "Prices for {symbol} cover only {got_start} .. {got_end} of the requested "
        "{start} .. {end}.",
        "{symbol} 的价格只覆盖 {got_start} 至 {got_end}，而请求的区间是 {start} 至 {end}。",
    ),
    "rows_dropped": Bilingual(
        "{count} invalid rows of {symbol} (missing dates or prices, or prices at or below zero) "
        "were skipped.",
        "{symbol} 有 {count} 行无效数据（缺少日期或价格，或价格不大于零）已被跳过。",
    ),
    "stale_cache": Bilingual(
        "Showing cached prices for {symbol}: the update failed ({reason}).",
        "显示 {symbol} 的缓存价格：更新失败（{reason}）。",
    ),
}

# Failures of the data source, where the learner can still work from what is stored locally.
_SOURCE_FAILURES = {"no_network", "rate_limited", "fetch_failed"}


@dataclass(frozen=True)
class PriceNotice:
    """Something to tell the learner about the prices they got (or did not get)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        """The text in ``lang``."""
        text = _TEMPLATES[self.code].format(**self.params)
        if self.code in _SOURCE_FAILURES:
            text = Bilingual(text.en + _OFFLINE_OK.en, text.zh + _OFFLINE_OK.zh)
        return text.get(lang)

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (JSON-safe)."""
        return {
            "code": self.code,
            "params": dict(self.params),
            "message": {"en": self.message("en"), "zh-CN": self.message("zh-CN")},
        }


class PriceDataError(SimulatorError):
    """Prices could not be provided; ``notice`` says why."""

    code_name = "fetch_failed"

    def __init__(self, **params: Any) -> None:
        self.notice = PriceNotice(self.code_name, params)
        super().__init__(
            Bilingual(self.notice.message("en"), self.notice.message("zh-CN")),
            code=self.code_name,
        )


class NoNetworkError(PriceDataError):
    """The server could not be reached."""

    code_name = "no_network"


class RateLimitedError(PriceDataError):
    """The server refused because of too many requests."""

    code_name = "rate_limited"


class UnknownTickerError(PriceDataError):
    """The server does not know the ticker."""

    code_name = "unknown_ticker"


class InvalidTickerError(PriceDataError):
    """The ticker is not even well formed."""

    code_name = "invalid_ticker"


class EmptyDataError(PriceDataError):
    """The server answered with no rows."""

    code_name = "empty_data"


class MalformedDataError(PriceDataError):
    """The answer could not be read as prices."""

    code_name = "malformed_data"


class FetchFailedError(PriceDataError):
    """Any other download failure."""

    code_name = "fetch_failed"


class NotAvailableError(PriceDataError):
    """Neither bundled nor cached (and not fetched)."""

    code_name = "not_available"


class EmptyRangeError(PriceDataError):
    """Start after end."""

    code_name = "empty_range"
