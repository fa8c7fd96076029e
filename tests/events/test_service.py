"""Event rules on a real SQLite file: PIN back-off, join rules, parallel forms, live scoring,
organiser authority and what an attendee may see."""

from __future__ import annotations

import pytest

from edu_app.events import forms
from edu_app.events.config import EventConfig, LessonRef
from edu_app.events.nicknames import NicknameBlocked, check, random_nickname
from edu_app.events.service import EventClosed, EventService, JoinRefused, NotOrganiser, Organiser
from edu_app.learning import PackCatalog
from lessons.grading import grade
from lessons.model import SingleChoiceItem, TrueFalseItem

HOST = Organiser(is_host=True)


def _opened(events: EventService, **config: object) -> tuple[str, str, Organiser]:
    created = events.create("Spring fair", EventConfig(**config))  # type: ignore[arg-type]
    who = Organiser(token=created.token)
    events.set_joining(created.code, who, True)
    return created.code, created.pin, who


def _right(item) -> object:  # type: ignore[no-untyped-def]
    if isinstance(item, TrueFalseItem):
        return item.answer
    if isinstance(item, SingleChoiceItem):
        return next(o.id for o in item.options if o.correct)
    return [o.id for o in item.options if o.correct]


def _wrong(item) -> object:  # type: ignore[no-untyped-def]
    if isinstance(item, TrueFalseItem):
        return not item.answer
    if isinstance(item, SingleChoiceItem):
        return next(o.id for o in item.options if not o.correct)
    return [o.id for o in item.options if not o.correct][:1]


def test_codes_and_pins_look_right_and_differ(events: EventService) -> None:
    a, b = events.create("A"), events.create("B")
    assert a.code != b.code and len(a.code) >= 12
    assert a.pin.isdigit() and len(a.pin) == 6
    assert events.get(a.code).status == "setup"
    with pytest.raises(EventClosed):
        events.get("no-such-code")


def test_wrong_pins_back_off_per_client_and_the_right_pin_waits_too(events: EventService, clock) -> None:  # type: ignore[no-untyped-def]
    code, pin, _who = _opened(events)
    wrong = "000000" if pin != "000000" else "111111"
    tries = []
    for _ in range(3):
        with pytest.raises(JoinRefused) as refused:
            events.join(code, wrong, "10.0.0.7", "en")
        tries.append((refused.value.reason, refused.value.tries_left, refused.value.wait_seconds))
    assert tries == [("wrong_pin", 2, 0), ("wrong_pin", 1, 0), ("wait", 0, 5)]
    # While the wait runs even the right PIN is refused, for this client only.
    with pytest.raises(JoinRefused) as refused:
        events.join(code, pin, "10.0.0.7", "en")
    assert refused.value.reason == "wait"
    other = events.join(code, pin, "10.0.0.8", "en")
    assert other.profile.nickname
    clock.advance(6)
    with pytest.raises(JoinRefused) as refused:
        events.join(code, wrong, "10.0.0.7", "en")
    assert (refused.value.reason, refused.value.wait_seconds) == ("wait", 10)
    clock.advance(11)
    assert events.join(code, pin, "10.0.0.7", "en").profile.id != other.profile.id
    # A right PIN clears the count: the next mistake is free again.
    with pytest.raises(JoinRefused) as refused:
        events.join(code, wrong, "10.0.0.7", "en")
    assert refused.value.reason == "wrong_pin"


def test_a_pin_that_is_not_six_digits_is_not_counted_as_a_wrong_try(events: EventService) -> None:
    code, pin, _who = _opened(events)
    # Join tapped before the last digit arrived, letters, nothing at all: said, never counted.
    for partial in (pin[:5], pin[:1], "", "12345a", pin + "0"):
        for _ in range(4):
            with pytest.raises(JoinRefused) as refused:
                events.join(code, partial, "10.0.0.9", "en")
            assert refused.value.reason == "incomplete"
    assert events.join(code, pin, "10.0.0.9", "en").profile.nickname
    # Full-width digits from a Chinese keyboard are six digits too.
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in pin)
    assert events.join(code, full_width, "10.0.0.9", "en").profile.nickname


