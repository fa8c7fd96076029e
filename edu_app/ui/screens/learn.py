"""Learn: the lesson packs with their lessons (/learn), and one pack's overview (/learn/<pack>)."""

from __future__ import annotations

import flet as ft

from edu_app.ui import learn_common as lc
from edu_app.ui import theme, widgets
from edu_app.ui.context import Session
from edu_app.ui.routes import Route
from lessons import Pack


def build(session: Session, route: Route) -> ft.Control:
    if route.name == "pack":
        return build_pack(session, route)
    t = session.t
    assert session.profile is not None
    packs = lc.ordered_packs(session)
    due = lc.due_reviews(session)
    actions: list[ft.Control] = []
    if due:
        actions.append(
            ft.FilledButton(t("learn.review_due", count=due), icon=ft.Icons.REPLAY, on_click=lambda _e: lc.start_review(session))
        )
    actions += [
        ft.OutlinedButton(t("skills.open"), icon=ft.Icons.ACCOUNT_TREE_OUTLINED, on_click=lambda _e: session.go("/learn/skills")),
        ft.OutlinedButton(t("drill.open"), icon=ft.Icons.FLAG_OUTLINED, on_click=lambda _e: session.go("/learn/drill")),
        ft.OutlinedButton(t("learn.library"), icon=ft.Icons.LIBRARY_BOOKS, on_click=lambda _e: session.go("/learn/library")),
    ]
    controls: list[ft.Control] = [
        widgets.heading(t("learn.title")),
        ft.Text(t("learn.intro")),
        ft.Row(actions, wrap=True, spacing=8, run_spacing=8),
    ]
    if not due:
        controls.append(ft.Text(t("learn.review_none"), theme_style=ft.TextThemeStyle.BODY_SMALL))
    if not packs:
        controls.append(widgets.notice(t("learn.coming_soon"), ft.Icons.MENU_BOOK_OUTLINED))
    for pack in packs:
        controls.append(_pack_section(session, pack))
    return widgets.scroll_column(controls)


def _pack_section(session: Session, pack: Pack) -> ft.Control:
    t = session.t
    assert session.profile is not None
    status = session.app.learning.lesson_status(session.profile.id, pack.id)
    done = sum(1 for lesson in pack.lessons if (s := status.get(lesson.id)) is not None and s.completed)
    minutes = sum(lesson.minutes or 0 for lesson in pack.lessons)
    tiles = [_tile(session, pack, lesson, status) for lesson in pack.lessons]
    return widgets.section(
        lc.pack_title(session, pack),
        ft.Text(t("learn.pack_progress", done=done, total=len(pack.lessons), minutes=minutes)),
        ft.ProgressBar(value=done / max(1, len(pack.lessons)), border_radius=4),
        ft.Column(tiles, spacing=2),
        ft.TextButton(
            t("learn.about_pack"), icon=ft.Icons.INFO_OUTLINE, on_click=lambda _e: session.go(f"/learn/{pack.id}")
        ),
    )


def _tile(session: Session, pack: Pack, lesson, status) -> ft.Control:  # type: ignore[no-untyped-def]
    entry = status.get(lesson.id)
    return lc.lesson_tile(
        session,
        pack,
        lesson,
        completed=bool(entry and entry.completed),
        best=entry.best_score if entry else None,
        on_open=lambda: session.go(lc.lesson_route(pack.id, lesson.id)),
    )


def build_pack(session: Session, route: Route) -> ft.Control:
    t = session.t
    assert session.profile is not None
    pack = session.app.catalog.pack(route.params.get("pack", ""))
    back = ft.TextButton(t("learn.back_to_learn"), icon=ft.Icons.ARROW_BACK, on_click=lambda _e: session.go("/learn"))
    if pack is None:
        return widgets.scroll_column(
            [back, widgets.notice(t("learn.pack_missing", pack=route.params.get("pack", "")), ft.Icons.ERROR_OUTLINE)]
        )
    language = session.language
    status = session.app.learning.lesson_status(session.profile.id, pack.id)
    done = sum(1 for lesson in pack.lessons if (s := status.get(lesson.id)) is not None and s.completed)
    minutes = sum(lesson.minutes or 0 for lesson in pack.lessons)
    manifest = pack.manifest
    controls: list[ft.Control] = [
        back,
        widgets.heading(lc.pack_title(session, pack)),
        ft.Text(pack.text(manifest.description, language)),
        ft.Text(
            t("learn.pack_meta", publisher=manifest.publisher, version=manifest.version, license=manifest.license),
            theme_style=ft.TextThemeStyle.BODY_SMALL,
        ),
    ]
    if language not in manifest.languages:
        controls.append(widgets.notice(t("learn.language_fallback"), ft.Icons.TRANSLATE))
    controls.append(
        widgets.section(
            t("learn.lessons"),
            ft.Text(t("learn.pack_progress", done=done, total=len(pack.lessons), minutes=minutes)),
            ft.ProgressBar(value=done / max(1, len(pack.lessons)), border_radius=4),
            ft.Column([_tile(session, pack, lesson, status) for lesson in pack.lessons], spacing=2),
        )
    )
    if manifest.skills:
        controls.append(
            widgets.section(
                t("learn.skills"),
                ft.Row(
                    [ft.Chip(label=ft.Text(pack.text(skill.name, language))) for skill in manifest.skills],
                    wrap=True,
                    spacing=6,
                    run_spacing=6,
                ),
            )
        )
    unlocks = [rule.feature for rule in manifest.unlocks]
    if unlocks:
        statuses = {s.feature: s for s in session.app.learning.features(session.profile.id, language)}
        lines: list[ft.Control] = []
        for feature in unlocks:
            feature_status = statuses.get(feature)
            if feature_status is None:
                continue
            lines.append(
                ft.Row(
                    [
                        ft.Icon(
                            ft.Icons.LOCK_OPEN if feature_status.unlocked else ft.Icons.LOCK_OUTLINE,
                            color=theme.RIGHT if feature_status.unlocked else ft.Colors.PRIMARY,
                        ),
                        ft.Text(
                            t("learn.unlock_line", feature=feature_status.title,
                              state=t("skills.unlocked") if feature_status.unlocked else t("skills.locked")),
                            expand=True,
                        ),
                    ]
                )
            )
        lines.append(
            ft.TextButton(t("skills.open"), icon=ft.Icons.ACCOUNT_TREE_OUTLINED, on_click=lambda _e: session.go("/learn/skills"))
        )
        controls.append(widgets.section(t("learn.unlocks"), *lines))
    if manifest.sources:
        controls.append(widgets.section(t("learn.sources"), *[_source(session, source) for source in manifest.sources]))
    return widgets.scroll_column(controls)


def _source(session: Session, source) -> ft.Control:  # type: ignore[no-untyped-def]
    label = source.title + (f" — {source.publisher}" if source.publisher else "")
    if source.url:
        return ft.TextButton(
            label,
            icon=ft.Icons.OPEN_IN_NEW,
            on_click=lambda _e, url=source.url: open_url(session, url),
            style=ft.ButtonStyle(alignment=ft.Alignment.CENTER_LEFT),
        )
    return ft.Text(label)


def open_url(session: Session, url: str) -> None:
    """Open an http(s)/mailto link in the browser (or the system's browser on desktop)."""
    from edu_app.ui.lesson_card import is_safe_link

    if is_safe_link(url):
        session.page.run_task(ft.UrlLauncher().launch_url, url)
