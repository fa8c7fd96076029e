"""The suitability-warning dialog: what a broker must show before selling a product above the
investor's risk grade, with confirm/cancel. It never blocks; the choice is recorded.

The simulator screens call :func:`confirm_suitability` before starting a scenario or placing an
order (see docs/risk-profile.md, "For the simulator screens").
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from edu_app.risk.service import RiskService
from edu_app.risk.suitability import Product, SuitabilityWarning
from edu_app.ui import shell, widgets
from edu_app.ui.context import Session

QUESTIONNAIRE_ROUTE = "/me/risk/take"


def risk_service(session: Session) -> RiskService:
    """The process-wide risk service."""
    assert session.app.risk is not None, "AppContext.open() creates the risk service"
    return session.app.risk


def confirm_suitability(
    session: Session,
    product: Product,
    *,
    context: str,
    on_continue: Callable[[], None],
    on_cancel: Callable[[], None] | None = None,
) -> SuitabilityWarning | None:
    """Before the learner goes ahead with ``product``: show the warning it needs, if any.

    ``on_continue`` runs at once when the product suits the learner's grade, or after they
    confirm; ``on_cancel`` after they cancel. Either choice is recorded with ``context``
    (``start_scenario``, ``place_order``, ...). Returns the warning shown, or None.
    """
    assert session.profile is not None
    warning = risk_service(session).suitability_warning(session.profile.id, product)
    if warning is None:
        on_continue()
        return None
    show_warning(session, warning, context=context, on_continue=on_continue, on_cancel=on_cancel)
    return warning


def show_warning(
    session: Session,
    warning: SuitabilityWarning,
    *,
    context: str,
    on_continue: Callable[[], None] | None = None,
    on_cancel: Callable[[], None] | None = None,
) -> None:
    """Open the dialog for ``warning`` and record what the learner chooses."""
    t = session.t
    service = risk_service(session)
    language = session.language
    grade_name = service.questionnaire.band(warning.grade).name.get(language) if warning.grade else ""

    def choose(confirmed: bool, then: Callable[[], None] | None) -> None:
        assert session.profile is not None
        service.record_warning_choice(session.profile.id, warning, confirmed=confirmed, context=context)
        message = t("risk.warning.recorded_confirmed") if confirmed else t("risk.warning.recorded_cancelled")

        def after() -> None:
            session.toast(message)
            if then is not None:
                then()

        dialog.close(then=after)

    def take_questionnaire() -> None:
        choose(False, lambda: session.go(QUESTIONNAIRE_ROUTE))

    reasons: list[ft.Control] = [
        ft.Text(t("risk.warning.reasons"), weight=ft.FontWeight.W_600),
        *[ft.Text(f"• {line}") for line in warning.reasons(language)],
    ]
    name = warning.product.name(language)
    content = ft.Column(
        [
            *([ft.Text(name, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600)] if name else []),
            level_badge(session, warning.level, warning.rating.name.get(language), above=True),
            ft.Text(warning.body(language, grade_name)),
            *(reasons if warning.rating.reasons else []),
            widgets.notice(t("risk.warning.practice"), ft.Icons.SCHOOL_OUTLINED),
        ],
        spacing=10,
        tight=True,
    )
    # A readable measure on wide screens; phones use the dialog's own width.
    body = content if shell.is_phone(session.page) else ft.Container(content, width=520)
    actions: list[ft.Control] = [
        ft.TextButton(t("risk.warning.cancel"), on_click=lambda _e: choose(False, on_cancel)),
    ]
    if warning.kind == "no_assessment":
        actions.append(ft.TextButton(t("risk.warning.take_questionnaire"), on_click=lambda _e: take_questionnaire()))
    actions.append(ft.FilledButton(t("risk.warning.confirm"), on_click=lambda _e: choose(True, on_continue)))
    dialog = widgets.Dialog(
        session.page,
        modal=True,
        # The dialog scrolls as a whole: a scrolling column inside it cannot be measured.
        scrollable=True,
        icon=ft.Icon(ft.Icons.WARNING_AMBER_ROUNDED, color=ft.Colors.ERROR),
        title=ft.Text(warning.title(language)),
        content=body,
        actions=actions,
        actions_alignment=ft.MainAxisAlignment.END,
    )
    dialog.show()


def level_badge(session: Session, level: str, name: str, *, above: bool) -> ft.Control:
    """A pill naming a risk level; tinted with the error role when it is above the learner's grade."""
    role = ft.Colors.ERROR if above else ft.Colors.PRIMARY
    return ft.Container(
        content=ft.Text(session.t("risk.level_line", level=level, name=name), weight=ft.FontWeight.W_600, color=role),
        padding=ft.Padding.symmetric(horizontal=10, vertical=4),
        border_radius=20,
        border=ft.Border.all(1, role),
        bgcolor=ft.Colors.with_opacity(0.08, role),
    )
