"""First visit: pick a nickname (nothing else is asked) or continue as an existing profile."""

from __future__ import annotations

import flet as ft

from edu_app.services.nickname import NicknameError
from edu_app.store.errors import StorageError
from edu_app.ui import profile_door, routes, theme, widgets
from edu_app.ui.context import Session
from edu_app.ui.routes import Route

NICKNAME_DRAFT = "welcome.nickname"


def nickname_error_text(session: Session, error: NicknameError) -> str:
    """The learner-facing message for a nickname rule that was broken."""
    return session.t(f"nickname.{error.code}", **error.params)


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    field = ft.TextField(
        label=t("welcome.nickname_label"),
        hint_text=t("welcome.nickname_hint"),
        # A redraw (language, theme, resize) keeps what was typed so far.
        value=session.drafts.get(NICKNAME_DRAFT, ""),
        autofocus=True,
        on_submit=lambda _e: create(),
    )

    def typed(_e: object) -> None:
        session.drafts[NICKNAME_DRAFT] = field.value or ""
        if theme.ensure_emoji_font(session.page, field):
            session.page.update()
        # An error about the previous attempt is stale once the learner types again.
        if field.error:
            field.error = None
            field.update()

    field.on_change = typed

    def create() -> None:
        try:
            opened = session.app.access.create(field.value or "", language=session.language)
        except NicknameError as error:
            field.error = nickname_error_text(session, error)
            field.update()
            return
        except StorageError as error:
            field.error = session.t(error.message_key)
            field.update()
            return
        session.drafts.pop(NICKNAME_DRAFT, None)
        session.open(opened)
        continue_to_route()

    def continue_to_route() -> None:
        session.go("/" if routes.parse(session.page.route).name == "welcome" else session.page.route)

    controls: list[ft.Control] = [
        ft.Text(t("app.name"), theme_style=ft.TextThemeStyle.DISPLAY_SMALL, weight=ft.FontWeight.W_700),
        ft.Text(t("welcome.tagline"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        widgets.choice_row([("zh-CN", "中文"), ("en", "English")], session.language, session.set_language),
        field,
        ft.FilledButton(t("welcome.start"), icon=ft.Icons.ARROW_FORWARD, on_click=lambda _e: create()),
        widgets.notice(t("privacy.short"), ft.Icons.LOCK_OUTLINE),
    ]
    if not session.is_host:
        controls.append(ft.Text(t("access.visitor_welcome_hint"), theme_style=ft.TextThemeStyle.BODY_SMALL))
    # The host sees every profile on this device; a visitor only those its own browser created.
    existing = session.app.access.listed(session.secrets, session.is_host)
    if existing:
        controls.append(
            widgets.section(
                t("welcome.continue_as"),
                ft.Row(profile_door.profile_buttons(session, existing, str, continue_to_route), wrap=True),
            )
        )
    controls.append(ft.Text(t("disclaimer.not_advice"), theme_style=ft.TextThemeStyle.BODY_SMALL))
    return widgets.scroll_column(controls)

