"""Who may open a profile.

Two rules protect a learner's profile on a shared server:

- A browser (or device) opens a profile again only with a secret it was given when it created or
  was allowed to open that profile. The secret has 256 random bits and the store keeps only its
  SHA-256, so neither a profile id nor a copy of the database lets anyone in.
- Only the host (the desktop window, or a browser that presented the host key) lists every
  profile and may switch between them. A profile may carry a PIN for shared devices; switching to
  it then needs the PIN, and wrong tries make the next try wait longer (kept in the store, so a
  reload or a second process does not reset it).

A visitor's list holds only the profiles its own browser has secrets for.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlmodel import select

from edu_app.services.profiles import ProfileView, insert_profile
from edu_app.services.profiles import _view as profile_view
from edu_app.store import Database
from edu_app.store.models import Profile, ProfilePin, ProfileSecret, utc_now

# 32 bytes = 256 random bits, twice the minimum an unguessable token needs.
SECRET_BYTES = 32
# Anything a browser sends is bounded before it is hashed or queried (hostile storage).
MAX_SECRET_LENGTH = 128
MAX_HELD_SECRETS = 64

PIN_PATTERN = re.compile(r"[0-9]{4,8}")
# Wrong tries allowed before the first wait; each further wrong try doubles the wait, up to an
# hour, so guessing a 4-digit PIN takes months while a mistyped PIN costs a few seconds.
FREE_PIN_TRIES = 3
FIRST_WAIT = timedelta(seconds=5)
LONGEST_WAIT = timedelta(hours=1)
# scrypt cost: about 16 MB and a few tens of milliseconds per check.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


class PinFormatError(ValueError):
    """A PIN that is not 4-8 digits."""


@dataclass(frozen=True)
class Opened:
    """A profile this browser may use now, and the secret it must keep to open it again."""

    profile: ProfileView
    secret: str


@dataclass(frozen=True)
class Refused:
    """Why a profile was not opened.

    ``reason`` is ``pin_needed`` (ask for the PIN), ``wrong_pin`` (``tries_left`` more before a
    wait), ``wait`` (no try accepted for ``wait_seconds``) or ``not_allowed`` (not this browser's).
    """

    reason: str
    tries_left: int = 0
    wait_seconds: int = 0


@dataclass(frozen=True)
class ListedProfile:
    """A profile shown in a profile list, and whether opening it needs a PIN."""

    profile: ProfileView
    has_pin: bool


def new_secret() -> str:
    """A fresh profile secret (URL-safe text, 256 random bits)."""
    return secrets.token_urlsafe(SECRET_BYTES)


def secret_hash(secret: str) -> str:
    """What the store keeps of a secret. A plain hash suffices: the secret is random, not chosen."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_pin(pin: str) -> str:
    """The PIN as stored: full-width digits (typed with a Chinese input method) become ASCII."""
    return unicodedata.normalize("NFKC", pin).strip()


def pin_wait(failed_tries: int) -> timedelta:
    """How long no PIN try is accepted after ``failed_tries`` wrong tries in a row."""
    if failed_tries < FREE_PIN_TRIES:
        return timedelta(0)
    doublings = min(failed_tries - FREE_PIN_TRIES, 20)
    return min(FIRST_WAIT * (2**doublings), LONGEST_WAIT)


def _hash_pin(pin: str, salt: bytes) -> str:
    return hashlib.scrypt(normalise_pin(pin).encode("utf-8"), salt=salt, **_SCRYPT).hex()


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands timestamps back without a zone; they were stored as UTC.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def usable_secrets(values: Iterable[object]) -> list[str]:
    """The strings among ``values`` that could be secrets, bounded in length and number."""
    found: list[str] = []
    for value in values:
        if isinstance(value, str) and 0 < len(value) <= MAX_SECRET_LENGTH and value not in found:
            found.append(value)
        if len(found) >= MAX_HELD_SECRETS:
            break
    return found


class ProfileAccess:
    """Opening profiles by secret, host lists and PINs; each public method is one transaction."""

    def __init__(self, db: Database, now: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._now = now

    # ----- secrets -------------------------------------------------------------------------------

    def create(self, nickname: str, language: str | None = None) -> Opened:
        """Create a profile and the secret that lets the creating browser open it again.

        Raises ``NicknameError`` like ``ProfileService.create``.
        """
        with self._db.transaction() as session:
            profile = insert_profile(session, nickname, language)
            return Opened(profile, self._issue(session, profile.id))

    def held(self, browser_secrets: Iterable[object]) -> dict[int, str]:
        """The profiles that ``browser_secrets`` open, by id, each with one secret that opens it."""
        candidates = {secret_hash(s): s for s in usable_secrets(browser_secrets)}
        if not candidates:
            return {}
        with self._db.transaction() as session:
            rows = session.exec(
                select(ProfileSecret.profile_id, ProfileSecret.secret_hash).where(
                    ProfileSecret.secret_hash.in_(list(candidates))  # type: ignore[attr-defined]
                )
            ).all()
        return {profile_id: candidates[digest] for profile_id, digest in rows}

    def restore(self, profile_id: int, browser_secrets: Iterable[object], is_host: bool) -> Opened | None:
        """Reopen the profile a browser used last (``profile_id`` from its storage), or None.

        The stored id alone opens nothing: the browser must hold the profile's secret. The host
        may also reopen a profile that has no PIN (a host browser from before secrets existed);
        it is then given a secret.
        """
        secret = self.held(browser_secrets).get(profile_id)
        with self._db.transaction() as session:
            profile = session.get(Profile, profile_id)
            if profile is None:
                return None
            if secret is not None:
                return Opened(profile_view(profile), secret)
            if is_host and session.get(ProfilePin, profile_id) is None:
                return Opened(profile_view(profile), self._issue(session, profile_id))
        return None

    def forget(self, secret: str) -> None:
        """Invalidate one secret (the browser gives the profile up)."""
        with self._db.transaction() as session:
            row = session.exec(select(ProfileSecret).where(ProfileSecret.secret_hash == secret_hash(secret))).first()
            if row is not None:
                session.delete(row)

    # ----- lists ---------------------------------------------------------------------------------

    def listed(self, browser_secrets: Iterable[object], is_host: bool) -> list[ListedProfile]:
        """The profiles a browser may see and switch to: all of them for the host, else only
        those its own secrets open. Oldest first."""
        held_ids = None if is_host else set(self.held(browser_secrets))
        if held_ids is not None and not held_ids:
            return []
        with self._db.transaction() as session:
            query = select(Profile).order_by(Profile.id)
            if held_ids is not None:
                query = query.where(Profile.id.in_(held_ids))  # type: ignore[union-attr]
            profiles = [profile_view(p) for p in session.exec(query)]
            with_pin = set(session.exec(select(ProfilePin.profile_id)).all())
        return [ListedProfile(p, p.id in with_pin) for p in profiles]

    def open_listed(
        self, profile_id: int, browser_secrets: Iterable[object], is_host: bool, pin: str | None = None
    ) -> Opened | Refused:
        """Switch to a profile from the browser's list, checking the PIN when it has one."""
        held = self.held(browser_secrets)
        if not is_host and profile_id not in held:
            return Refused("not_allowed")
        if self.has_pin(profile_id):
            if pin is None:
                return Refused("pin_needed")
            refused = self.check_pin(profile_id, pin)
            if refused is not None:
                return refused
        with self._db.transaction() as session:
            profile = session.get(Profile, profile_id)
            if profile is None:
                return Refused("not_allowed")
            secret = held.get(profile_id) or self._issue(session, profile_id)
            return Opened(profile_view(profile), secret)

    # ----- PINs ----------------------------------------------------------------------------------

    def has_pin(self, profile_id: int) -> bool:
        """True when switching to the profile needs its PIN."""
        with self._db.transaction() as session:
            return session.get(ProfilePin, profile_id) is not None

    def set_pin(self, profile_id: int, pin: str) -> None:
        """Protect the profile with ``pin`` (4-8 digits; raises ``PinFormatError`` otherwise)."""
        value = normalise_pin(pin)
        if not PIN_PATTERN.fullmatch(value):
            raise PinFormatError(pin)
        salt = secrets.token_bytes(16)
        with self._db.transaction() as session:
            row = session.get(ProfilePin, profile_id) or ProfilePin(profile_id=profile_id, salt="", pin_hash="")
            row.salt, row.pin_hash = salt.hex(), _hash_pin(value, salt)
            row.failed_tries, row.locked_until = 0, None
            session.add(row)

    def clear_pin(self, profile_id: int) -> None:
        """Remove the profile's PIN."""
        with self._db.transaction() as session:
            row = session.get(ProfilePin, profile_id)
            if row is not None:
                session.delete(row)

    def check_pin(self, profile_id: int, pin: str) -> Refused | None:
        """None when ``pin`` is right (and no wait is running); else why it was refused.

        While a wait runs even the right PIN is refused, so guessing cannot go faster than the
        back-off allows.
        """
        now = self._now()
        with self._db.transaction() as session:
            row = session.get(ProfilePin, profile_id)
            if row is None:
                return None
            locked_until = _aware(row.locked_until)
            if locked_until is not None and locked_until > now:
                return Refused("wait", wait_seconds=math.ceil((locked_until - now).total_seconds()))
            if hmac.compare_digest(_hash_pin(pin, bytes.fromhex(row.salt)), row.pin_hash):
                row.failed_tries, row.locked_until = 0, None
                session.add(row)
                return None
            # Counted in SQL so that two processes checking at once both count.
            session.execute(
                update(ProfilePin)
                .where(ProfilePin.profile_id == profile_id)  # type: ignore[arg-type]
                .values(failed_tries=ProfilePin.failed_tries + 1)
            )
            session.refresh(row)
            wait = pin_wait(row.failed_tries)
            if wait:
                row.locked_until = now + wait
                session.add(row)
                return Refused("wait", wait_seconds=math.ceil(wait.total_seconds()))
            return Refused("wrong_pin", tries_left=FREE_PIN_TRIES - row.failed_tries)

    # ----- helpers -------------------------------------------------------------------------------

    @staticmethod
    def _issue(session, profile_id: int) -> str:  # type: ignore[no-untyped-def]
        secret = new_secret()
        session.add(ProfileSecret(profile_id=profile_id, secret_hash=secret_hash(secret)))
        return secret
