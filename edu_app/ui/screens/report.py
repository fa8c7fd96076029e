"""The report card of a paper-trading session (its own route, so it can be deep-linked): equity
against buy-and-hold, the metrics in plain words and what to take from them, coaching flags
with their lessons, the tips debrief, the risk prompts, the risk profile's reality check, and the
habits that earned XP."""

from __future__ import annotations

import flet as ft

from edu_app.trading import TradingError
from edu_app.trading.views import ReportView
from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.routes import Route
from edu_app.ui.screens import sim_charts
from edu_app.ui.screens.sim_format import day, money, percent
from edu_app.ui.suitability import reality_section

#: A drawdown deeper than this gets its own takeaway.
DEEP_DRAWDOWN = -0.2
#: Costs above this share of the starting cash get their own takeaway.
COSTLY = 0.01


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    assert session.profile is not None
    try:
        report = session.app.trading.report(session.profile.id, int(route.params.get("id", "")))
    except (ValueError, TradingError) as error:
        text = error.message(session.language) if isinstance(error, TradingError) else t("trade.not_found")
        return widgets.scroll_column([
            widgets.notice(text, ft.Icons.ERROR_OUTLINE),
            ft.FilledButton(t("trade.back_to_list"), icon=ft.Icons.ARROW_BACK, on_click=lambda _e: session.go("/simulate")),
        ])
    return widgets.scroll_column(sections(session, report))


