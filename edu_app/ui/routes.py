"""URL routes of the app, parsed without Flet so they can be tested alone.

Routes are real URLs in web mode: back/forward and deep links such as
``/learn/<pack>/<lesson>`` work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

DESTINATIONS = ("home", "learn", "simulate", "me")
# The host also writes lesson packs; visitors never see (or reach) the studio.
HOST_DESTINATIONS = (*DESTINATIONS, "studio")


@dataclass(frozen=True)
class Route:
    """A parsed route: the screen name, its top-level destination and path parameters."""

    name: str
    destination: str
    params: dict[str, str] = field(default_factory=dict)


def parse(route: str | None) -> Route:
    """Turn a URL path into a ``Route``; unknown paths become ``not_found`` (under Home)."""
    path = urlsplit(route or "/").path
    parts = [unquote(p) for p in path.strip("/").split("/") if p]
    match parts:
        case [] | ["home"]:
            return Route("home", "home")
        case ["welcome"]:
            return Route("welcome", "home")
        case ["learn"]:
            return Route("learn", "learn")
        case ["learn", "library"]:
            return Route("library", "learn")
        case ["learn", "review"]:
            return Route("review", "learn")
        case ["learn", "skills"]:
            # The skill map opened from Learn stays under Learn (the bar keeps Learn selected).
            return Route("skills", "learn")
        case ["learn", "drill"]:
            return Route("drill", "learn")
        case ["learn", "drill", kind, seed]:
            return Route("drill", "learn", {"kind": kind, "seed": seed})
        case ["preview"]:
            return Route("preview", "learn")
        case ["learn", pack]:
            return Route("pack", "learn", {"pack": pack})
        case ["learn", pack, lesson]:
            card = parse_qs(urlsplit(route or "/").query).get("card", [""])[0]
            params = {"pack": pack, "lesson": lesson} | ({"card": card} if card.isdigit() else {})
            return Route("lesson", "learn", params)
        case ["learn", pack, lesson, "quiz"]:
            return Route("quiz", "learn", {"pack": pack, "lesson": lesson})
        case ["simulate"]:
            return Route("simulate", "simulate")
        case ["simulate", "practice"]:
            return Route("sim_practice", "simulate")
        case ["simulate", "session", session_id] if session_id.isdigit():
            return Route("trade", "simulate", {"id": session_id})
        case ["simulate", "session", session_id, "report"] if session_id.isdigit():
            return Route("report", "simulate", {"id": session_id})
        case ["simulate", *_]:
            return Route("simulate", "simulate")
        case ["me"]:
            return Route("me", "me")
        case ["me", "profiles"]:
            return Route("profiles", "me")
        case ["me", "skills"]:
            return Route("skills", "me")
        case ["me", "risk"]:
            return Route("risk", "me")
        case ["me", "risk", "take"]:
            return Route("risk_take", "me")
        case ["event"]:
            return Route("event_join", "home")
        case ["event", code]:
            return Route("event_join", "home", {"code": code})
        case ["event", code, "screen"]:
            return Route("event_screen", "home", {"code": code})
        case ["event", code, "organise"]:
            return Route("event_organise", "home", {"code": code})
        case ["event", code, "test", phase] if phase in ("pre", "post"):
            return Route("event_test", "home", {"code": code, "phase": phase})
        case ["event", code, "summary"]:
            return Route("event_summary", "home", {"code": code})
        case ["studio"]:
            return Route("studio", "studio", {"path": path})
        case ["studio", "pack"]:
            return Route("studio_pack", "studio", {"path": path})
        case ["studio", "translations"]:
            return Route("studio_translations", "studio", {"path": path})
        case ["studio", "lesson", lesson]:
            return Route("studio_lesson", "studio", {"path": path, "lesson": lesson})
    return Route("not_found", "home", {"path": path})


def destination_route(destination: str) -> str:
    """The URL of a top-level destination."""
    return "/" if destination == "home" else f"/{destination}"


def skills_route(destination: str) -> str:
    """The skill map under the destination the learner opened it from (Learn or Me)."""
    return "/learn/skills" if destination == "learn" else "/me/skills"
