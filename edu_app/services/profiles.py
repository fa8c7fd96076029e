"""Learner profiles on this device: create, list, rename, delete, preferences."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from edu_app.services import nickname as nickname_rules
from edu_app.services.nickname import NicknameError
from edu_app.store import Database
from edu_app.store.models import Profile

LANGUAGES = ("zh-CN", "en")
THEMES = ("system", "light", "dark")


@dataclass(frozen=True)
class ProfileView:
    """A profile as the screens see it (detached from the database session)."""

    id: int
    nickname: str
    language: str | None
    theme: str


def _view(profile: Profile) -> ProfileView:
    assert profile.id is not None
    return ProfileView(profile.id, profile.nickname, profile.language, profile.theme)


class ProfileService:
    """Profile operations; each public method is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def list(self) -> list[ProfileView]:
        """All profiles, oldest first."""
        with self._db.transaction() as session:
            return [_view(p) for p in session.exec(select(Profile).order_by(Profile.id))]

    def get(self, profile_id: int) -> ProfileView | None:
        """The profile with this id, or None if it was deleted."""
        with self._db.transaction() as session:
            profile = session.get(Profile, profile_id)
            return _view(profile) if profile else None

    def create(self, nickname: str, language: str | None = None) -> ProfileView:
        """Create a profile; raises ``NicknameError`` when the nickname breaks a rule or is taken.

        Screens create profiles through ``ProfileAccess.create``, which also gives the creating
        browser the secret it needs to open the profile again.
        """
        with self._db.transaction() as session:
            return insert_profile(session, nickname, language)

    def rename(self, profile_id: int, nickname: str) -> ProfileView:
        """Give a profile a new nickname (same rules as ``create``)."""
        value = nickname_rules.validate(nickname)
        key = nickname_rules.nickname_key(value)
        with self._db.transaction() as session:
            profile = self._require(session, profile_id)
            self._ensure_free(session, key, profile_id)
            profile.nickname, profile.nickname_key = value, key
            session.add(profile)
            return _view(profile)

    def set_language(self, profile_id: int, language: str) -> ProfileView:
        """Remember the profile's UI language."""
        with self._db.transaction() as session:
            profile = self._require(session, profile_id)
            profile.language = _checked_language(language)
            session.add(profile)
            return _view(profile)

    def set_theme(self, profile_id: int, theme: str) -> ProfileView:
        """Remember the profile's theme: system, light or dark."""
        if theme not in THEMES:
            raise ValueError(f"unknown theme {theme!r}")
        with self._db.transaction() as session:
            profile = self._require(session, profile_id)
            profile.theme = theme
            session.add(profile)
            return _view(profile)

    def delete(self, profile_id: int) -> None:
        """Delete the profile and every row that belongs to it."""
        with self._db.transaction() as session:
            profile = session.get(Profile, profile_id)
            if profile is None:
                return
            for table in _learner_tables():
                session.exec(table.delete().where(table.c.profile_id == profile_id))  # type: ignore[call-overload]
            session.delete(profile)

    @staticmethod
    def _require(session, profile_id: int) -> Profile:  # type: ignore[no-untyped-def]
        profile = session.get(Profile, profile_id)
        if profile is None:
            raise LookupError(f"profile {profile_id} does not exist")
        return profile

    @staticmethod
    def _ensure_free(session, key: str, own_id: int | None) -> None:  # type: ignore[no-untyped-def]
        existing = session.exec(select(Profile).where(Profile.nickname_key == key)).first()
        if existing is not None and existing.id != own_id:
            raise NicknameError("taken", {"nickname": existing.nickname})


def insert_profile(session, nickname: str, language: str | None) -> ProfileView:  # type: ignore[no-untyped-def]
    """Add a profile inside the caller's transaction (nickname rules as in ``ProfileService.create``)."""
    value = nickname_rules.validate(nickname)
    key = nickname_rules.nickname_key(value)
    ProfileService._ensure_free(session, key, None)
    profile = Profile(nickname=value, nickname_key=key, language=_checked_language(language))
    session.add(profile)
    session.flush()
    return _view(profile)


def _checked_language(language: str | None) -> str | None:
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    return language


def _learner_tables():  # type: ignore[no-untyped-def]
    """Every table with a ``profile_id`` column: a learner's rows wherever later features add them."""
    from sqlmodel import SQLModel

    return [t for t in SQLModel.metadata.sorted_tables if "profile_id" in t.c]
