"""The ``edu-app sim`` sub-commands: list scenarios and backtest strategies on real prices.

Numbers in ``--json`` output are fractions (0.12 = 12%). The simulator (and with it pandas and
numpy) is imported inside the handlers so that ``edu-app`` itself starts fast.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import TYPE_CHECKING, Any

from edu_app.cli.arguments import cash_amount, commission_rate, iso_date, show_usage, window_length
from edu_app.cli.errors import CliError

if TYPE_CHECKING:
    from simulator.backtest import BacktestResult
    from simulator.price_errors import PriceNotice

STRATEGIES = ("buy-and-hold", "sma-cross", "monthly-investing", "equal-weight")
REBALANCE = ("none", "monthly", "quarterly")
# Strategies that trade one instrument; equal-weight and --orders trade several.
SINGLE_INSTRUMENT = ("sma-cross", "monthly-investing")
RULES = ("us", "cn_a")
LANGS = ("en", "zh-CN")



def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``sim`` command group."""
    parser = subparsers.add_parser(
        "sim",
        help="paper-trading simulator: scenarios and strategy backtests",
        description="Replay real historical prices: list the curated scenarios or backtest a "
        "simple strategy. Nothing here is investment advice.",
    )
    commands = parser.add_subparsers(dest="sim_command", metavar="SUBCOMMAND")
    parser.set_defaults(func=lambda args: show_usage(parser))

    scenarios = commands.add_parser("scenarios", help="list the curated historical scenarios")
    scenarios.add_argument("--json", action="store_true", help="print JSON instead of a table")
    scenarios.add_argument("--lang", choices=LANGS, default="en", help="language of the table")
    scenarios.set_defaults(func=handle_scenarios)

    run = commands.add_parser(
        "run",
        help="backtest a strategy on a scenario or a symbol",
        description="Backtest a long-only strategy. Orders fill at the next bar's open; fees "
        "and market rules apply as in the app.",
    )
    source = run.add_mutually_exclusive_group(required=True)
    source.add_argument("--scenario", metavar="ID", help="a scenario id (see `edu-app sim scenarios`)")
    source.add_argument(
        "--symbol", metavar="SYM", action="append",
        help="a bundled or cached symbol, e.g. GSPC, 000002.SZ; repeat for a portfolio",
    )
    run.add_argument("--start", type=iso_date, metavar="YYYY-MM-DD", help="first date (with --symbol)")
    run.add_argument("--end", type=iso_date, metavar="YYYY-MM-DD", help="last date (with --symbol)")
    run.add_argument("--strategy", choices=STRATEGIES, default="buy-and-hold", help="default: buy-and-hold")
    run.add_argument(
        "--rebalance", choices=REBALANCE, default="none",
        help="equal-weight: rebalance none (default), monthly or quarterly",
    )
    run.add_argument(
        "--orders", metavar="FILE.csv",
        help="replay a script of orders instead of a strategy (columns: "
        "date,symbol,side,type,quantity,limit_price,stop_price,tif)",
    )
    run.add_argument("--fast", type=window_length, default=10, metavar="N", help="sma-cross fast window (default 10)")
    run.add_argument("--slow", type=window_length, default=20, metavar="N", help="sma-cross slow window (default 20)")
    run.add_argument(
        "--cash", type=cash_amount, metavar="X", help="starting cash (default: the scenario's, else 100000)"
    )
    run.add_argument("--commission", type=commission_rate, metavar="F", help="commission rate, e.g. 0.001 = 0.1%%")
    run.add_argument("--rules", choices=RULES, help="market rules (default: the scenario's, else us)")
    run.add_argument("--json", action="store_true", help="print JSON instead of a report")
    run.add_argument("--lang", choices=LANGS, default="en", help="language of the report")
    run.set_defaults(func=handle_run)



def _fail(error: Exception) -> CliError:
    from simulator.errors import SimulatorError

    if isinstance(error, SimulatorError):
        return CliError(error.both_languages(), exit_code=2)
    return CliError(str(error), exit_code=2)


