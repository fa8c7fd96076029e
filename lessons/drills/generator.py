"""Generate "spot the red flags" drills from bilingual templates filled with Faker.

A drill is a ``red_flags`` quiz item exactly as it would appear in a pack's ``quiz.yaml``::

    {
        "id": "drill-group-chat-42",
        "type": "red_flags",
        "format": "group_chat",
        "skills": ["unlicensed-advice", "social-consensus"],
        "prompt": {"en": "...", "zh-CN": "..."},
        "segments": [
            {"id": "s1", "speaker": {...}, "text": {...}, "red_flag": True, "explanation": {...}},
            ...
        ],
        "explanation": {"en": "...", "zh-CN": "..."},
    }

How a drill is built (all of it decided by the seed):

* ``templates.yaml`` gives, per drill kind, an ordered list of *slots*. Each slot has one or more
  *options*; an option is a bilingual segment template marked ``red_flag: true`` or ``false``.
* One option is chosen per slot, then the counts are corrected so that every drill has at least
  ``min_red_flags`` red flags and ``min_plain`` harmless segments.
* Slots not marked ``fixed`` are shuffled among themselves, so the red flags move around.
* Placeholders (``{company}``, ``{amount}``, ``{url}``, ``{phone}``, names...) are filled with
  Faker ``en_US`` for English text and Faker ``zh_CN`` for Chinese text.

Safety of the generated text: phone numbers are never Faker's own (which can look like real
people's numbers). English numbers use the ``555-0100``..``555-0199`` range reserved for fiction in
North America; Chinese mobile numbers always have their middle four digits masked (``138-****-1234``).
Links only use reserved domains (``.example``, ``.test``, ``example.com``/``.net``/``.org``).
Company names avoid a blocklist of real financial brands.

Faker is imported here only, and lazily, so ``import lessons`` stays light.
"""

from __future__ import annotations

import copy
import random
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

import yaml

LANGUAGES = ("en", "zh-CN")
_FAKER_LOCALES = {"en": "en_US", "zh-CN": "zh_CN"}

#: The drill kinds, in a stable order.
DRILL_KINDS: tuple[str, ...] = ("group_chat", "private_message", "sms", "app_notice")

_KIND_ALIASES = {
    "group-chat": "group_chat",
    "private-message": "private_message",
    "private_chat": "private_message",
    "private-chat": "private_message",
    "dm": "private_message",
    "app-notice": "app_notice",
    "fake_app_notice": "app_notice",
    "fake-app-notice": "app_notice",
}

#: Top-level level domains and registered domains reserved for documentation and testing
#: (RFC 2606 / RFC 6761): links built on them never reach a real site.
RESERVED_URL_SUFFIXES = ("example", "test", "example.com", "example.net", "example.org")


# --------------------------------------------------------------------------------------------
# Templates


