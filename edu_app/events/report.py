"""The organiser's report: aggregates from the store, written as printable HTML (inline SVG
charts) and CSV files.

Only aggregates: per-item figures are hidden for groups smaller than ``MIN_GROUP`` (a single
wrong answer would otherwise point at a person), and nicknames appear only when the organiser
asks for them.
"""

from __future__ import annotations

import csv
import html
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import select

from edu_app.events.config import ItemRef
from edu_app.events.service import EventService
from edu_app.events.stats import PairedGain, paired_gain
from edu_app.learning.catalog import PackCatalog
from edu_app.store import Database
from edu_app.store.models import EventAnswer, EventAttendee, EventRow, LessonCompletion, Profile
from lessons import Item

MIN_GROUP = 5
COMMON_WRONG = 3


@dataclass(frozen=True)
class ItemFigures:
    """How one test item went: answers, share right, the most common wrong answers (as text)."""

    phase: str
    ref: ItemRef
    prompt: str
    answers: int
    correct: int
    common_wrong: list[tuple[str, int]]

    @property
    def share_right(self) -> float:
        return self.correct / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class SkillGain:
    """Mean pre and post score on one skill's items, over attendees who took both tests."""

    skill: str
    name: str
    n: int
    pre_mean: float
    post_mean: float

    @property
    def gain(self) -> float:
        return self.post_mean - self.pre_mean


@dataclass
class Report:
    """Everything the report shows."""

    title: str
    code: str
    status: str
    joined: int
    removed: int
    pre_done: int
    lessons_done: int
    post_done: int
    lessons: list[str]
    gain: PairedGain | None
    skills: list[SkillGain]
    items: list[ItemFigures]
    items_hidden: bool
    live_rounds: int
    live_answers: int
    live_right: int
    attendees: list[tuple[str, float | None, float | None, int]] = field(default_factory=list)
    challenge: ChallengeSummary | None = None


@dataclass(frozen=True)
class ChallengeSummary:
    """The trading challenge in aggregate: who played, scores, tips reported, coaching flags."""

    scenario_id: str
    players: int
    mean_score: float
    mean_return: float
    tips_delivered: int
    tips_reported: int
    flags: list[tuple[str, int]]


def challenge_summary(board, code: str, scenario_id: str) -> ChallengeSummary | None:  # type: ignore[no-untyped-def]
    """Aggregate the challenge leaderboard (None when nobody played)."""
    entries = board.entries(code, scenario_id)
    if not entries:
        return None
    flags = Counter(flag for e in entries for flag in set(e.figures.coaching_flags))
    return ChallengeSummary(
        scenario_id=scenario_id, players=len(entries),
        mean_score=sum(e.score.total for e in entries) / len(entries),
        mean_return=sum(e.total_return for e in entries) / len(entries),
        tips_delivered=sum(e.figures.tips_delivered for e in entries),
        tips_reported=sum(e.figures.tips_reported for e in entries),
        flags=flags.most_common(),
    )


