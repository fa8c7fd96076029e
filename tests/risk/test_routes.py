"""The risk screens' URLs."""

from __future__ import annotations

from edu_app.ui.routes import parse


def test_the_risk_routes() -> None:
    assert (parse("/me/risk").name, parse("/me/risk").destination) == ("risk", "me")
    assert (parse("/me/risk/take").name, parse("/me/risk/take").destination) == ("risk_take", "me")