def handle_scenarios(args: argparse.Namespace) -> int:
    """``edu-app sim scenarios``: the curated scenarios as a table or JSON."""
    from simulator.errors import SimulatorError
    from simulator.scenarios import DISCLAIMER, load_scenarios

    try:
        scenarios = load_scenarios()
    except SimulatorError as error:
        raise _fail(error) from None
    if args.json:
        print(json.dumps([scenario.summary() for scenario in scenarios], ensure_ascii=False, indent=2))
        return 0
    zh = args.lang == "zh-CN"
    for scenario in scenarios:
        title = scenario.title.zh_cn if zh else scenario.title.en
        crisis = (" [危机]" if zh else " [crisis]") if scenario.crisis else ""
        print(f"{scenario.id:<26} {title}{crisis}")
        print(
            f"{'':<26} {', '.join(scenario.all_symbols)} {scenario.start} .. {scenario.end}, "
            f"{scenario.difficulty}, rules {scenario.rules}, cash {scenario.start_cash:,.0f}"
        )
    print()
    print(DISCLAIMER.get(args.lang))
    return 0


def _check_numbers(args: argparse.Namespace) -> None:
    problems = []
    if args.cash is not None and not (math.isfinite(args.cash) and args.cash > 0):
        problems.append(("--cash must be a positive amount", "--cash 必须为正数"))
    if args.commission is not None and not (math.isfinite(args.commission) and 0 <= args.commission < 1):
        problems.append((
            "--commission is a fraction between 0 and 1 (0.001 = 0.1%)",
            "--commission 是 0 到 1 之间的小数（0.001 = 0.1%）",
        ))
    if args.strategy == "sma-cross" and not 0 < args.fast < args.slow:
        problems.append(("--fast must be positive and smaller than --slow", "--fast 必须为正且小于 --slow"))
    if args.strategy in SINGLE_INSTRUMENT and args.symbol and len(args.symbol) > 1:
        problems.append((
            f"--strategy {args.strategy} trades one instrument; for several use equal-weight or --orders",
            f"--strategy {args.strategy} 只交易一个品种；多个品种请用 equal-weight 或 --orders",
        ))
    if args.rebalance != "none" and args.strategy != "equal-weight":
        problems.append(("--rebalance goes with --strategy equal-weight", "--rebalance 只能与 --strategy equal-weight 一起使用"))
    if args.scenario and (args.start or args.end):
        problems.append((
            "--start/--end go with --symbol; a scenario has its own dates",
            "--start/--end 只能与 --symbol 一起使用；情景有自己的日期",
        ))
    if args.start and args.end and args.start > args.end:
        problems.append((
            f"the range is empty: --start {args.start} is after --end {args.end}",
            f"区间为空：--start {args.start} 晚于 --end {args.end}",
        ))
    if problems:
        en, zh = problems[0]
        raise CliError(f"{en}\n  {zh}", exit_code=2)


