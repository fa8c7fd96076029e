"""Library (under Learn): the installed lesson packs, where each comes from (built in, verified
publisher, unverified), installing one from a file, removing one, trusting a publisher's key."""

from __future__ import annotations

import tempfile
from pathlib import Path

import flet as ft

from edu_app import pack_library, pack_share, paths, trust
from edu_app.pack_library import PackInfo, PackLibraryError
from edu_app.trust import PackTrust, TrustError
from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.routes import Route

# Larger uploads are refused before reading; the pack loader has its own, stricter caps.
MAX_UPLOAD_BYTES = 60 * 1024 * 1024


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    results = ft.Column(spacing=8)
    # Only the host changes what is installed on the host.
    may_change = session.is_host

    async def pick_and_install(_e: object) -> None:
        files = await ft.FilePicker().pick_files(
            dialog_title=t("library.pick_title"),
            file_type=ft.FilePickerFileType.CUSTOM,
            allowed_extensions=["zip"],
            with_data=True,
        )
        if not files:
            return
        chosen = files[0]
        if chosen.bytes is None or chosen.size > MAX_UPLOAD_BYTES:
            _show_errors(session, results, t("library.too_large", name=chosen.name), [])
            return
        _install_bytes(session, results, chosen.name, chosen.bytes)

    controls: list[ft.Control] = [
        ft.TextButton(t("common.back"), icon=ft.Icons.ARROW_BACK, on_click=lambda _e: session.go("/learn")),
        widgets.heading(t("library.title")),
        ft.Text(t("library.intro")),
    ]
    if may_change:
        controls.append(ft.FilledButton(t("library.install"), icon=ft.Icons.UPLOAD_FILE, on_click=pick_and_install))
        controls.append(_link_installer(session, results))
    else:
        controls.append(widgets.notice(t("library.install_on_host")))
    controls.append(results)
    controls.extend(_pack_card(session, info, may_change) for info in pack_library.list_packs())
    return widgets.scroll_column(controls)


def _link_installer(session: Session, results: ft.Column) -> ft.Control:
    """A field for a pack link (what a host's QR code holds): download, check and install it here."""
    t = session.t
    field = ft.TextField(label=t("library.link_label"), hint_text="http://…/share/….zip")

    def install(_e: object) -> None:
        link = (field.value or "").strip()
        if not link:
            return
        try:
            info = pack_share.install_from_link(link)
        except PackLibraryError as error:
            _show_errors(session, results, t("library.link_failed", link=link), [str(e) for e in error.errors] or [str(error)])
            return
        session.app.packs_changed()
        session.toast(t("library.installed", title=_title(session, info), version=info.version))
        session.rerender()

    field.on_submit = install
    # Stacked, so the field keeps a usable width on a phone.
    return ft.Column(
        [field, ft.OutlinedButton(t("library.link_install"), icon=ft.Icons.LINK, on_click=install)],
        spacing=8,
    )


def _install_bytes(session: Session, results: ft.Column, name: str, data: bytes) -> None:
    """Validate and install an uploaded zip; on failure show every error and install nothing."""
    t = session.t
    staging = paths.data_dir() / "uploads"
    staging.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=staging, suffix=".zip", delete=False) as handle:
        handle.write(data)
        upload = Path(handle.name)
    try:
        info = pack_library.install_pack(upload)
    except PackLibraryError as error:
        _show_errors(session, results, t("library.invalid", name=name), [str(e) for e in error.errors] or [str(error)])
        return
    finally:
        upload.unlink(missing_ok=True)
    session.app.packs_changed()
    session.toast(t("library.installed", title=_title(session, info), version=info.version))
    session.rerender()


def _show_errors(session: Session, results: ft.Column, title: str, lines: list[str]) -> None:
    results.controls = [
        widgets.notice(title, ft.Icons.ERROR_OUTLINE),
        *[ft.Text(line, font_family="monospace", size=12) for line in lines[:200]],
    ]
    if len(lines) > 200:
        results.controls.append(ft.Text(session.t("library.more_errors", count=len(lines) - 200)))
    results.update()