def build(db: Database, catalog: PackCatalog, events: EventService, code: str, language: str = "en",
          with_nicknames: bool = False, board=None) -> Report:  # type: ignore[no-untyped-def]
    """Compute the report of event ``code`` from the store (``board``: the trading challenge's
    ``ChallengeBoard``, for its figures)."""
    event = events.get(code)
    forms = event.forms
    with db.reading() as session:
        row = session.exec(select(EventRow).where(EventRow.code == code)).one()
        attendees = session.exec(select(EventAttendee).where(EventAttendee.event_id == row.id)).all()
        answers = session.exec(select(EventAnswer).where(EventAnswer.event_id == row.id)).all()
        kept = {a.profile_id for a in attendees if not a.removed}
        nicknames = {
            p.id: p.nickname for p in session.exec(select(Profile).where(Profile.id.in_(kept)))  # type: ignore[union-attr]
        } if with_nicknames and kept else {}
        completions = session.exec(
            select(LessonCompletion.profile_id, LessonCompletion.pack_id, LessonCompletion.lesson_id).where(
                LessonCompletion.profile_id.in_(kept)  # type: ignore[attr-defined]
            )
        ).all() if kept else []
    lessons = {lesson.key() for lesson in event.config.lessons}
    done: dict[int, set[str]] = {}
    for profile_id, pack_id, lesson_id in completions:
        if f"{pack_id}/{lesson_id}" in lessons:
            done.setdefault(profile_id, set()).add(f"{pack_id}/{lesson_id}")
    answers = [a for a in answers if a.profile_id in kept]
    # Scores only for attendees who answered every item of a form.
    scores: dict[str, dict[int, float]] = {"pre": {}, "post": {}}
    for phase in ("pre", "post"):
        size = len(getattr(forms, phase))
        per: dict[int, list[bool]] = {}
        for a in answers:
            if a.phase == phase:
                per.setdefault(a.profile_id, []).append(a.correct)
        for profile_id, marks in per.items():
            if size and len(marks) >= size:
                scores[phase][profile_id] = sum(marks) / size
    paired = sorted(set(scores["pre"]) & set(scores["post"]))
    gain = paired_gain([scores["pre"][p] for p in paired], [scores["post"][p] for p in paired])
    skills = _skill_gains(catalog, answers, paired, event.config.test_skills, language)
    items = [
        _item_figures(catalog, phase, ref, answers, language)
        for phase in ("pre", "post") for ref in getattr(forms, phase)
    ]
    live = [a for a in answers if a.phase == "live"]
    report = Report(
        title=event.title, code=event.code, status=event.status,
        joined=len(kept), removed=len(attendees) - len(kept),
        pre_done=sum(1 for a in attendees if a.profile_id in kept and a.pre_done_at is not None),
        lessons_done=sum(1 for p in kept if lessons and lessons <= done.get(p, set())),
        post_done=sum(1 for a in attendees if a.profile_id in kept and a.post_done_at is not None),
        lessons=sorted(lessons), gain=gain, skills=skills, items=items,
        items_hidden=any(f.answers < MIN_GROUP for f in items),
        live_rounds=len({a.item_key for a in live}), live_answers=len(live), live_right=sum(a.correct for a in live),
    )
    if board is not None and event.config.trading_challenge and event.config.scenario_id:
        report.challenge = challenge_summary(board, code, event.config.scenario_id)
    if with_nicknames:
        points = Counter[int]()
        for a in live:
            points[a.profile_id] += a.points
        report.attendees = sorted(
            ((nicknames.get(p, ""), scores["pre"].get(p), scores["post"].get(p), points[p]) for p in kept),
            key=lambda r: r[0],
        )
    return report


def _skill_gains(catalog: PackCatalog, answers: list[EventAnswer], paired: list[int], skills: list[str],
                 language: str) -> list[SkillGain]:
    chosen = set(paired)
    result = []
    for skill in skills:
        means = {}
        for phase in ("pre", "post"):
            per: dict[int, list[bool]] = {}
            for a in answers:
                info = catalog.item_info(a.pack_id, a.item_id)
                if a.phase == phase and a.profile_id in chosen and info and skill in info.skills:
                    per.setdefault(a.profile_id, []).append(a.correct)
            means[phase] = [sum(m) / len(m) for m in per.values()]
        n = min(len(means["pre"]), len(means["post"]))
        if n:
            result.append(SkillGain(skill, catalog.skill_name(skill, language), n,
                                    sum(means["pre"]) / len(means["pre"]), sum(means["post"]) / len(means["post"])))
    return result


def _item_figures(catalog: PackCatalog, phase: str, ref: ItemRef, answers: list[EventAnswer], language: str) -> ItemFigures:
    mine = [a for a in answers if a.phase == phase and a.pack_id == ref.pack_id and a.item_id == ref.item_id]
    pack = catalog.pack(ref.pack_id)
    item = catalog.item(ref.pack_id, ref.item_id)
    prompt = pack.text(item.prompt, language) if pack and item else ref.key()
    wrong = Counter(a.response for a in mine if not a.correct)
    common = [(response_text(pack, item, json.loads(r), language), n) for r, n in wrong.most_common(COMMON_WRONG)]
    return ItemFigures(phase, ref, prompt, len(mine), sum(a.correct for a in mine), common)


def response_text(pack, item: Item | None, response: object, language: str) -> str:  # type: ignore[no-untyped-def]
    """A stored response in words: the chosen options' text, or "True"/"False"."""
    if item is None or pack is None:
        return json.dumps(response, ensure_ascii=False)
    if item.type == "true_false":
        return {"en": "True" if response else "False"}.get(language, "对" if response else "错")
    options = {o.id: pack.text(o.text, language) for o in getattr(item, "options", [])}
    chosen = response if isinstance(response, list) else [response]
    return " + ".join(options.get(str(c), str(c)) for c in chosen)


# ----- writing -----------------------------------------------------------------------------------


