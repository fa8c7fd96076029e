"""Know your risk (/me/risk): the latest questionnaire result, what it means in the simulator, the
reality check, earlier results; and the questionnaire itself (/me/risk/take), one question at a
time. ``me_card`` is the small entry shown on Me."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import flet as ft

from edu_app.risk.reality import RealityCheck
from edu_app.risk.service import Assessment, builtin_scenarios
from edu_app.risk.suitability import Product, check, matches
from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.quiz.base import choice_tile
from edu_app.ui.routes import Route
from edu_app.ui.suitability import level_badge, risk_service, show_warning

OVERVIEW_ROUTE = "/me/risk"
TAKE_ROUTE = "/me/risk/take"
# Key of the questionnaire in progress in ``Session.quiz_runs``, so a redraw (language switch,
# window resize) keeps the answers given so far.
RUN_KEY = "risk-questionnaire"


@dataclass
class QuestionnaireRun:
    """The questionnaire in progress: which question is showing and the answers so far."""

    index: int = 0
    answers: dict[str, str] = field(default_factory=dict)


# ----- the overview -------------------------------------------------------------------------------


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    assert session.profile is not None
    service = risk_service(session)
    latest = service.latest(session.profile.id)
    controls: list[ft.Control] = [
        ft.TextButton(t("common.back"), icon=ft.Icons.ARROW_BACK, on_click=lambda _e: session.go("/me")),
        widgets.heading(t("risk.title")),
    ]
    if latest is None:
        controls.append(_start_card(session))
    else:
        controls.append(_result_card(session, latest))
    controls.append(reality_card(session, service.reality_check(session.profile.id)))
    controls.append(_levels_section(session, latest))
    history = service.history(session.profile.id)
    if len(history) > 1:
        controls.append(_history_section(session, history[1:]))
    if history:
        controls.append(
            ft.OutlinedButton(t("risk.delete"), icon=ft.Icons.DELETE_OUTLINE, on_click=lambda _e: _delete_dialog(session))
        )
    return widgets.scroll_column(controls)


def _start_card(session: Session) -> ft.Control:
    t = session.t
    questionnaire = risk_service(session).questionnaire
    return widgets.section(
        questionnaire.title.get(session.language),
        ft.Text(t("risk.why")),
        ft.Text(questionnaire.intro.get(session.language)),
        ft.FilledButton(t("risk.start"), icon=ft.Icons.PLAY_ARROW, on_click=lambda _e: _start(session)),
        ft.Text(t("risk.basis"), theme_style=ft.TextThemeStyle.BODY_SMALL),
    )


def _result_card(session: Session, result: Assessment) -> ft.Control:
    t = session.t
    band = risk_service(session).questionnaire.band(result.grade)
    language = session.language
    grade = ft.Container(
        content=ft.Text(
            t("risk.grade_line", grade=result.grade, name=band.name.get(language)),
            theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
            weight=ft.FontWeight.W_700,
            color=ft.Colors.ON_PRIMARY_CONTAINER,
        ),
        padding=ft.Padding.symmetric(horizontal=16, vertical=8),
        border_radius=12,
        bgcolor=ft.Colors.PRIMARY_CONTAINER,
    )
    controls: list[ft.Control] = [
        grade,
        ft.Text(
            f"{t('risk.taken_on', date=_local_date(session, result.taken_at))} · "
            f"{t('risk.score_line', total=result.total, max=result.max_total)}",
            theme_style=ft.TextThemeStyle.BODY_SMALL,
        ),
        ft.Text(band.description.get(language)),
    ]
    if result.lowest_category:
        controls.append(widgets.notice(t("risk.lowest_category_note"), ft.Icons.SHIELD_OUTLINED))
    controls += [
        ft.Text(t("risk.in_simulator"), weight=ft.FontWeight.W_600),
        ft.Text(band.simulator.get(language)),
        widgets.notice(t("risk.not_advice"), ft.Icons.INFO_OUTLINE),
        ft.FilledButton(t("risk.retake"), icon=ft.Icons.REPLAY, on_click=lambda _e: _start(session)),
        ft.Text(t("risk.basis"), theme_style=ft.TextThemeStyle.BODY_SMALL),
    ]
    return widgets.section(t("risk.your_result"), *controls)


def _levels_section(session: Session, latest: Assessment | None) -> ft.Control:
    """Every built-in scenario with its level, and whether it fits the learner's grade."""
    t = session.t
    service = risk_service(session)
    language = session.language
    rows: list[ft.Control] = []
    example: tuple[int, Product] | None = None
    for scenario in builtin_scenarios().values():
        product = Product.from_scenario(scenario)
        rating = service.rate(product)
        above = latest is not None and not matches(latest.grade, rating.level)
        if above and (example is None or int(rating.level[1]) > example[0]):
            example = (int(rating.level[1]), product)
        status = (
            t("risk.levels_above") if above else t("risk.levels_fits")
        ) if latest is not None else ""
        reason = rating.reasons[0].text.get(language) if rating.reasons else ""
        rows.append(
            ft.Container(
                padding=ft.Padding.symmetric(vertical=6),
                content=ft.Column(
                    [
                        ft.Text(scenario.title.zh_cn if language == "zh-CN" else scenario.title.en,
                                weight=ft.FontWeight.W_600),
                        ft.Row(
                            [level_badge(session, rating.level, rating.name.get(language), above=above)]
                            + ([ft.Text(status, theme_style=ft.TextThemeStyle.BODY_SMALL)] if status else []),
                            wrap=True,
                            spacing=8,
                            run_spacing=4,
                        ),
                        ft.Text(reason, theme_style=ft.TextThemeStyle.BODY_SMALL),
                    ],
                    spacing=4,
                ),
            )
        )
    controls: list[ft.Control] = []
    if latest is None:
        controls.append(ft.Text(t("risk.levels_no_grade")))
    controls += rows
    if latest is not None and example is not None:
        warning = check(service.levels, example[1], latest.grade, latest.lowest_category, latest.id)
        if warning is not None:
            controls.append(
                ft.OutlinedButton(
                    t("risk.try_warning"),
                    icon=ft.Icons.WARNING_AMBER_ROUNDED,
                    on_click=lambda _e: show_warning(session, warning, context="example"),
                )
            )
    return widgets.section(t("risk.levels_title"), *controls)