def sections(session: Session, report: ReportView) -> list[ft.Control]:
    """Everything the report card shows, top to bottom."""
    t, lang = session.t, session.language
    out: list[ft.Control] = [
        ft.Row([ft.IconButton(ft.Icon(ft.Icons.ARROW_BACK, semantics_label=t("trade.back_to_list")),
                              on_click=lambda _e: session.go("/simulate")),
                ft.Text(t("report.title"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.W_600,
                        expand=True)]),
        ft.Text(report.title.get(lang), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        ft.Text(t("report.period", start=day(report.start), end=day(report.end), symbol=report.symbol),
                color=ft.Colors.ON_SURFACE_VARIANT),
    ]
    if not report.finished:
        out.append(widgets.notice(t("report.in_progress"), ft.Icons.HOURGLASS_TOP))
        out.append(ft.FilledTonalButton(t("report.resume"), icon=ft.Icons.PLAY_ARROW,
                                        on_click=lambda _e: session.go(f"/simulate/session/{report.id}")))
    out.append(widgets.section(
        t("report.curve_title"),
        sim_charts.equity_chart(report.equity_curve, report.benchmark_curve, t("report.curve_label")),
        sim_charts.legend([(ft.Colors.PRIMARY, t("trade.legend_you")), (ft.Colors.TERTIARY, t("trade.legend_hold"))]),
    ))
    out.append(widgets.section(t("report.figures_title"), *_figures(session, report)))
    out.append(widgets.section(t("report.takeaways_title"), *[ft.Text(f"• {line}") for line in takeaways(session, report)]))
    out.append(widgets.section(t("report.coaching_title"), *_coaching(session, report)))
    if report.tips:
        out.append(widgets.section(t("report.tips_title"), *_tips(session, report)))
    out += margin_what_if_section(session, report)
    if report.prompts:
        out.append(widgets.section(t("report.prompts_title"), *_prompts(session, report)))
    # The risk profile's reality check: what the learner said against what they did here and before.
    out.append(reality_section(session))
    out.append(widgets.section(t("report.habits_title"), *_habits(session, report)))
    out += luck_or_skill_section(session, report)
    out.append(widgets.notice(t("report.disclaimer")))
    out.append(ft.OutlinedButton(t("trade.back_to_list"), icon=ft.Icons.ARROW_BACK, on_click=lambda _e: session.go("/simulate")))
    return out


def _figures(session: Session, r: ReportView) -> list[ft.Control]:
    t = session.t
    return [
        ft.Text(t("report.return_line", mine=percent(r.portfolio.total_return), hold=percent(r.benchmark.total_return),
                  equity=money(r.equity), cash=money(r.start_cash))),
        ft.Text(t("report.drawdown_line", dd=percent(r.portfolio.max_drawdown), days=r.portfolio.max_drawdown_days,
                  hold=percent(r.benchmark.max_drawdown))),
        ft.Text(t("report.volatility_line", vol=percent(r.portfolio.volatility, signed=False),
                  hold=percent(r.benchmark.volatility, signed=False))),
        ft.Text(t("report.fees_line", fees=money(r.fees_paid), trades=r.trades)),
    ]


def takeaways(session: Session, r: ReportView) -> list[str]:
    """What a beginner should take from the figures, in plain sentences."""
    t = session.t
    lines = []
    if r.trades == 0:
        lines.append(t("report.take_no_trades"))
    elif r.portfolio.total_return < r.benchmark.total_return:
        lines.append(t("report.take_behind_hold"))
    else:
        lines.append(t("report.take_ahead_of_hold"))
    if r.portfolio.max_drawdown <= DEEP_DRAWDOWN or r.benchmark.max_drawdown <= DEEP_DRAWDOWN:
        lines.append(t("report.take_drawdown"))
    if r.fees_paid >= COSTLY * r.start_cash:
        lines.append(t("report.take_fees"))
    lines.append(t("report.take_luck"))
    return lines


def _coaching(session: Session, r: ReportView) -> list[ft.Control]:
    t, lang = session.t, session.language
    if not r.coaching:
        return [ft.Text(t("report.coaching_none"))]
    names = {
        "panic_selling": t("report.flag_panic_selling"),
        "chasing": t("report.flag_chasing"),
        "overtrading": t("report.flag_overtrading"),
        "concentration": t("report.flag_concentration"),
        "scam_tip": t("report.flag_scam_tip"),
    }
    out: list[ft.Control] = []
    for note in r.coaching:
        name = names.get(note.code, note.code)
        parts: list[ft.Control] = [ft.Text(name, weight=ft.FontWeight.W_600), ft.Text(note.explanation.get(lang))]
        if note.lesson_route:
            parts.append(ft.OutlinedButton(t("report.open_lesson", flag=name), icon=ft.Icons.SCHOOL_OUTLINED,
                                           on_click=lambda _e, to=note.lesson_route: session.go(to)))
        out.append(ft.Container(ft.Column(parts, spacing=4), padding=10, border_radius=12,
                                bgcolor=ft.Colors.SURFACE_CONTAINER_HIGH))
    return out


def _tips(session: Session, r: ReportView) -> list[ft.Control]:
    t, lang = session.t, session.language
    did = {None: t("report.tip_no_answer"), "acted": t("trade.tip_said_acted"), "ignored": t("trade.tip_said_ignored"),
           "verified": t("trade.tip_said_verified"), "reported": t("trade.tip_said_reported")}
    out: list[ft.Control] = []
    for item in r.tips:
        kind = t("report.tip_scam") if item.tip.kind.value == "scam" else t("report.tip_news")
        after = (
            t("report.tip_after", then=money(item.price_then), after=money(item.price_after), days=item.days_after,
              change=percent(item.price_after / item.price_then - 1))
            if item.price_after is not None else t("report.tip_after_unknown")
        )
        traded = t("report.tip_traded") if item.acted and item.response != "acted" else ""
        out.append(ft.Container(
            ft.Column([
                ft.Text(f"{kind} · {day(item.tip.date)}", weight=ft.FontWeight.W_600,
                        color=ft.Colors.ERROR if item.tip.kind.value == "scam" else ft.Colors.ON_SURFACE),
                ft.Text(item.tip.text.get(lang), size=13),
                ft.Text(" ".join(x for x in (did[item.response], traded) if x), size=13),
                ft.Text(after, size=13, color=ft.Colors.ON_SURFACE_VARIANT),
            ], spacing=3),
            padding=10, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER_HIGH,
        ))
    return out


def _prompts(session: Session, r: ReportView) -> list[ft.Control]:
    t = session.t
    names = {
        "run_up": t("report.prompt_run_up"),
        "limit_up_again": t("report.prompt_limit_up_again"),
        "steep_fall": t("report.prompt_steep_fall"),
        "concentrated": t("report.prompt_concentrated"),
        "unverified_tip": t("report.prompt_unverified_tip"),
    }
    out: list[ft.Control] = []
    for entry in r.prompts:
        choice = t("report.prompt_continued") if entry.get("choice") == "continued" else t("report.prompt_cancelled")
        out.append(ft.Text(t("report.prompt_line", date=entry.get("date", ""), what=names.get(entry.get("code"), ""),
                             choice=choice), size=13))
    return out


def _habits(session: Session, r: ReportView) -> list[ft.Control]:
    t = session.t
    names = {
        "scenario_finished": t("learning.badge.scenario_finished.title"),
        "scam_reported": t("learning.badge.scam_reported.title"),
        "steady_hands": t("learning.badge.steady_hands.title"),
        "diversified": t("learning.badge.diversified.title"),
    }
    lines: list[ft.Control] = [ft.Text(t("report.habits_hint"), size=13, color=ft.Colors.ON_SURFACE_VARIANT)]
    if r.achievements:
        lines += [ft.Row([ft.Icon(ft.Icons.MILITARY_TECH, color=ft.Colors.TERTIARY), ft.Text(names.get(a, a))])
                  for a in r.achievements]
    else:
        lines.append(ft.Text(t("report.habits_none")))
    return lines


def luck_or_skill_section(session: Session, r: ReportView) -> list[ft.Control]:
    """Luck or skill: the learner's return against 1,000 random traders on the same days, so a
    good or bad result is read against what chance alone produced (empty before any bar)."""
    luck = r.luck_or_skill
    if luck is None:
        return []
    t = session.t
    beaten = round(luck.return_beaten_share * 100)
    verdict = (
        t("report.luck_top") if luck.return_beaten_share >= 0.9
        else t("report.luck_bottom") if luck.return_beaten_share <= 0.1
        else t("report.luck_middle")
    )
    return [widgets.section(
        t("report.luck_title"),
        ft.Text(t("report.luck_line", beat=beaten, traders=f"{luck.traders:,}", trades=luck.trades,
                  smaller=round(luck.drawdown_smaller_share * 100)), key="luck-or-skill"),
        ft.Text(t("report.luck_median", mine=percent(luck.learner_return), median=percent(luck.median_return)),
                size=13, color=ft.Colors.ON_SURFACE_VARIANT),
        ft.Text(verdict, size=13),
    )]


def margin_what_if_section(session: Session, r: ReportView) -> list[ft.Control]:
    """For each margin offer the learner received: the engine's what-if of the offered account
    beside the learner's own result over the same days, with the lesson that covers it."""
    if not r.margin_what_if:
        return []
    t, lang = session.t, session.language
    cards: list[ft.Control] = []
    for item in r.margin_what_if:
        parts: list[ft.Control] = [
            ft.Text(t("report.margin_head", leverage=f"{item.leverage:g}", symbol=item.symbol),
                    weight=ft.FontWeight.W_600, color=ft.Colors.ERROR),
            ft.Text(item.explanation.get(lang), size=13),
            ft.Text(t("report.margin_compare", deposit=money(item.deposit), final=money(item.final_value),
                      plain=money(item.unleveraged_value),
                      mine=percent(item.learner_return) if item.learner_return is not None else "—"), size=13),
        ]
        if item.lesson_route:
            parts.append(ft.OutlinedButton(t("report.margin_lesson"), icon=ft.Icons.SCHOOL_OUTLINED,
                                           on_click=lambda _e, to=item.lesson_route: session.go(to)))
        cards.append(ft.Container(ft.Column(parts, spacing=4), padding=10, border_radius=12,
                                  bgcolor=ft.Colors.SURFACE_CONTAINER_HIGH))
    return [widgets.section(t("report.margin_title"), *cards)]
