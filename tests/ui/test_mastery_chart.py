"""The mastery chart on Me: bars are read against a 0-100% scale at every screen width."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from edu_app.ui.screens.me_progress import mastery_chart


def _chart(width: int):  # type: ignore[no-untyped-def]
    session = SimpleNamespace(t=lambda key, **_: key, page=SimpleNamespace(width=width))
    mastery = [SimpleNamespace(name=f"Skill {n}", p=p, answers=3) for n, p in enumerate((0.97, 0.68, 0.19))]
    container = mastery_chart(session, mastery)[0]  # type: ignore[arg-type]
    return container.content.content  # Container > RotatedBox > BarChart


@pytest.mark.parametrize("width", [390, 1280])
def test_the_scale_shows_every_quarter_on_phone_and_desktop(width: int) -> None:
    chart = _chart(width)
    scale = chart.left_axis
    assert [label.value for label in scale.labels] == [0, 25, 50, 75, 100]
    # flet-charts drops custom labels between the ticks it samples itself ("only 0% and 50%").
    assert scale.label_spacing == 25
    # A wider skill-name area makes flet-charts drop the scale altogether on wide screens.
    assert chart.bottom_axis.label_size <= 130