def _history_section(session: Session, earlier: list[Assessment]) -> ft.Control:
    t = session.t
    questionnaire = risk_service(session).questionnaire
    return widgets.section(
        t("risk.history_title"),
        *[
            ft.Text(
                t(
                    "risk.history_line",
                    date=_local_date(session, result.taken_at),
                    grade=result.grade,
                    name=questionnaire.band(result.grade).name.get(session.language),
                    total=result.total,
                )
            )
            for result in earlier
        ],
    )


# ----- the reality check card (here and on Me) ---------------------------------------------------


def reality_card(session: Session, result: RealityCheck) -> ft.Control:
    """The reality check: verdict, the specific findings, the lesson and a retake."""
    t = session.t
    language = session.language
    icon = {
        "overstated": ft.Icons.TRENDING_DOWN,
        "riskier": ft.Icons.WARNING_AMBER_ROUNDED,
        "understated": ft.Icons.TRENDING_UP,
        "consistent": ft.Icons.VERIFIED_OUTLINED,
    }.get(result.verdict, ft.Icons.HOURGLASS_EMPTY)
    controls: list[ft.Control] = [
        ft.Row(
            [ft.Icon(icon, color=ft.Colors.PRIMARY),
             ft.Text(result.headline(language), weight=ft.FontWeight.W_600, expand=True)],
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
        *[
            ft.Container(
                content=ft.Text(finding.text(language)),
                padding=ft.Padding.only(left=12),
                border=ft.Border.only(left=ft.BorderSide(3, ft.Colors.TERTIARY)),
            )
            for finding in result.findings
        ],
        ft.Text(result.summary(language)),
    ]
    buttons: list[ft.Control] = []
    if result.verdict == "no_assessment":
        buttons.append(ft.FilledButton(t("risk.start"), icon=ft.Icons.PLAY_ARROW, on_click=lambda _e: _start(session)))
    else:
        if result.findings:
            controls.append(ft.Text(t("risk.reality.invite"), theme_style=ft.TextThemeStyle.BODY_SMALL))
        buttons += [
            ft.OutlinedButton(t("risk.reality.lesson"), icon=ft.Icons.MENU_BOOK_OUTLINED,
                              on_click=lambda _e: session.go(result.lesson_route)),
            ft.OutlinedButton(t("risk.retake"), icon=ft.Icons.REPLAY, on_click=lambda _e: _start(session)),
        ]
    controls.append(ft.Row(buttons, wrap=True, spacing=8, run_spacing=8))
    return widgets.section(t("risk.reality.title"), *controls)


def me_card(session: Session) -> ft.Control:
    """The entry on Me: the latest grade (or an invitation) and the reality check."""
    t = session.t
    assert session.profile is not None
    service = risk_service(session)
    latest = service.latest(session.profile.id)
    if latest is None:
        status = t("risk.me_none")
    else:
        name = service.questionnaire.band(latest.grade).name.get(session.language)
        status = t("risk.me_grade", grade=latest.grade, name=name, date=_local_date(session, latest.taken_at))
    result = service.reality_check(session.profile.id)
    lines: list[ft.Control] = [
        ft.Text(status),
        ft.OutlinedButton(t("risk.me_open"), icon=ft.Icons.SHIELD_OUTLINED, on_click=lambda _e: session.go(OVERVIEW_ROUTE)),
    ]
    if latest is not None:
        return ft.Column([widgets.section(t("risk.me_title"), *lines), reality_card(session, result)], spacing=16)
    return widgets.section(t("risk.me_title"), *lines)


# ----- the questionnaire --------------------------------------------------------------------------


def _start(session: Session) -> None:
    session.quiz_runs[RUN_KEY] = QuestionnaireRun()
    session.go(TAKE_ROUTE)


def build_take(session: Session, route: Route) -> ft.Control:
    """One question at a time: the question, its options, Back and Next (or See my result)."""
    t = session.t
    service = risk_service(session)
    questionnaire = service.questionnaire
    language = session.language
    run: QuestionnaireRun = session.quiz_runs.setdefault(RUN_KEY, QuestionnaireRun())
    body = ft.Column(spacing=12)

    def fill() -> None:
        count = len(questionnaire.questions)
        question = questionnaire.questions[run.index]
        chosen = run.answers.get(question.id)
        last = run.index == count - 1
        controls: list[ft.Control] = [
            ft.Text(t("risk.progress", number=run.index + 1, count=count), theme_style=ft.TextThemeStyle.LABEL_LARGE),
            ft.ProgressBar(value=(run.index + 1) / count),
            ft.Text(question.text.get(language), theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.W_600),
        ]
        if run.index == 0:
            controls.append(ft.Text(t("risk.age_note"), theme_style=ft.TextThemeStyle.BODY_SMALL))
        controls += [
            choice_tile(option.text.get(language), selected=option.id == chosen,
                        on_click=lambda i=option.id, q=question.id: pick(q, i))
            for option in question.options
        ]
        if chosen is None:
            controls.append(ft.Text(t("risk.choose_one"), theme_style=ft.TextThemeStyle.BODY_SMALL))
        controls.append(
            ft.Row(
                [
                    # On the first question, Back leaves the questionnaire.
                    ft.TextButton(t("common.back") if run.index == 0 else t("risk.back"), icon=ft.Icons.ARROW_BACK,
                                  on_click=lambda _e: back()),
                    ft.FilledButton(
                        t("risk.finish") if last else t("risk.next"),
                        icon=ft.Icons.CHECK if last else ft.Icons.ARROW_FORWARD,
                        disabled=chosen is None,
                        on_click=lambda _e: forward(),
                    ),
                ],
                alignment=ft.MainAxisAlignment.SPACE_BETWEEN,
            )
        )
        body.controls = controls

    def refresh() -> None:
        fill()
        body.update()

    def pick(question_id: str, option_id: str) -> None:
        run.answers[question_id] = option_id
        refresh()

    def back() -> None:
        if run.index == 0:
            session.go(OVERVIEW_ROUTE)
            return
        run.index -= 1
        refresh()

    def forward() -> None:
        if run.index < len(questionnaire.questions) - 1:
            run.index += 1
            refresh()
            return
        assert session.profile is not None
        service.submit(session.profile.id, run.answers)
        session.quiz_runs.pop(RUN_KEY, None)
        session.go(OVERVIEW_ROUTE)

    fill()
    return widgets.scroll_column([widgets.heading(questionnaire.title.get(language)), body])


# ----- deleting -----------------------------------------------------------------------------------


def _delete_dialog(session: Session) -> None:
    t = session.t

    def confirm(_e: object) -> None:
        assert session.profile is not None
        risk_service(session).delete_risk_data(session.profile.id)

        def done() -> None:
            session.toast(t("risk.delete_done"))
            session.rerender()

        dialog.close(then=done)

    dialog = widgets.Dialog(
        session.page,
        modal=True,
        title=ft.Text(t("risk.delete_title")),
        content=ft.Text(t("risk.delete_body")),
        actions=[
            ft.TextButton(t("common.cancel"), on_click=lambda _e: dialog.close()),
            ft.FilledButton(t("risk.delete_confirm"), icon=ft.Icons.DELETE_FOREVER, on_click=confirm),
        ],
    )
    dialog.show()


def _local_date(session: Session, moment: datetime) -> str:
    """The date of ``moment`` in the learner's time zone (as the streak and calendar use)."""
    from edu_app.learning.clock import zone_of

    return moment.astimezone(zone_of(session.app.clock)).strftime("%Y-%m-%d")
