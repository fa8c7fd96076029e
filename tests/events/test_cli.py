"""``edu-app event``: clear messages for bad input, a report and a list from the data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from edu_app.cli import main
from edu_app.events.service import EventService
from edu_app.learning import PackCatalog
from edu_app.services.access import ProfileAccess
from edu_app.store import open_database


def _event(data: Path, catalog: PackCatalog) -> str:
    db = open_database(data).database
    code = EventService(db, catalog, ProfileAccess(db)).create("Autumn fair").code
    db.close()
    return code


def test_report_of_an_unknown_event_says_how_to_find_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "event", "report", "nope", "-o", str(tmp_path / "out")]) == 1
    assert "no event has the code 'nope'; see: edu-app event list" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path), "event", "report", "latest", "-o", str(tmp_path / "out")]) == 1
    assert "there are no events" in capsys.readouterr().err


def test_list_and_report_of_an_event_without_attendees(tmp_path: Path, catalog: PackCatalog,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    code = _event(tmp_path, catalog)
    assert main(["--data-dir", str(tmp_path), "event", "list"]) == 0
    assert f"{code}  setup   Autumn fair" in capsys.readouterr().out
    out = tmp_path / "out"
    assert main(["--data-dir", str(tmp_path), "event", "report", "latest", "-o", str(out)]) == 0
    assert "No attendee took both tests." in (out / "report.html").read_text(encoding="utf-8")
    assert "attendees_joined,0" in (out / "summary.csv").read_text(encoding="utf-8")


def test_serve_refuses_an_unknown_lesson_or_skill_before_serving(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--data-dir", str(tmp_path), "event", "serve", "--port", "1"]
    assert main([*base, "--lesson", "no-pack/no-lesson"]) == 2
    assert "no installed lesson no-pack/no-lesson" in capsys.readouterr().err
    assert main([*base, "--lesson", "just-a-name"]) == 2
    assert "a lesson is written <pack>/<lesson>" in capsys.readouterr().err
    assert main([*base, "--skill", "made-up-skill"]) == 2
    assert "unknown skill 'made-up-skill'" in capsys.readouterr().err
    assert main([*base, "--event", "nope"]) == 1
    assert "no event has the code 'nope'" in capsys.readouterr().err
