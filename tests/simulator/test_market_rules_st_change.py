"""The ST price limit follows the rule of the day being replayed."""

from __future__ import annotations

import datetime

from simulator.market_rules import CN_A, board_for


def test_main_board_st_limit_moved_from_5_to_10_percent_on_2026_07_06() -> None:
    st = board_for(CN_A, "600000.SS", "stock", is_st=True)
    assert st.limit_on(datetime.date(2008, 1, 2)) == 0.05
    assert st.limit_on(datetime.date(2026, 7, 3)) == 0.05
    assert st.limit_on(datetime.date(2026, 7, 6)) == 0.10
    main = board_for(CN_A, "600000.SS", "stock")
    assert main.limit_on(datetime.date(2026, 7, 6)) == 0.10
