"""QR codes for cards: vector SVG from segno, sized so the modules alone span at least 25 mm."""

from __future__ import annotations

import math
from dataclasses import dataclass

import segno

MIN_CODE_MM = 25.0
QUIET_MODULES = 4  # the minimum quiet zone the QR standard asks for


@dataclass(frozen=True)
class QrCode:
    svg: str
    width_mm: float  # including the quiet zone


def qr_code(address: str, title: str) -> QrCode:
    code = segno.make(address, error="m", micro=False)
    modules = code.symbol_size(border=0)[0]
    svg = code.svg_inline(border=QUIET_MODULES, omitsize=True, title=title)
    # Widen until the code itself (without its quiet zone) reaches the minimum; round up to 0.5 mm.
    width = MIN_CODE_MM * (modules + 2 * QUIET_MODULES) / modules
    return QrCode(svg, math.ceil(width * 2) / 2)