@lru_cache(maxsize=1)
def _templates_cached() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("templates.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or "kinds" not in data:
        raise ValueError("lessons/drills/templates.yaml: expected a mapping with 'kinds'")
    missing = [k for k in DRILL_KINDS if k not in data["kinds"]]
    if missing:
        raise ValueError(f"lessons/drills/templates.yaml: missing drill kinds {missing}")
    return data


def load_templates() -> dict[str, Any]:
    """Return (a copy of) the parsed drill templates."""
    return copy.deepcopy(_templates_cached())


def drill_skills(kinds: Iterable[str] | None = None) -> list[str]:
    """Skill ids that generated drills of these kinds (default: all) are tagged with.

    A pack that includes generated drills must declare these skills in its manifest.
    """
    data = _templates_cached()
    out: list[str] = []
    for kind in kinds or DRILL_KINDS:
        for skill in data["kinds"][_normalise_kind(kind)]["skills"]:
            if skill not in out:
                out.append(skill)
    return out


def _normalise_kind(kind: str) -> str:
    if not isinstance(kind, str):
        raise TypeError(f"drill kind must be a string, not {type(kind).__name__}")
    key = kind.strip().lower()
    key = _KIND_ALIASES.get(key, key)
    if key not in DRILL_KINDS:
        raise ValueError(f"unknown drill kind {kind!r}; expected one of {', '.join(DRILL_KINDS)}")
    return key


# --------------------------------------------------------------------------------------------
# Faker and the values that fill the placeholders


@lru_cache(maxsize=None)
def _faker(language: str):
    from faker import Faker  # imported lazily: only the generator needs Faker

    return Faker(_FAKER_LOCALES[language])


def _seeded_faker(language: str, seed: int | str):
    fake = _faker(language)
    fake.seed_instance(seed)
    return fake


def _draw(rng: random.Random, spec: list[int]) -> int:
    low, high = spec[0], spec[1]
    step = spec[2] if len(spec) > 2 else 1
    return rng.randrange(low, high + 1, step)


def _format_amount(value: int, language: str) -> str:
    if language == "en":
        return f"${value:,}"
    if value >= 10_000 and value % 10_000 == 0:
        return f"{value // 10_000}万元"
    if value >= 10_000:
        return f"{value:,}元"
    return f"{value}元"


def _fictional_phone(rng: random.Random, language: str) -> str:
    if language == "en":
        # 555-0100 .. 555-0199 is reserved for fictional use in every North American area code.
        area = rng.randrange(201, 990)
        return f"({area}) 555-01{rng.randrange(0, 100):02d}"
    # A mainland mobile number shape with the middle four digits masked: never a dialable number.
    return f"1{rng.choice('3456789')}{rng.randrange(10)}-****-{rng.randrange(10_000):04d}"


def _fictional_url(rng: random.Random, fake, words: list[str]) -> str:
    word = "".join(ch for ch in fake.domain_word().lower() if ch.isalnum() or ch == "-").strip("-")
    if len(word) < 3 or not word[0].isalpha():
        word = "invest"
    host = f"{word}-{rng.choice(words)}.{rng.choice(RESERVED_URL_SUFFIXES)}"
    path = rng.choice(["", "/download", "/vip", "/login", "/app", "/register"])
    return f"https://{host}{path}"


def _is_blocked(name: str, blocklist: list[str]) -> bool:
    lowered = name.lower()
    return any(bad.lower() in lowered for bad in blocklist)


def _company(rng: random.Random, fake, language: str, data: dict[str, Any]) -> str:
    blocklist = data["company_blocklist"][language]
    suffixes = data["company_suffixes"][language]
    for _ in range(50):
        if language == "en":
            base = fake.last_name()
            if rng.random() < 0.4:
                base = f"{base} & {fake.last_name()}"
            name = f"{base} {rng.choice(suffixes)}"
        else:
            # Faker's own zh_CN company prefixes include real firms, so the trade name comes from
            # the invented words in templates.yaml, picked by Faker's seeded random.
            trade = fake.random_element(data["zh_trade_words"])
            name = f"{fake.city_name()}{trade}{rng.choice(suffixes)}"
        if not _is_blocked(name, blocklist):
            return name
    return "Example Capital" if language == "en" else "示例投资咨询有限公司"


def _brand(fake, language: str, data: dict[str, Any]) -> str:
    """A short fictional brand: an English surname or a Chinese trade name from Faker."""
    blocklist = data["company_blocklist"][language]
    for _ in range(50):
        base = fake.last_name() if language == "en" else fake.random_element(data["zh_trade_words"])
        if not _is_blocked(base, blocklist):
            return base
    return "Example" if language == "en" else "示例"


def _app_name(rng: random.Random, brand: str, language: str, data: dict[str, Any]) -> str:
    ending = rng.choice(data["app_endings"][language])
    return f"{brand} {ending}" if language == "en" else f"{brand}{ending}"


def _person(fake, language: str) -> str:
    if language == "en":
        return f"{fake.first_name()} {fake.last_name()[0]}."
    return fake.name()


def _context(
    kind: str, seed: int, language: str, shared: dict[str, Any], data: dict[str, Any]
) -> dict[str, str]:
    """Placeholder values for one language. Names, firms, links and phones come from Faker."""
    fake = _seeded_faker(language, f"{kind}:{seed}")
    rng = random.Random(f"drill-context:{kind}:{language}:{seed}")
    ctx: dict[str, str] = {key: str(value) for key, value in shared.items()}
    ctx["host_last"] = fake.last_name()
    ctx["member1"] = _person(fake, language)
    ctx["member2"] = _person(fake, language)
    ctx["assistant"] = _person(fake, language)
    ctx["contact"] = fake.first_name()
    ctx["name"] = fake.name()
    ctx["company"] = _company(rng, fake, language, data)
    ctx["brand"] = _brand(fake, language, data)
    ctx["app"] = _app_name(rng, ctx["brand"], language, data)
    ctx["url"] = _fictional_url(rng, fake, data["url_words"])
    ctx["phone"] = _fictional_phone(rng, language)
    for key, spec in data["amounts"].items():
        ctx[key] = _format_amount(_draw(rng, spec[language]), language)
    return ctx


def _render(template: dict[str, str], contexts: dict[str, dict[str, str]]) -> dict[str, str]:
    return {lang: template[lang].format_map(contexts[lang]) for lang in LANGUAGES}


# --------------------------------------------------------------------------------------------
# Choosing segments


def _choose_options(slots: list[dict[str, Any]], rng: random.Random, min_red: int, min_plain: int):
    chosen = [rng.choice(slot["options"]) for slot in slots]

    def fix(want_red: bool, minimum: int) -> None:
        have = sum(1 for opt in chosen if bool(opt["red_flag"]) is want_red)
        candidates = [
            i
            for i, slot in enumerate(slots)
            if bool(chosen[i]["red_flag"]) is not want_red
            and any(bool(o["red_flag"]) is want_red for o in slot["options"])
        ]
        rng.shuffle(candidates)
        while have < minimum and candidates:
            i = candidates.pop()
            chosen[i] = rng.choice([o for o in slots[i]["options"] if bool(o["red_flag"]) is want_red])
            have += 1

    fix(True, min_red)
    fix(False, min_plain)
    return chosen


def _order(slots: list[dict[str, Any]], rng: random.Random) -> list[int]:
    movable = [i for i, slot in enumerate(slots) if not slot.get("fixed")]
    shuffled = movable[:]
    rng.shuffle(shuffled)
    order = list(range(len(slots)))
    for position, slot_index in zip(movable, shuffled):
        order[position] = slot_index
    return order


# --------------------------------------------------------------------------------------------
# Public API


def drill_id(kind: str, seed: int) -> str:
    """The item id of the drill of this kind and seed, e.g. ``drill-group-chat-42``."""
    return f"drill-{_normalise_kind(kind).replace('_', '-')}-{seed}"


def generate_drill(kind: str, seed: int) -> dict[str, Any]:
    """Build one ``red_flags`` item of the given kind; the same seed always gives the same item.

    ``kind`` is one of :data:`DRILL_KINDS` (``group_chat``, ``private_message``, ``sms``,
    ``app_notice``; hyphenated spellings are accepted). ``seed`` is a non-negative integer.
    """
    kind = _normalise_kind(kind)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, not {seed!r}")
    data = _templates_cached()
    spec = data["kinds"][kind]
    rng = random.Random(f"drill:{kind}:{seed}")

    shared = {key: _draw(rng, value) for key, value in data["numbers"].items()}
    contexts = {lang: _context(kind, seed, lang, shared, data) for lang in LANGUAGES}

    slots = spec["slots"]
    chosen = _choose_options(slots, rng, spec.get("min_red_flags", 2), spec.get("min_plain", 1))
    segments = []
    for position, slot_index in enumerate(_order(slots, rng), start=1):
        option = chosen[slot_index]
        segment: dict[str, Any] = {"id": f"s{position}"}
        if "speaker" in option:
            segment["speaker"] = _render(option["speaker"], contexts)
        segment["text"] = _render(option["text"], contexts)
        segment["red_flag"] = bool(option["red_flag"])
        segment["explanation"] = _render(option["explanation"], contexts)
        segments.append(segment)

    return {
        "id": drill_id(kind, seed),
        "type": "red_flags",
        "format": spec["format"],
        "skills": list(spec["skills"]),
        "prompt": _render(spec["prompt"], contexts),
        "segments": segments,
        "explanation": _render(spec["explanation"], contexts),
    }


def generate_drills(count: int, seed: int, kinds: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Build ``count`` drills with distinct ids, reproducibly from ``seed``.

    Kinds rotate through ``kinds`` (default: all of :data:`DRILL_KINDS`) in a seed-shuffled order,
    so a batch mixes group chats, private messages, texts and app notices.
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"count must be a non-negative integer, not {count!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, not {seed!r}")
    pool = [_normalise_kind(k) for k in (kinds or DRILL_KINDS)]
    if not pool:
        raise ValueError("kinds must not be empty")
    rng = random.Random(f"drills:{seed}")
    order: list[str] = []
    used: set[tuple[str, int]] = set()
    drills = []
    for _ in range(count):
        if not order:
            order = pool[:]
            rng.shuffle(order)
        kind = order.pop()
        sub_seed = rng.randrange(1_000_000_000)
        while (kind, sub_seed) in used:
            sub_seed = rng.randrange(1_000_000_000)
        used.add((kind, sub_seed))
        drills.append(generate_drill(kind, sub_seed))
    return drills