def handle_run(args: argparse.Namespace) -> int:
    """``edu-app sim run``: backtest a strategy (or replay an order script) and report."""
    _check_numbers(args)
    from simulator.backtest import run_backtest, summarise
    from simulator.errors import SimulatorError
    from simulator.features import ALL_FEATURES, TIPS_FEED
    from simulator.market_rules import get_profile
    from simulator.order_script import read_order_script, replay_orders
    from simulator.rebalancing import EqualWeight, run_equal_weight
    from simulator.session import TradingSession
    from simulator.strategies import make_strategy

    notices: tuple[PriceNotice, ...] = ()
    # Mechanical strategies do not read messages, so tips stay off: they would otherwise be
    # "acted on" by coincidence.
    features = ALL_FEATURES - {TIPS_FEED}
    try:
        if args.scenario:
            from simulator.bundled_prices import load_bundled
            from simulator.scenarios import get_scenario

            scenario = get_scenario(args.scenario)
            profile = get_profile(args.rules or scenario.rules)
            session = TradingSession.from_scenario(
                scenario, load_bundled(scenario.symbol), features,
                cash=args.cash, rules=profile.with_costs(commission_rate=args.commission),
            )
        else:
            from simulator.price_service import CACHE_FILENAME, PriceService, partial_range_notice

            from edu_app.paths import cache_dir

            # The whole series is loaded: bars before --start give indicators their history.
            service = PriceService(cache_dir() / CACHE_FILENAME)
            loaded = [service.load(symbol) for symbol in args.symbol]
            notices = tuple(
                notice for item in loaded
                for notice in (*item.notices, *partial_range_notice(item.series, args.start, args.end))
            )
            profile = get_profile(args.rules or "us").with_costs(commission_rate=args.commission)
            session = TradingSession(
                [item.series for item in loaded], profile,
                100_000.0 if args.cash is None else args.cash, features,
                start=args.start, end=args.end,
            )
        for instrument in session.instruments.values():
            if not instrument.series.kind.tradable:
                kind = instrument.series.kind.label
                raise CliError(
                    f"{instrument.symbol} is {kind.en}: it can be charted but not traded.\n"
                    f"  {instrument.symbol} 是{kind.zh}：可以查看走势，但不能交易。",
                    exit_code=2,
                )
        outcomes = None
        if args.orders:
            rows = read_order_script(args.orders)
            outcomes = replay_orders(session, rows, args.orders)
            result = summarise(session, _ScriptRun(args.orders))
        elif args.strategy == "equal-weight" or (len(session.symbols) > 1 and args.strategy == "buy-and-hold"):
            strategy = EqualWeight(args.rebalance)
            run_equal_weight(session, strategy)
            result = summarise(session, strategy)
        elif len(session.symbols) > 1:
            raise CliError(
                f"--strategy {args.strategy} trades one instrument; for several use equal-weight "
                "or --orders\n"
                f"  --strategy {args.strategy} 只交易一个品种；多个品种请用 equal-weight 或 --orders",
                exit_code=2,
            )
        else:
            result = run_backtest(session, make_strategy(args.strategy, args.fast, args.slow))
    except SimulatorError as error:
        raise _fail(error) from None
    except OSError as error:
        raise CliError(f"cannot read price data: {error}\n  无法读取价格数据：{error}", exit_code=1) from None
    for notice in notices:
        print(f"edu-app: note: {notice.message('en')}\n  {notice.message('zh-CN')}", file=sys.stderr)
    orders = [outcome.to_dict() for outcome in outcomes] if outcomes is not None else []
    if args.json:
        output = {
            **result.to_dict(), "orders": orders,
            "notices": [notice.to_dict() for notice in notices],
        }
        print(json.dumps(_json_safe(output), ensure_ascii=False, indent=2))
    else:
        print(render_report(result, args.lang, orders))
    return 0


class _ScriptRun:
    """The "strategy" of a run driven by an order script, for the report."""

    def __init__(self, path: str) -> None:
        self.name = "orders"
        self.path = path

    def params(self) -> dict[str, str]:
        return {"file": self.path}


def _json_safe(value: Any) -> Any:
    # JSON has no NaN or infinity; an undefined figure is null.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_safe(item) for item in value]
    return value


_LABELS = {
    "strategy": ("Strategy", "策略"),
    "benchmark": ("Buy & hold", "买入持有"),
    "total_return": ("Total return", "总收益率"),
    "cagr": ("CAGR", "年化收益率"),
    "volatility": ("Volatility (annual)", "年化波动率"),
    "sharpe": ("Sharpe ratio", "夏普比率"),
    "sortino": ("Sortino ratio", "索提诺比率"),
    "max_drawdown": ("Max drawdown", "最大回撤"),
    "max_drawdown_duration_days": ("Drawdown length (days)", "回撤持续（天）"),
    "calmar": ("Calmar ratio", "卡玛比率"),
    "win_rate": ("Win rate (sells)", "胜率（卖出）"),
    "turnover_per_year": ("Turnover per year", "年换手率"),
    "fees_paid": ("Fees and taxes paid", "已付费用与税"),
    "exposure": ("Time invested", "持仓时间占比"),
    "trades": ("Trades", "成交笔数"),
    "final_equity": ("Final equity", "期末权益"),
    "coaching": ("Coaching", "行为提示"),
    "no_coaching": ("No behaviour flags.", "没有行为提示。"),
    "trades_head": ("Trades (last 10)", "成交记录（最近10笔）"),
    "positions": ("Positions at the end", "期末持仓"),
    "suspended_days": ("suspended days", "停牌天数"),
    "orders": ("Scripted orders", "脚本委托"),
    "disclaimer": (
        "Historical simulation for learning only; not investment advice.",
        "历史模拟仅供学习，不构成投资建议。",
    ),
}
_PERCENT = {"total_return", "cagr", "volatility", "max_drawdown", "win_rate", "exposure"}


