"""The suitability-warning dialog: what a broker must show before selling a product above the
investor's risk grade, with confirm/cancel. It never blocks; the choice is recorded.

The simulator screens call :func:`confirm_suitability` before starting a scenario or placing an
order (see docs/risk-profile.md, "For the simulator screens").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

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
    ask_without_assessment: bool = True,
) -> SuitabilityWarning | None:
    """Before the learner goes ahead with ``product``: show the warning it needs, if any.

    ``on_continue`` runs at once when the product suits the learner's grade, or after they
    confirm; ``on_cancel`` after they cancel. Either choice is recorded with ``context``
    (``start_scenario``, ``place_order``, ...). Returns the warning shown, or None.

    ``ask_without_assessment=False`` goes ahead without a dialog when the learner has no
    questionnaire result yet: the simulator invites them to take it on its own screen instead
    of interrupting every start (see docs/risk-profile.md).
    """
    assert session.profile is not None
    warning = risk_service(session).suitability_warning(session.profile.id, product)
    if warning is not None and warning.kind == "no_assessment" and not ask_without_assessment:
        warning = None
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


# ----- the simulator's screens ---------------------------------------------------------------------


def confirm_start(
    session: Session, product: Product, symbols: Sequence[str], create: Callable[[], int | None]
) -> None:
    """Start a scenario or free practice on ``product``, after the suitability warning if it needs one.

    ``create`` makes the session and returns its id (None when it could not, having said why).
    When the learner went ahead past a warning, the session remembers ``symbols`` as warned, so
    that the first order does not show the same warning again. Without a questionnaire result
    there is no dialog: :func:`questionnaire_invite` asks on the Simulate screen instead.
    """
    assert session.profile is not None
    profile_id = session.profile.id
    # Filled once the dialog is open; empty while ``go`` runs at once for a product that suits.
    shown: list[SuitabilityWarning] = []

    def go() -> None:
        new_id = create()
        if new_id is None:
            return
        if shown:
            session.app.trading.mark_suitability_seen(profile_id, new_id, symbols)
        session.go(f"/simulate/session/{new_id}")

    warning = confirm_suitability(
        session, product, context="start_scenario", on_continue=go, ask_without_assessment=False
    )
    if warning is not None:
        shown.append(warning)


def order_warning(session: Session, session_id: int, symbol: str, title: Mapping[str, str]) -> SuitabilityWarning | None:
    """The warning to show before an order for ``symbol`` in trading session ``session_id``: None
    once the learner went ahead past it in this session, for a product that suits their grade,
    or before any questionnaire (nothing to compare with; Simulate invites them to take it)."""
    assert session.profile is not None
    trading = session.app.trading
    if trading.suitability_seen(session.profile.id, session_id, symbol):
        return None
    product = Product.from_session(trading.session_engine(session.profile.id, session_id), title=title, symbol=symbol)
    warning = risk_service(session).suitability_warning(session.profile.id, product)
    if warning is None or warning.kind == "no_assessment":
        return None
    return warning


def questionnaire_invite(session: Session) -> ft.Control | None:
    """A gentle invitation on the simulator's screens for a learner with no questionnaire result
    yet (None otherwise): without a grade there is nothing to warn against, and a dialog on every
    start would nag rather than teach."""
    assert session.profile is not None
    if risk_service(session).latest(session.profile.id) is not None:
        return None
    t = session.t
    return widgets.section(
        t("risk.sim.invite_title"),
        ft.Text(t("risk.sim.invite_body")),
        ft.OutlinedButton(t("risk.warning.take_questionnaire"), icon=ft.Icons.SHIELD_OUTLINED,
                          on_click=lambda _e: session.go(QUESTIONNAIRE_ROUTE)),
    )


def reality_section(session: Session) -> ft.Control:
    """The reality check for the simulator's report card: the learner's stated tolerance against
    every stored session (this one included), the same card as on Me."""
    from edu_app.ui.screens.risk import reality_card

    assert session.profile is not None
    return reality_card(session, risk_service(session).reality_check(session.profile.id))
