"""Scam drills: generated "spot the red flags" items for practice.

Each drill is a ``red_flags`` quiz item in the lesson-pack format (see ``docs/lesson-packs.md``),
built from the bilingual templates in ``templates.yaml`` and filled with Faker (``en_US`` for the
English text, ``zh_CN`` for the Chinese text). The seed decides everything, so the same seed always
gives the same item, while different seeds move the red flags to different positions.

    >>> from lessons.drills import generate_drill
    >>> item = generate_drill("sms", seed=7)
    >>> item["id"], item["type"], item["format"]
    ('drill-sms-7', 'red_flags', 'sms')

Faker is imported lazily by the generator, only when a drill is actually generated.
"""

from __future__ import annotations

from .generator import (
    DRILL_KINDS,
    drill_id,
    drill_skills,
    generate_drill,
    generate_drills,
    load_templates,
)

__all__ = [
    "DRILL_KINDS",
    "drill_id",
    "drill_skills",
    "generate_drill",
    "generate_drills",
    "load_templates",
]
