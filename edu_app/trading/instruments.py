"""Which price series a learner can practise on: the bundled ones (always) and any cached ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from simulator.bilingual import Bilingual
from simulator.bundled_prices import BUNDLED, find_bundled, load_bundled
from simulator.series import InstrumentKind, PriceSeries


@dataclass(frozen=True)
class InstrumentChoice:
    """One series in the free-practice picker."""

    symbol: str
    name: Bilingual
    kind: InstrumentKind
    first: date
    last: date
    source: str  # "bundled" or "cached"

    def matches(self, query: str) -> bool:
        """Whether ``query`` appears in the symbol or in the name in either language."""
        wanted = query.strip().casefold()
        return not wanted or any(wanted in text.casefold() for text in (self.symbol, self.name.en, self.name.zh))


class PriceLibrary:
    """Loads series by symbol: the bundle first, then the download cache (never the network:
    starting a session must work offline; ``edu-app prices fetch`` fills the cache)."""

    def __init__(self, cache_file: Path | None = None) -> None:
        self._cache_file = cache_file

    def choices(self, query: str = "") -> list[InstrumentChoice]:
        """Tradable series matching ``query``, bundled first."""
        found: list[InstrumentChoice] = []
        for item in BUNDLED:
            if not item.kind.tradable:
                continue
            series = load_bundled(item.symbol)
            found.append(
                InstrumentChoice(item.symbol, item.name, item.kind, series.first_date, series.last_date, "bundled")
            )
        for info in self._cached():
            found.append(info)
        return [choice for choice in found if choice.matches(query)]

    def load(self, symbol: str) -> PriceSeries:
        """The whole series ``symbol``; ``KeyError`` when it is neither bundled nor cached."""
        if find_bundled(symbol) is not None:
            return load_bundled(symbol)
        cache = self._cache()
        series = cache.load(symbol) if cache is not None else None
        if series is None:
            raise KeyError(symbol)
        return series

    def name(self, symbol: str) -> Bilingual:
        """The instrument's display name (the symbol itself when nothing better is known)."""
        item = find_bundled(symbol)
        return item.name if item else Bilingual(symbol, symbol)

    def _cache(self):  # type: ignore[no-untyped-def]
        if self._cache_file is None or not self._cache_file.exists():
            return None
        from simulator.price_cache import PriceCache

        return PriceCache(self._cache_file)

    def _cached(self) -> list[InstrumentChoice]:
        cache = self._cache()
        if cache is None:
            return []
        try:
            infos = cache.list_series()
        except Exception:  # noqa: BLE001 - a damaged cache only means fewer choices
            return []
        choices = []
        for info in infos:
            if find_bundled(info.symbol) is not None:
                continue
            from simulator.price_service import guess_kind

            name = info.name or info.symbol
            kind = guess_kind(info.symbol)
            if kind.tradable:
                choices.append(InstrumentChoice(info.symbol, Bilingual(name, name), kind, info.first, info.last, "cached"))
        return choices
