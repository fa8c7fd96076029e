"""Opening a profile from a list (asking for its PIN when it has one) and setting a PIN.

The rules (who may see and open which profile, PIN back-off) live in ``edu_app.services.access``;
this module only asks and shows the answer.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from edu_app.services.access import ListedProfile, Opened, PinFormatError, Refused
from edu_app.ui import widgets
from edu_app.ui.context import Session


def profile_buttons(
    session: Session, listed: list[ListedProfile], label: Callable[[str], str], then: Callable[[], None]
) -> list[ft.Control]:
    """One button per listed profile; a lock icon marks the ones that need a PIN."""
    return [
        ft.OutlinedButton(
            label(item.profile.nickname),
            icon=ft.Icons.LOCK_OUTLINE if item.has_pin else ft.Icons.PERSON,
            on_click=lambda _e, item=item: open_listed(session, item, then),
        )
        for item in listed
    ]


def open_listed(session: Session, item: ListedProfile, then: Callable[[], None]) -> None:
    """Switch to ``item``; when it has a PIN, ask for it first. ``then()`` runs once it is open."""
    if not item.has_pin:
        outcome = session.app.access.open_listed(item.profile.id, session.secrets, session.is_host)
        if isinstance(outcome, Opened):
            session.open(outcome)
            then()
        elif outcome.reason == "pin_needed":
            # A PIN was set meanwhile (another window); ask for it.
            _pin_dialog(session, item, then)
        else:
            session.toast(refusal_text(session, outcome))
        return
    _pin_dialog(session, item, then)


def refusal_text(session: Session, refused: Refused) -> str:
    """The learner-facing reason a profile did not open."""
    t = session.t
    if refused.reason == "wrong_pin":
        return t("access.pin_wrong", tries=refused.tries_left)
    if refused.reason == "wait":
        return t("access.pin_wait", seconds=refused.wait_seconds)
    if refused.reason == "pin_needed":
        return t("access.pin_needed")
    return t("access.not_allowed")


def _pin_dialog(session: Session, item: ListedProfile, then: Callable[[], None]) -> None:
    t = session.t
    field = ft.TextField(
        label=t("access.pin_label"),
        password=True,
        can_reveal_password=True,
        keyboard_type=ft.KeyboardType.NUMBER,
        max_length=8,
        # Messages such as the back-off wait must be read in full.
        error_max_lines=3,
        autofocus=True,
    )

    def submit(_e: object = None) -> None:
        pin = (field.value or "").strip()
        if not pin:
            field.error = t("access.pin_needed")
            field.update()
            return
        outcome = session.app.access.open_listed(item.profile.id, session.secrets, session.is_host, pin)
        if isinstance(outcome, Refused):
            field.error = refusal_text(session, outcome)
            field.value = ""
            field.update()
            return
        session.open(outcome)
        dialog.close(then=then)

    field.on_submit = submit
    dialog = widgets.Dialog(
        session.page,
        modal=True,
        title=ft.Text(t("access.pin_title", nickname=item.profile.nickname)),
        content=field,
        actions=[
            ft.TextButton(t("common.cancel"), on_click=lambda _e: dialog.close()),
            ft.FilledButton(t("access.pin_open"), on_click=submit),
        ],
    )
    dialog.show()


def pin_controls(session: Session) -> list[ft.Control]:
    """Buttons to set, change or remove the current profile's PIN."""
    t = session.t
    assert session.profile is not None
    profile_id = session.profile.id
    if not session.app.access.has_pin(profile_id):
        return [ft.OutlinedButton(t("access.set_pin"), icon=ft.Icons.PIN, on_click=lambda _e: _set_pin_dialog(session))]

    def remove(_e: object) -> None:
        session.app.access.clear_pin(profile_id)
        session.toast(t("access.pin_removed"))
        session.rerender()

    return [
        ft.OutlinedButton(t("access.change_pin"), icon=ft.Icons.PIN, on_click=lambda _e: _set_pin_dialog(session)),
        ft.OutlinedButton(t("access.remove_pin"), icon=ft.Icons.LOCK_OPEN, on_click=remove),
    ]


def _set_pin_dialog(session: Session) -> None:
    t = session.t
    assert session.profile is not None
    profile_id = session.profile.id
    field = ft.TextField(
        label=t("access.new_pin_label"),
        password=True,
        can_reveal_password=True,
        keyboard_type=ft.KeyboardType.NUMBER,
        max_length=8,
        # Messages such as the back-off wait must be read in full.
        error_max_lines=3,
        autofocus=True,
    )

    def save(_e: object = None) -> None:
        try:
            session.app.access.set_pin(profile_id, field.value or "")
        except PinFormatError:
            field.error = t("access.pin_format")
            field.update()
            return

        def done() -> None:
            session.toast(t("access.pin_saved"))
            session.rerender()

        dialog.close(then=done)

    field.on_submit = save
    dialog = widgets.Dialog(
        session.page,
        modal=True,
        title=ft.Text(t("access.set_pin_title")),
        content=ft.Column([ft.Text(t("access.set_pin_hint")), field], tight=True, spacing=8),
        actions=[
            ft.TextButton(t("common.cancel"), on_click=lambda _e: dialog.close()),
            ft.FilledButton(t("common.save"), on_click=save),
        ],
    )
    dialog.show()
