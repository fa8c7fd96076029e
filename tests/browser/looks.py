"""What a screen looks like, measured: text contrast from screenshots, control boxes from the
accessibility tree, and in-app navigation without reloading Flutter.

Contrast follows WCAG 2: the relative luminance of the text's colour against its background,
(L1 + 0.05) / (L2 + 0.05), at least 4.5 for body text (AA). For each text in the accessibility tree
the background is the most common colour in its box and the text colour the pixel that differs
most from it (the core of a glyph, past its anti-aliased edge).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from playwright.sync_api import Page

AA_BODY = 4.5
# Text nodes (a span inside a semantics node) and enabled buttons with a visible label. Disabled
# controls are exempt from contrast rules (WCAG 1.4.3), and tabs have only an aria-label.
_TEXT_BOXES_JS = """() => {
  const boxes = [];
  for (const node of document.querySelectorAll('flt-semantics')) {
    const onlySpan = node.children.length === 1 && node.firstElementChild.tagName === 'SPAN';
    const button = node.getAttribute('role') === 'button' && node.children.length === 0;
    if (!(onlySpan || button) || node.getAttribute('aria-disabled') === 'true') continue;
    const text = (node.innerText || '').trim();
    const r = node.getBoundingClientRect();
    if (!text || r.width < 6 || r.height < 10) continue;
    boxes.push({text, x: r.x, y: r.y, width: r.width, height: r.height});
  }
  return boxes;
}"""
# Emoji are pictures in their own colours, not text in the theme's.
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf]")


@dataclass(frozen=True)
class Box:
    """A control's rectangle on screen, in CSS pixels."""

    x: float
    y: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class TextContrast:
    """One text on screen and its contrast against its background."""

    text: str
    ratio: float
    box: Box


def navigate(page: Page, path: str) -> None:
    """Go to ``path`` inside the running app, the way the browser's back/forward does (no reload)."""
    page.evaluate(
        "(path) => { history.pushState(null, '', path); window.dispatchEvent(new PopStateEvent('popstate')); }", path
    )


def box_of(page: Page, role: str, name: str | re.Pattern[str]) -> Box:
    """The on-screen box of the first control with ``role`` and accessible ``name``."""
    target = page.get_by_role(role, name=name, exact=isinstance(name, str)).first  # type: ignore[arg-type]
    target.wait_for(timeout=30_000)
    found = target.bounding_box()
    assert found is not None, f"{role} {name!r} has no box"
    return Box(found["x"], found["y"], found["width"], found["height"])


def nav_bar_top(page: Page) -> float:
    """The top edge of the phone's bottom navigation bar."""
    found = page.get_by_role("tablist").first.bounding_box()
    assert found is not None, "no navigation bar"
    return float(found["y"])


def _luminance(rgb: np.ndarray) -> np.ndarray:
    channels = rgb.astype(np.float64) / 255.0
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """The WCAG contrast ratio of two sRGB colours (1 to 21)."""
    la, lb = _luminance(np.array([a, b], dtype=np.uint8))
    return float((max(la, lb) + 0.05) / (min(la, lb) + 0.05))


def text_contrasts(page: Page, screenshot: Path, visible_bottom: float | None = None) -> list[TextContrast]:
    """Contrast of every text the accessibility tree shows, measured in ``screenshot``; texts
    reaching ``visible_bottom`` (a phone's navigation bar, controls pinned above it) are left out."""
    with Image.open(screenshot) as image:
        pixels = np.asarray(image.convert("RGB"))
    height, width = pixels.shape[:2]
    luminance = _luminance(pixels)
    found: list[TextContrast] = []
    for raw in page.evaluate(_TEXT_BOXES_JS):
        box = Box(raw["x"], raw["y"], raw["width"], raw["height"])
        bottom = height if visible_bottom is None else min(height, visible_bottom)
        # A box ending on the edge of the visible area is one a scroll view cut there: Flutter
        # reports only the visible part, which may hold none of the text.
        if _EMOJI.search(raw["text"]) or box.x < 0 or box.y < 0 or box.x + box.width > width or box.bottom > bottom - 1:
            continue
        x0, y0, x1, y1 = int(box.x), int(box.y), int(box.x + box.width), int(box.bottom)
        crop = pixels[y0:y1, x0:x1].reshape(-1, 3)
        lum = luminance[y0:y1, x0:x1].reshape(-1)
        colours, counts = np.unique(crop, axis=0, return_counts=True)
        background = float(_luminance(colours[counts.argmax()][None, :])[0])
        lightest, darkest = float(lum.max()), float(lum.min())
        ratio = max((lightest + 0.05) / (background + 0.05), (background + 0.05) / (darkest + 0.05))
        found.append(TextContrast(raw["text"], round(ratio, 2), box))
    return found