def _label(key: str, lang: str) -> str:
    en, zh = _LABELS[key]
    return zh if lang == "zh-CN" else en


def _figure(key: str, value: Any) -> str:
    if value is None:
        return "-"
    if key in _PERCENT:
        return f"{value:.1%}"
    if key in ("sharpe", "sortino", "calmar"):
        return f"{value:.2f}"
    if key == "turnover_per_year":
        return f"{value:.1f}x"
    if key == "fees_paid":
        return f"{value:,.2f}"
    return str(value)


def render_report(
    result: BacktestResult, lang: str = "en", orders: list[dict[str, Any]] | None = None
) -> str:
    """The human-readable report of ``sim run``."""
    params = ", ".join(f"{key} {value}" for key, value in result.strategy_params.items())
    title = " + ".join(result.symbols) if len(result.symbols) > 1 else f"{result.symbol} ({result.name})"
    lines = [
        f"{title}  {result.start} .. {result.end}, {result.frequency} bars",
        f"{_label('strategy', lang)}: {result.strategy}{f' ({params})' if params else ''}; "
        f"rules {result.rules}",
        f"{_label('final_equity', lang)}: {result.final_equity:,.2f} / {result.start_cash:,.2f}",
        "",
        f"{'':<26}{_label('strategy', lang):>14}{_label('benchmark', lang):>14}",
    ]
    metrics = result.metrics.to_dict()
    benchmark = result.benchmark.to_dict()
    for key in (
        "total_return", "cagr", "volatility", "sharpe", "sortino", "max_drawdown",
        "max_drawdown_duration_days", "calmar",
    ):
        lines.append(
            f"{_label(key, lang):<26}{_figure(key, metrics[key]):>14}{_figure(key, benchmark[key]):>14}"
        )
    for key in ("win_rate", "turnover_per_year", "fees_paid", "exposure", "trades"):
        lines.append(f"{_label(key, lang):<26}{_figure(key, metrics[key]):>14}")
    if len(result.symbols) > 1 and result.positions:
        lines += ["", f"{_label('positions', lang)}:"]
        for symbol, position in result.positions.items():
            suspended = (result.suspended_days or {}).get(symbol, 0)
            lines.append(
                f"  {symbol:<10} {position['quantity']:>10} @ {position['price']:,.2f}  "
                f"{position['weight']:>6.1%}  {_label('suspended_days', lang)} {suspended}"
            )
    if orders:
        lines += ["", f"{_label('orders', lang)}:"]
        for order in orders:
            filled = f" {order['filled_on']} @ {order['fill_price']:,.2f}" if order["filled_on"] else ""
            reason = f" ({order['reason']})" if order["reason"] else ""
            lines.append(
                f"  {order['submitted']} {order['symbol']:<10} {order['side']:<4} {order['type']:<10} "
                f"{order['quantity']:>8} {order['status']}{reason}{filled}"
            )
    lines += ["", f"{_label('trades_head', lang)}:"]
    for fill in result.trades[-10:]:
        symbol = f"{fill.symbol:<10} " if len(result.symbols) > 1 else ""
        lines.append(
            f"  {fill.date}  {symbol}{fill.side.value:<4} {fill.quantity:>12} @ {fill.price:,.2f}"
            f"  fees {fill.fees:,.2f}"
        )
    lines += ["", f"{_label('coaching', lang)}:"]
    if not result.coaching:
        lines.append(f"  {_label('no_coaching', lang)}")
    for flag in result.coaching:
        lines.append(f"  - [{flag.lesson_id}] {flag.message(lang)}")
    lines += ["", _label("disclaimer", lang)]
    return "\n".join(lines)