def test_joining_before_open_after_close_after_end_and_when_full(events: EventService) -> None:
    created = events.create("Fair", EventConfig(capacity=1))
    who = Organiser(token=created.token)
    with pytest.raises(JoinRefused, match="not_open"):
        events.join(created.code, created.pin, "a", "en")
    events.set_joining(created.code, who, True)
    events.join(created.code, created.pin, "a", "en")
    with pytest.raises(JoinRefused, match="full"):
        events.join(created.code, created.pin, "b", "en")
    events.set_joining(created.code, who, False)
    with pytest.raises(JoinRefused, match="closed"):
        events.join(created.code, created.pin, "b", "en")
    events.end(created.code, who)
    with pytest.raises(JoinRefused, match="ended"):
        events.join(created.code, created.pin, "b", "en")


def test_organiser_actions_need_the_host_or_the_token(events: EventService) -> None:
    created = events.create("Fair")
    stranger = Organiser(token="not-the-token")
    for action in (
        lambda w: events.set_joining(created.code, w, True),
        lambda w: events.advance_live(created.code, w),
        lambda w: events.end(created.code, w),
        lambda w: events.find_attendees(created.code, w),
        lambda w: events.remove(created.code, w, 1),
        lambda w: events.configure(created.code, w, "x", EventConfig()),
    ):
        with pytest.raises(NotOrganiser):
            action(stranger)
        with pytest.raises(NotOrganiser):
            action(Organiser())
    assert not events.is_organiser(created.code, stranger)
    assert events.is_organiser(created.code, Organiser(token=created.token))
    assert events.is_organiser(created.code, HOST)
    # A new token (a new ``event serve``) retires the old link.
    events.new_organiser_token(created.code)
    assert not events.is_organiser(created.code, Organiser(token=created.token))


def test_parallel_forms_cover_the_same_skills_with_different_items(catalog: PackCatalog) -> None:
    config = EventConfig(
        lessons=[LessonRef.parse("anti-fraud-essentials/guaranteed-returns")],
        test_skills=["verify-licences", "market-manipulation", "impersonation"],
        items_per_skill=2,
        live_questions=3,
    )
    drawn = forms.draw(catalog.packs(), config, "seed-1")
    assert len(drawn.pre) == len(drawn.post) == 6
    assert not set(drawn.pre) & set(drawn.post)
    assert not set(drawn.live) & (set(drawn.pre) | set(drawn.post))
    assert len(drawn.live) == 3

    def skills(refs):  # type: ignore[no-untyped-def]
        found = []
        for ref in refs:
            info = catalog.item_info(ref.pack_id, ref.item_id)
            assert info is not None and info.item.type in forms.TEST_ITEM_TYPES
            assert f"{info.pack_id}/{info.lesson_id}" != "anti-fraud-essentials/guaranteed-returns"
            found.append(info.skills)
        return found

    for skill in config.test_skills:
        assert sum(skill in s for s in skills(drawn.pre)) >= 2
        assert sum(skill in s for s in skills(drawn.post)) >= 2
    assert forms.draw(catalog.packs(), config, "seed-1") == drawn
    assert forms.draw(catalog.packs(), config, "seed-2") != drawn


