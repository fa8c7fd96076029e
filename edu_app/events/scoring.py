"""Live-quiz points: a right answer earns points, a wrong one costs nothing.

A speed bonus exists only when the organiser turns it on (off by default: time pressure hurts
learning); it then adds up to half the points again, falling linearly to nothing over the first
``SPEED_WINDOW_S`` seconds after the question opened.
"""

from __future__ import annotations

POINTS_PER_RIGHT_ANSWER = 100
MAX_SPEED_BONUS = 50
SPEED_WINDOW_S = 30.0


def points(correct: bool, seconds: float, speed_bonus: bool) -> int:
    """The points for one live answer given ``seconds`` after the question opened."""
    if not correct:
        return 0
    if not speed_bonus:
        return POINTS_PER_RIGHT_ANSWER
    left = max(0.0, SPEED_WINDOW_S - max(0.0, seconds)) / SPEED_WINDOW_S
    return POINTS_PER_RIGHT_ANSWER + round(MAX_SPEED_BONUS * left)
