"""First visit: pick a nickname (nothing else is asked) or continue as an existing profile."""

from __future__ import annotations

import flet as ft

from edu_app.services.nickname import NicknameError
from edu_app.ui import routes, widgets
from edu_app.ui.context import Session
from edu_app.ui.routes import Route


def nickname_error_text(session: Session, error: NicknameError) -> str:
    """The learner-facing message for a nickname rule that was broken."""
    return session.t(f"nickname.{error.code}", **error.params)


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    field = ft.TextField(
        label=t("welcome.nickname_label"),
        hint_text=t("welcome.nickname_hint"),
        autofocus=True,
        on_submit=lambda _e: create(),
    )

    def create() -> None:
        try:
            profile = session.app.profiles.create(field.value or "", language=session.language)
        except NicknameError as error:
            field.error = nickname_error_text(session, error)
            field.update()
            return
        session.use_profile(profile)
        session.go("/" if routes.parse(session.page.route).name == "welcome" else session.page.route)

    def continue_as(profile_id: int) -> None:
        session.use_profile(session.app.profiles.get(profile_id))
        session.go("/" if routes.parse(session.page.route).name == "welcome" else session.page.route)

    controls: list[ft.Control] = [
        ft.Text(t("app.name"), theme_style=ft.TextThemeStyle.DISPLAY_SMALL, weight=ft.FontWeight.W_700),
        ft.Text(t("welcome.tagline"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        widgets.choice_row([("zh-CN", "中文"), ("en", "English")], session.language, session.set_language),
        field,
        ft.FilledButton(t("welcome.start"), icon=ft.Icons.ARROW_FORWARD, on_click=lambda _e: create()),
        widgets.notice(t("privacy.short"), ft.Icons.LOCK_OUTLINE),
    ]
    existing = session.app.profiles.list() if is_local_visitor(session.page) else []
    if existing:
        controls.append(
            widgets.section(
                t("welcome.continue_as"),
                ft.Row(
                    [
                        ft.OutlinedButton(p.nickname, icon=ft.Icons.PERSON, on_click=lambda _e, i=p.id: continue_as(i))
                        for p in existing
                    ],
                    wrap=True,
                ),
            )
        )
    controls.append(ft.Text(t("disclaimer.not_advice"), theme_style=ft.TextThemeStyle.BODY_SMALL))
    return widgets.scroll_column(controls)


def is_local_visitor(page: ft.Page) -> bool:
    """True for a person at the device running the app. Visitors over the network (an event hall,
    a classroom) neither see each other's nicknames nor change what is installed on the host."""
    if not page.web:
        return True
    return (page.client_ip or "").startswith(("127.", "::1", "localhost")) or page.client_ip in (None, "")