def test_a_skill_with_too_few_items_gets_as_many_in_both_forms(catalog: PackCatalog) -> None:
    config = EventConfig(lessons=[], test_skills=["phantom-riches"], items_per_skill=5, live_quiz=False)
    drawn = forms.draw(catalog.packs(), config, "x")
    pool = [c for c in forms.candidates(catalog.packs(), set()) if "phantom-riches" in c.skills]
    assert len(pool) < 10
    assert len(drawn.pre) == len(drawn.post) == len(pool) // 2
    assert forms.available_per_skill(catalog.packs(), config) == {"phantom-riches": len(pool) // 2}


def _attendee_through_tests(events: EventService, code: str, pin: str, client: str, pre_right: int, post_right: int) -> int:
    profile = events.join(code, pin, client, "en").profile
    form = events.get(code).forms
    for phase, right in (("pre", pre_right), ("post", post_right)):
        for index, ref in enumerate(getattr(form, phase)):
            item = events.item(ref)
            response = _right(item) if index < right else _wrong(item)
            assert events.answer_test(code, profile.id, phase, ref, response, 3.0).correct == (index < right)
    return profile.id


def test_tests_are_recorded_once_and_an_attendee_sees_only_their_own_progress(events: EventService) -> None:
    code, pin, _who = _opened(events, test_skills=["verify-licences"], items_per_skill=2, live_quiz=False)
    ann = _attendee_through_tests(events, code, pin, "a", pre_right=0, post_right=2)
    bob = events.join(code, pin, "b", "en").profile.id
    first = events.get(code).forms.pre[0]
    # A second answer to the same item does not replace the first.
    events.answer_test(code, ann, "pre", first, _right(events.item(first)), 1.0)
    mine = events.attendee(code, ann)
    assert mine is not None and mine.pre_done and mine.post_done
    assert (mine.pre_correct, mine.post_correct) == (0, 2)
    theirs = events.attendee(code, bob)
    assert theirs is not None and not theirs.pre_done and theirs.pre_answered == 0
    counts = events.counts(code)
    assert (counts.joined, counts.pre_done, counts.finished) == (2, 1, 1)
    # An item that is not in the attendee's form is refused.
    other = events.get(code).forms.post[0]
    with pytest.raises(EventClosed):
        events.answer_test(code, bob, "pre", other, True, 1.0)


def test_live_quiz_scores_right_answers_only_and_shows_the_distribution_after_closing(events: EventService, clock) -> None:  # type: ignore[no-untyped-def]
    code, pin, who = _opened(events, live_questions=2)
    ann = events.join(code, pin, "a", "en").profile.id
    bob = events.join(code, pin, "b", "en").profile.id
    state = events.advance_live(code, who)
    assert (state.number, state.status, state.total) == (1, "open", 2)
    item = events.item(state.item)  # type: ignore[arg-type]
    clock.advance(2)
    assert events.answer_live(code, ann, 1, _right(item))[1] == 100  # type: ignore[index]
    clock.advance(20)
    assert events.answer_live(code, bob, 1, _wrong(item))[1] == 0  # type: ignore[index]
    assert events.answer_live(code, bob, 1, _right(item)) is None  # one answer per round
    assert events.live_state(code).distribution == {}  # hidden while open
    state = events.advance_live(code, who)
    assert state.status == "closed" and sum(state.distribution.values()) == 2
    assert events.answer_live(code, bob, 1, _right(item)) is None  # too late
    assert events.leaderboard(code)[0] == (events.attendee(code, ann).nickname, 100)  # type: ignore[union-attr]
    assert events.leaderboard(code)[1][1] == 0
    events.remove(code, who, ann)
    assert [name for name, _ in events.leaderboard(code)] == [events.attendee(code, bob).nickname]  # type: ignore[union-attr]


def test_the_speed_bonus_counts_only_when_turned_on(events: EventService, clock) -> None:  # type: ignore[no-untyped-def]
    code, pin, who = _opened(events, live_questions=1, speed_bonus=True)
    ann = events.join(code, pin, "a", "en").profile.id
    state = events.advance_live(code, who)
    clock.advance(6)  # 24 of 30 s left: 50 * 0.8 = 40 extra
    assert events.answer_live(code, ann, 1, _right(events.item(state.item)))[1] == 140  # type: ignore[arg-type,index]


def test_nicknames_are_random_in_the_language_and_abuse_is_blocked(events: EventService) -> None:
    assert any("\u4e00" <= ch <= "\u9fff" for ch in random_nickname("zh-CN"))
    assert random_nickname("en").isascii()
    for bad in ("Fuck you", "f u c k", "傻逼小王", "ＡＤＭＩＮ"):
        with pytest.raises(NicknameBlocked):
            check(bad)
    code, pin, _who = _opened(events)
    ann = events.join(code, pin, "a", "zh-CN").profile
    assert any("\u4e00" <= ch <= "\u9fff" for ch in ann.nickname)
    assert events.rename(code, ann.id, "  Stock Owl ") == "Stock Owl"
    assert events.attendee(code, ann.id).nickname == "Stock Owl"  # type: ignore[union-attr]


def test_the_organiser_finds_attendees_by_part_of_a_nickname_newest_first(events: EventService) -> None:
    code, pin, who = _opened(events)
    joined = [events.join(code, pin, f"client-{n}", "en").profile.id for n in range(4)]
    for profile_id, nickname in zip(joined, ("Stock Owl", "Calm Otter", "小红🐼", "STOCKY")):
        events.rename(code, profile_id, nickname)
    events.remove(code, who, joined[1])

    everyone = events.find_attendees(code, who)
    assert (everyone.total, everyone.matching) == (3, 3)
    assert [a.nickname for a in everyone.shown] == ["STOCKY", "小红🐼", "Stock Owl"]
    stock = events.find_attendees(code, who, " stock ")
    assert (stock.total, stock.matching) == (3, 2)
    assert [a.nickname for a in stock.shown] == ["STOCKY", "Stock Owl"]
    assert [a.nickname for a in events.find_attendees(code, who, "小红").shown] == ["小红🐼"]
    assert events.find_attendees(code, who, "otter").matching == 0  # removed attendees are not listed
    first_two = events.find_attendees(code, who, limit=2)
    assert (first_two.matching, len(first_two.shown)) == (3, 2)


def test_grading_of_a_drawn_item_is_the_packs_own(events: EventService) -> None:
    code, _pin, _who = _opened(events)
    ref = events.get(code).forms.pre[0]
    item = events.item(ref)
    assert grade(item, _right(item)).correct  # type: ignore[arg-type]


def test_the_report_matches_a_hand_computation_and_hides_small_groups(events: EventService, db, catalog, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from edu_app.events import report as reports

    code, pin, who = _opened(events, test_skills=["verify-licences"], items_per_skill=2, live_quiz=False)
    # Five attendees: pre/post right out of 2 items each.
    marks = [(0, 2), (1, 1), (1, 2), (0, 1), (2, 2)]
    for n, (pre, post) in enumerate(marks):
        _attendee_through_tests(events, code, pin, f"c{n}", pre, post)
    # By hand: pre 0, .5, .5, 0, 1 (mean .4); post 1, .5, 1, .5, 1 (mean .8); gains 1, 0, .5, .5, 0
    # mean .4; deviations .6 -.4 .1 .1 -.4, squares .36 .16 .01 .01 .16 = .7, var .175, sd .41833;
    # half width 2.776 * .41833 / sqrt(5) = .51935; normalised (.8 - .4) / .6 = .66667.
    built = reports.build(db, catalog, events, code)
    g = built.gain
    assert g is not None and g.n == 5
    assert (g.pre_mean, g.post_mean, g.mean_gain) == pytest.approx((0.4, 0.8, 0.4))
    assert (g.ci_low, g.ci_high) == pytest.approx((0.4 - 0.51935, 0.4 + 0.51935), abs=1e-4)
    assert g.normalised_gain == pytest.approx(2 / 3)
    assert not built.items_hidden
    first = built.items[0]
    # Item 1 of the pre-test: attendees right on it are those with pre >= 1: three of five.
    assert (first.answers, first.correct) == (5, 3)
    assert first.common_wrong and first.common_wrong[0][1] == 2
    written = reports.write(built, tmp_path / "out")
    assert {p.name for p in written} == {"report.html", "summary.csv", "skills.csv", "items.csv"}
    summary = (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8")
    assert "mean_gain,0.4000" in summary and "normalised_gain,0.6667" in summary
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<svg" in page and "Mean learning gain 40.0%" in page
    someone = events.find_attendees(code, who).shown[0]
    assert someone.nickname not in page
    # Remove one attendee: four left, so per-item figures are hidden; nicknames only on request.
    events.remove(code, who, someone.profile_id)
    smaller = reports.build(db, catalog, events, code, with_nicknames=True)
    assert smaller.items_hidden and smaller.joined == 4
    written = reports.write(smaller, tmp_path / "small")
    assert "items.csv" not in {p.name for p in written}
    assert "attendees.csv" in {p.name for p in written}


def test_deleting_an_attendees_profile_deletes_their_event_answers(events: EventService, db) -> None:  # type: ignore[no-untyped-def]
    from edu_app.services.profiles import ProfileService

    code, pin, who = _opened(events, test_skills=["verify-licences"], items_per_skill=1, live_quiz=False)
    ann = _attendee_through_tests(events, code, pin, "a", 1, 1)
    ProfileService(db).delete(ann)
    assert events.find_attendees(code, who).total == 0
    assert events.counts(code).joined == 0
