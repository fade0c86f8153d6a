"""The theme-score bar chart in three forms: inline SVG, PNG (Pillow) and a text chart.

All three show the same horizontal bars, one per theme, with the theme title and the score as
text, so the chart reads without colour. Bar colours come from the Okabe-Ito palette, which
stays distinguishable for the common forms of colour blindness: vermillion below 40, orange
from 40 to 69, bluish green from 70.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from html import escape

from analyzer.toolkit.content import ThemeBar

#: Okabe-Ito colours used by the chart.
VERMILLION = "#D55E00"
ORANGE = "#E69F00"
BLUISH_GREEN = "#009E73"
GREY = "#E8E8E8"
INK = "#1A1A1A"

LABEL_WIDTH = 300
BAR_WIDTH = 320
VALUE_WIDTH = 60
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 10


def band_colour(score: float) -> str:
    """The Okabe-Ito colour for a 0-100 score."""
    if score >= 70:
        return BLUISH_GREEN
    if score >= 40:
        return ORANGE
    return VERMILLION


def _height(n: int) -> int:
    return TOP * 2 + ROW_HEIGHT * max(n, 1)


def _label_width(bars: Sequence[ThemeBar]) -> int:
    """Room for the longest theme title at 13 px (about 7.2 px a character), within bounds."""
    longest = max((len(b.title) for b in bars), default=0)
    return max(LABEL_WIDTH, min(560, int(longest * 7.2) + 16))


def theme_chart_svg(bars: Sequence[ThemeBar], *, title: str = "Theme scores (0-100)") -> str:
    """A self-contained ``<svg>`` element (escaped labels, no external references)."""
    label_width = _label_width(bars)
    width = label_width + BAR_WIDTH + VALUE_WIDTH
    height = _height(len(bars))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    for i, bar in enumerate(bars):
        y = TOP + i * ROW_HEIGHT
        mid = y + ROW_HEIGHT / 2
        filled = BAR_WIDTH * max(0.0, min(100.0, bar.score)) / 100
        parts.append(
            f'<text x="{label_width - 8}" y="{mid:.1f}" text-anchor="end" '
            f'dominant-baseline="middle" font-size="13" fill="{INK}">{escape(bar.title)}</text>'
        )
        top = mid - BAR_HEIGHT / 2
        parts.append(
            f'<rect x="{label_width}" y="{top:.1f}" width="{BAR_WIDTH}" '
            f'height="{BAR_HEIGHT}" fill="{GREY}"/>'
        )
        parts.append(
            f'<rect x="{label_width}" y="{top:.1f}" width="{filled:.1f}" '
            f'height="{BAR_HEIGHT}" fill="{band_colour(bar.score)}"/>'
        )
        parts.append(
            f'<text x="{label_width + BAR_WIDTH + 8}" y="{mid:.1f}" dominant-baseline="middle" '
            f'font-size="13" font-weight="bold" fill="{INK}">{escape(bar.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def theme_chart_png(bars: Sequence[ThemeBar], *, scale: int = 2) -> bytes:
    """The same chart as a PNG (``scale`` x the SVG size), drawn with Pillow's bundled font."""
    from PIL import Image, ImageDraw, ImageFont

    label_width = _label_width(bars)
    width = (label_width + BAR_WIDTH + VALUE_WIDTH) * scale
    height = _height(len(bars)) * scale
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(13 * scale)
    for i, bar in enumerate(bars):
        mid = (TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2) * scale
        top = mid - BAR_HEIGHT * scale / 2
        left = label_width * scale
        filled = BAR_WIDTH * scale * max(0.0, min(100.0, bar.score)) / 100
        draw.text((left - 8 * scale, mid), bar.title, fill=INK, font=font, anchor="rm")
        draw.rectangle((left, top, left + BAR_WIDTH * scale, top + BAR_HEIGHT * scale), fill=GREY)
        if filled >= 1:
            draw.rectangle(
                (left, top, left + filled, top + BAR_HEIGHT * scale),
                fill=band_colour(bar.score),
            )
        draw.text(
            (left + (BAR_WIDTH + 8) * scale, mid),
            bar.label,
            fill=INK,
            font=font,
            anchor="lm",
            stroke_width=0,
        )
    out = io.BytesIO()
    # A 32-colour palette keeps the PNG small (about 20 KB) for the Markdown data: URI.
    image.quantize(colors=32).save(out, format="PNG")
    return out.getvalue()


def theme_chart_text(bars: Sequence[ThemeBar], *, width: int = 20) -> str:
    """A monospace bar chart, one line per theme (``█`` filled, ``░`` empty)."""
    if not bars:
        return ""
    pad = max(len(b.title) for b in bars)
    lines = []
    for bar in bars:
        filled = round(width * max(0.0, min(100.0, bar.score)) / 100)
        lines.append(
            f"{bar.title.ljust(pad)}  {'█' * filled}{'░' * (width - filled)}  {bar.label:>4}"
        )
    return "\n".join(lines)
