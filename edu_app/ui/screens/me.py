"""Me: progress (score, mastery chart, streak calendar, badges, history, export/import), then
language, theme, profiles on this device, privacy and where data is kept."""

from __future__ import annotations

import flet as ft

from edu_app import __version__
from edu_app.services.nickname import NicknameError
from edu_app.ui import profile_door, theme, widgets
from edu_app.ui.context import Session
from edu_app.ui.routes import Route
from edu_app.ui.screens import me_progress
from edu_app.ui.screens import risk as risk_screen
from edu_app.ui.screens.welcome import nickname_error_text


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    profile = session.profile
    assert profile is not None
    # The host may switch to any profile; a visitor only to the ones its browser created.
    others = [p for p in session.app.access.listed(session.secrets, session.is_host) if p.profile.id != profile.id]

    def new_profile() -> None:
        session.use_profile(None)
        session.go("/welcome")

    return widgets.scroll_column(
        [
            widgets.heading(profile.nickname),
            *me_progress.sections(session),
            risk_screen.me_card(session),
            widgets.section(
                t("me.language"),
                widgets.choice_row([("zh-CN", "中文"), ("en", "English")], session.language, session.set_language),
            ),
            widgets.section(
                t("me.theme"),
                widgets.choice_row(
                    [("system", t("me.theme_system")), ("light", t("me.theme_light")), ("dark", t("me.theme_dark"))],
                    profile.theme,
                    session.set_theme,
                ),
            ),
            widgets.section(
                t("me.profiles"),
                ft.Text(t("me.profiles_hint") if session.is_host else t("access.visitor_profiles_hint")),
                ft.Row(
                    profile_door.profile_buttons(
                        session, others, lambda nickname: t("me.switch_to", nickname=nickname), lambda: session.go("/")
                    )
                    + profile_door.pin_controls(session)
                    + [
                        ft.OutlinedButton(t("me.new_profile"), icon=ft.Icons.PERSON_ADD, on_click=lambda _e: new_profile()),
                        ft.OutlinedButton(t("me.rename"), icon=ft.Icons.EDIT, on_click=lambda _e: _rename_dialog(session)),
                        widgets.danger_button(
                            t("me.delete"), ft.Icons.DELETE_OUTLINE, lambda _e: _delete_dialog(session)
                        ),
                    ],
                    wrap=True,
                    spacing=8,
                    run_spacing=8,
                ),
            ),
            widgets.section(
                t("me.privacy"),
                ft.Text(t("privacy.long")),
                # The host's folders are nobody else's business.
                *([ft.Text(t("me.data_location", path=str(session.app.data_dir)))] if session.is_host else []),
            ),
            widgets.section(
                t("me.about"),
                ft.Text(t("me.version", version=__version__)),
                ft.Text(t("disclaimer.not_advice")),
            ),
        ]
    )


def _rename_dialog(session: Session) -> None:
    t = session.t
    assert session.profile is not None
    field = ft.TextField(label=t("welcome.nickname_label"), value=session.profile.nickname, autofocus=True)

    def typed(_e: object) -> None:
        if theme.ensure_emoji_font(session.page, field):
            session.page.update()
        if field.error:
            field.error = None
            field.update()

    field.on_change = typed

    def save(_e: object = None) -> None:
        assert session.profile is not None
        try:
            profile = session.app.profiles.rename(session.profile.id, field.value or "")
        except NicknameError as error:
            field.error = nickname_error_text(session, error)
            field.update()
            return
        session.profile = profile
        dialog.close(then=session.rerender)

    field.on_submit = save
    # Redrawing waits until the dialog has closed (see widgets.Dialog).
    dialog = widgets.Dialog(
        session.page,
        modal=True,
        title=ft.Text(t("me.rename")),
        content=field,
        actions=[
            ft.TextButton(t("common.cancel"), on_click=lambda _e: dialog.close()),
            ft.FilledButton(t("common.save"), on_click=save),
        ],
    )
    dialog.show()


def _delete_dialog(session: Session) -> None:
    t = session.t
    profile = session.profile
    assert profile is not None

    def confirm(_e: object) -> None:
        session.drop_secret_of(profile.id)
        session.app.profiles.delete(profile.id)
        widgets.close_dialog(dialog)
        session.use_profile(None)
        session.go("/welcome")

    dialog = ft.AlertDialog(
        modal=True,
        title=ft.Text(t("me.delete_title", nickname=profile.nickname)),
        content=ft.Text(t("me.delete_body")),
        actions=[
            ft.TextButton(t("common.cancel"), on_click=lambda _e: widgets.close_dialog(dialog)),
            widgets.danger_confirm(t("me.delete_confirm"), ft.Icons.DELETE_FOREVER, confirm),
        ],
    )
    session.page.show_dialog(dialog)