def _title(session: Session, info: PackInfo) -> str:
    return info.title.get(session.language) or info.title.get(info.source_language) or info.id


def _pack_card(session: Session, info: PackInfo, may_change: bool) -> ft.Control:
    t = session.t
    details: list[ft.Control] = [
        ft.Text(t("library.meta", publisher=info.publisher, version=info.version, languages=", ".join(info.languages))),
    ]
    try:
        verdict = pack_library.pack_trust(info)
    except TrustError as error:
        details.append(_badge(ft.Icons.ERROR_OUTLINE, t("library.trust_unreadable", error=str(error)), ft.Colors.ERROR))
    else:
        details.extend(_trust_badges(session, verdict, may_change))
    if info.source == "installed":
        details.append(ft.Text(t("library.installed_from_file")))
    link = pack_share.share_link(info)
    if may_change and link is not None:
        details.append(
            ft.OutlinedButton(
                t("library.share", title=_title(session, info)),
                icon=ft.Icons.QR_CODE_2,
                on_click=lambda _e: _show_share(session, info, link),
            )
        )
    if info.source == "installed" and may_change:
        details.append(
            ft.OutlinedButton(
                t("library.remove", title=_title(session, info)),
                icon=ft.Icons.DELETE_OUTLINE,
                on_click=lambda _e: _confirm_remove(session, info),
            )
        )
    return widgets.section(_title(session, info), *details)