def write(report: Report, out: Path) -> list[Path]:
    """Write ``report.html`` and the CSV files into ``out``; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "report.html", out / "summary.csv", out / "skills.csv"]
    written[0].write_text(render_html(report), encoding="utf-8")
    with open(written[1], "w", newline="", encoding="utf-8") as handle:
        table = csv.writer(handle)
        table.writerow(["measure", "value"])
        for name, value in summary_rows(report):
            table.writerow([name, value])
    with open(written[2], "w", newline="", encoding="utf-8") as handle:
        table = csv.writer(handle)
        table.writerow(["skill", "name", "n", "pre_mean", "post_mean", "gain"])
        for s in report.skills:
            table.writerow([s.skill, s.name, s.n, _num(s.pre_mean), _num(s.post_mean), _num(s.gain)])
    if not report.items_hidden:
        path = out / "items.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            table = csv.writer(handle)
            table.writerow(["phase", "pack", "item", "prompt", "answers", "correct", "share_right", "common_wrong_answers"])
            for f in report.items:
                wrong = "; ".join(f"{text} ({n})" for text, n in f.common_wrong)
                table.writerow([f.phase, f.ref.pack_id, f.ref.item_id, f.prompt, f.answers, f.correct,
                                _num(f.share_right), wrong])
        written.append(path)
    if report.attendees:
        path = out / "attendees.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            table = csv.writer(handle)
            table.writerow(["nickname", "pre", "post", "live_points"])
            for nickname, pre, post, points in report.attendees:
                table.writerow([nickname, _num(pre), _num(post), points])
        written.append(path)
    return written


def summary_rows(report: Report) -> list[tuple[str, str]]:
    """The headline figures as (measure, value) rows (the CSV and the HTML table share them)."""
    g = report.gain
    rows = [
        ("attendees_joined", str(report.joined)),
        ("attendees_removed", str(report.removed)),
        ("pre_test_done", str(report.pre_done)),
        ("lessons_done", str(report.lessons_done)),
        ("post_test_done", str(report.post_done)),
        ("paired_n", str(g.n if g else 0)),
        ("pre_mean", _num(g.pre_mean if g else None)),
        ("post_mean", _num(g.post_mean if g else None)),
        ("mean_gain", _num(g.mean_gain if g else None)),
        ("mean_gain_ci95_low", _num(g.ci_low if g else None)),
        ("mean_gain_ci95_high", _num(g.ci_high if g else None)),
        ("normalised_gain", _num(g.normalised_gain if g else None)),
        ("live_rounds", str(report.live_rounds)),
        ("live_answers", str(report.live_answers)),
        ("live_right", str(report.live_right)),
    ]
    c = report.challenge
    if c is not None:
        rows += [
            ("challenge_players", str(c.players)),
            ("challenge_mean_process_score", _num(c.mean_score)),
            ("challenge_mean_return", _num(c.mean_return)),
            ("challenge_tips_delivered", str(c.tips_delivered)),
            ("challenge_tips_reported", str(c.tips_reported)),
        ] + [(f"challenge_flag_{code}", str(n)) for code, n in c.flags]
    return rows


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def _bars(rows: list[tuple[str, float, float]], width: int = 640) -> str:
    """A grouped bar chart (pre and post per row, 0-100%) as inline SVG."""
    bar, gap, label_w = 14, 12, 220
    height = len(rows) * (2 * bar + gap) + 30
    scale = width - label_w - 60
    parts = [f'<svg role="img" aria-label="pre and post scores" width="{width}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">']
    y = 10
    for label, pre, post in rows:
        parts.append(f'<text x="0" y="{y + bar + 4}">{html.escape(label[:34])}</text>')
        for value, color, name in ((pre, "#9aa5b1", "pre"), (post, "#1f6feb", "post")):
            w = max(1, round(scale * value))
            parts.append(f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar}" fill="{color}"><title>{name} '
                         f'{value * 100:.0f}%</title></rect>')
            parts.append(f'<text x="{label_w + w + 4}" y="{y + bar - 3}">{name} {value * 100:.0f}%</text>')
            y += bar
        y += gap
    parts.append("</svg>")
    return "".join(parts)


def _challenge_html(c: ChallengeSummary | None) -> str:
    if c is None:
        return ""
    e = html.escape
    flags = "".join(f"<tr><td>{e(code.replace('_', ' '))}</td><td>{n}</td></tr>" for code, n in c.flags)
    return (f"<h2>Trading challenge</h2><p>Scenario {e(c.scenario_id)}: {c.players} played; mean process score "
            f"{c.mean_score:.1f} of 100 (mean raw return {_pct(c.mean_return)}). Scam tips reported: "
            f"{c.tips_reported} of {c.tips_delivered} that arrived.</p>"
            + (f"<table><tr><th>Coaching flag seen</th><th>Players</th></tr>{flags}</table>" if flags
               else "<p>No coaching flags were raised.</p>"))


def render_html(report: Report) -> str:
    """The report as one self-contained, printable HTML page."""
    e = html.escape
    g = report.gain
    summary = "".join(f"<tr><th>{e(name.replace('_', ' '))}</th><td>{e(value)}</td></tr>"
                      for name, value in summary_rows(report))
    chart_rows: list[tuple[str, float, float]] = []
    if g:
        chart_rows.append(("All skills", g.pre_mean, g.post_mean))
    chart_rows += [(s.name, s.pre_mean, s.post_mean) for s in report.skills]
    chart = _bars(chart_rows) if chart_rows else "<p>No attendee took both tests yet.</p>"
    if g:
        ci = f"95% CI {_pct(g.ci_low)} to {_pct(g.ci_high)}" if g.ci_low is not None else "no interval (one pair)"
        headline = (f"<p class=big>Mean learning gain {_pct(g.mean_gain)} ({ci}, paired t, n = {g.n}); "
                    f"normalised gain {_num(g.normalised_gain) or '–'}.</p>")
    else:
        headline = "<p class=big>No attendee took both tests.</p>"
    skill_rows = "".join(
        f"<tr><td>{e(s.name)}</td><td>{s.n}</td><td>{_pct(s.pre_mean)}</td><td>{_pct(s.post_mean)}</td>"
        f"<td>{_pct(s.gain)}</td></tr>" for s in report.skills
    )
    if report.items_hidden:
        items = f"<p>Per-item figures are hidden: fewer than {MIN_GROUP} attendees answered an item.</p>"
    else:
        items = "<table><tr><th>Test</th><th>Item</th><th>Answers</th><th>Right</th><th>Most common wrong answers</th></tr>" + "".join(
            f"<tr><td>{e(f.phase)}</td><td>{e(f.prompt)}<br><small>{e(f.ref.key())}</small></td><td>{f.answers}</td>"
            f"<td>{_pct(f.share_right)}</td><td>{'<br>'.join(e(f'{t} ({n})') for t, n in f.common_wrong) or '–'}</td></tr>"
            for f in report.items
        ) + "</table>"
    attendees = ""
    if report.attendees:
        attendees = "<h2>Attendees</h2><table><tr><th>Nickname</th><th>Pre</th><th>Post</th><th>Live points</th></tr>" + "".join(
            f"<tr><td>{e(n)}</td><td>{_pct(a)}</td><td>{_pct(b)}</td><td>{p}</td></tr>" for n, a, b, p in report.attendees
        ) + "</table>"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{e(report.title)}: event report</title>
<style>
body {{ font-family: system-ui, "Noto Sans SC", sans-serif; max-width: 900px; margin: 2em auto; color: #111; }}
table {{ border-collapse: collapse; margin: 1em 0; width: 100%; }}
th, td {{ border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }}
.big {{ font-size: 1.2em; }}
@media print {{ body {{ margin: 0; }} h2 {{ break-after: avoid; }} table {{ break-inside: auto; }} }}
</style></head><body>
<h1>{e(report.title)}</h1>
<p>Event {e(report.code)} · status {e(report.status)} · aggregates only; nothing here is investment advice.</p>
<h2>Attendance and completion</h2>
<p>{report.joined} joined, {report.pre_done} finished the pre-test, {report.lessons_done} finished the assigned
lessons ({e(', '.join(report.lessons)) or 'none'}), {report.post_done} finished the post-test.</p>
<h2>Learning gain</h2>
{headline}
{chart}
<table>{summary}</table>
<h2>Gain per skill</h2>
<table><tr><th>Skill</th><th>n</th><th>Pre</th><th>Post</th><th>Gain</th></tr>{skill_rows}</table>
<h2>Items</h2>
{items}
<h2>Live quiz</h2>
<p>{report.live_rounds} questions, {report.live_answers} answers, {report.live_right} right.</p>
{_challenge_html(report.challenge)}
{attendees}
<p><small>Scores are the share of a test's items answered right. Gain = post − pre per attendee who finished
both tests; its 95% confidence interval uses Student's t with n − 1 degrees of freedom. Normalised gain =
(mean post − mean pre) / (1 − mean pre).</small></p>
</body></html>
"""
