"""Spaced review: one FSRS card per quiz item the learner has answered.

A right answer rates the card ``Good``, a wrong one ``Again``. There are no intra-day learning
steps: a first answer goes straight to FSRS's day-based schedule, and a wrong answer to a card
under review relearns with one step of a day. So every interval is whole days and a wrong answer
always comes back the next day, which is what a once-a-day review session needs. Fuzzing is off
so that replaying the history always gives the same due dates.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler

DESIRED_RETENTION = 0.9
SCHEDULER = Scheduler(
    desired_retention=DESIRED_RETENTION,
    learning_steps=(),
    relearning_steps=(timedelta(days=1),),
    enable_fuzzing=False,
)


def rating_for(correct: bool) -> Rating:
    """The FSRS rating of an answer."""
    return Rating.Good if correct else Rating.Again


def review(card: Card | None, correct: bool, at: datetime) -> Card:
    """The item's card after an answer at ``at`` (a new card for an item answered the first time)."""
    if card is None:
        # card_id is not used by the app; passing it avoids fsrs's millisecond-clock id (and its sleep).
        card = Card(card_id=0, due=at.astimezone(UTC))
    updated, _log = SCHEDULER.review_card(card, rating_for(correct), review_datetime=at.astimezone(UTC))
    return updated


def is_due(card: Card | None, at: datetime) -> bool:
    """Whether answering at ``at`` counts as a review: the item has a card and it is due."""
    return card is not None and card.due <= at