def _badge(icon: ft.IconData, text: str, color: str, size: int | None = None) -> ft.Control:
    # Colours are theme roles, so the badge follows light and dark schemes.
    return ft.Row(
        [ft.Icon(icon, color=color, size=18), ft.Text(text, color=color, size=size, expand=True)],
        spacing=6,
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def _trust_badges(session: Session, verdict: PackTrust, may_change: bool) -> list[ft.Control]:
    """Where the pack comes from, as a person should read it before trusting its lessons."""
    t = session.t
    shown: list[ft.Control] = []
    if verdict.kind == "builtin":
        shown.append(_badge(ft.Icons.VERIFIED_OUTLINED, t("library.builtin"), ft.Colors.PRIMARY))
    elif verdict.kind == "verified":
        shown.append(_badge(ft.Icons.VERIFIED, t("library.verified", publisher=verdict.publisher or ""), ft.Colors.PRIMARY))
        shown.append(_badge(ft.Icons.KEY, t("library.fingerprint", fingerprint=verdict.fingerprint or ""), ft.Colors.ON_SURFACE_VARIANT, 12))
    elif verdict.kind == "broken":
        shown.append(_badge(ft.Icons.GPP_BAD, _broken_text(session, verdict), ft.Colors.ERROR))
    else:
        shown.append(_badge(ft.Icons.HELP_OUTLINE, t("library.unverified"), ft.Colors.ON_SURFACE_VARIANT))
        if verdict.fingerprint:
            shown.append(
                _badge(ft.Icons.KEY, t("library.unknown_key", fingerprint=verdict.fingerprint), ft.Colors.ON_SURFACE_VARIANT, 12)
            )
        else:
            shown.append(ft.Text(t("library.unsigned"), size=12, color=ft.Colors.ON_SURFACE_VARIANT))
    if verdict.impersonation:
        shown.append(_badge(ft.Icons.WARNING_AMBER, t("library.claim_flagged", publisher=verdict.impersonation), ft.Colors.ERROR))
    signature = verdict.signature
    if may_change and signature is not None and signature.public_key is not None and verdict.kind in ("verified", "unverified"):
        if verdict.kind == "unverified":
            shown.append(
                ft.OutlinedButton(
                    t("library.trust_key"),
                    icon=ft.Icons.KEY,
                    on_click=lambda _e: _confirm_trust(session, signature.public_key or b"", signature.publisher or ""),
                )
            )
        else:
            shown.append(
                ft.TextButton(t("library.untrust"), on_click=lambda _e: _untrust(session, verdict.fingerprint or ""))
            )
    return shown


def _broken_text(session: Session, verdict: PackTrust) -> str:
    """Why an installed pack's signature fails, in the learner's language (file names as they are)."""
    from lessons.signing import SignatureStatus

    status = verdict.signature.status if verdict.signature else None
    if status is SignatureStatus.CONTENT_CHANGED:
        changes = verdict.reason.split(": ", 1)[-1]
        return session.t("library.broken_changed", changes=changes)
    if status is SignatureStatus.BAD_SIGNATURE:
        return session.t("library.broken_signature")
    return session.t("library.broken_unreadable")


def _qr_png(link: str) -> bytes:
    import io

    import segno

    buffer = io.BytesIO()
    # Dark modules on a light background whatever the theme: many scanners cannot read an
    # inverted code, so this image is the one place that does not follow the colour scheme.
    segno.make(link, error="m").save(buffer, kind="png", scale=8, border=4, dark="black", light="white")
    return buffer.getvalue()


def _show_share(session: Session, info: PackInfo, link: str) -> None:
    """A QR code and the link of a pack, for phones on the same network to install it."""
    t = session.t
    body: list[ft.Control] = [
        ft.Image(src=_qr_png(link), width=260, height=260, semantics_label=t("library.qr_label", link=link)),
        ft.Text(link, selectable=True, font_family="monospace", size=12),
        ft.Text(t("library.share_body")),
    ]
    if pack_share.is_loopback_link(link):
        body.append(widgets.notice(t("library.share_local_only")))
    dialog = widgets.Dialog(
        session.page,
        title=ft.Text(t("library.share_title", title=_title(session, info))),
        content=ft.Column(body, tight=True, spacing=10, horizontal_alignment=ft.CrossAxisAlignment.CENTER, width=320),
        actions=[ft.TextButton(t("library.close"), on_click=lambda _e: dialog.close())],
    )
    dialog.show()


def _confirm_trust(session: Session, public_key: bytes, publisher: str) -> None:
    t = session.t
    from lessons.signing import fingerprint

    shown = fingerprint(public_key)

    def trusted() -> None:
        try:
            trust.add_key(public_key, publisher)
        except TrustError as error:
            session.toast(str(error))
            return
        session.toast(t("library.trusted", fingerprint=shown))
        session.rerender()

    dialog = widgets.Dialog(
        session.page,
        modal=True,
        title=ft.Text(t("library.trust_title", publisher=publisher)),
        content=ft.Text(t("library.trust_body", fingerprint=shown)),
        actions=[
            ft.TextButton(t("common.cancel"), on_click=lambda _e: dialog.close()),
            ft.FilledButton(t("library.trust_confirm"), on_click=lambda _e: dialog.close(then=trusted)),
        ],
    )
    dialog.show()


def _untrust(session: Session, shown_fingerprint: str) -> None:
    try:
        trust.remove_key(shown_fingerprint)
    except TrustError as error:
        session.toast(str(error))
        return
    session.rerender()


def _confirm_remove(session: Session, info: PackInfo) -> None:
    t = session.t

    def removed() -> None:
        try:
            pack_library.remove_pack(info.id)
        except PackLibraryError as error:
            session.toast(str(error))
            return
        session.app.packs_changed()
        session.rerender()

    dialog = widgets.Dialog(
        session.page,
        modal=True,
        title=ft.Text(t("library.remove_title", title=_title(session, info))),
        content=ft.Text(t("library.remove_body")),
        actions=[
            ft.TextButton(t("common.cancel"), on_click=lambda _e: dialog.close()),
            ft.FilledButton(t("library.remove_confirm"), on_click=lambda _e: dialog.close(then=removed)),
        ],
    )
    dialog.show()
