"""QR codes for cards from segno, sized so the modules alone span at least 25 mm.

A 1-bit PNG image, not vector SVG: WeasyPrint draws an SVG path command by command in Python,
which cost 14 ms of a card's 43 ms, while an image is embedded as it is. Each module is 4 by 4
pixels (PIXELS_PER_MODULE) and the image is drawn without smoothing (`image-rendering: pixelated`, PDF's
/Interpolate false), so edges stay sharp even in a viewer that smooths every image anyway.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from html import escape

import segno

MIN_CODE_MM = 25.0
QUIET_MODULES = 4  # the minimum quiet zone the QR standard asks for
PIXELS_PER_MODULE = 4


@dataclass(frozen=True)
class QrCode:
    html: str  # an <img> with the code as a data: address and the title as its text alternative
    width_mm: float  # including the quiet zone


@functools.lru_cache(maxsize=4096)
def qr_code(address: str, title: str) -> QrCode:
    code = segno.make(address, error="m", micro=False)
    modules = code.symbol_size(border=0)[0]
    image = code.png_data_uri(scale=PIXELS_PER_MODULE, border=QUIET_MODULES)
    html = f'<img src="{image}" alt="{escape(title)}" style="image-rendering: pixelated">'
    # Widen until the code itself (without its quiet zone) reaches the minimum; round up to 0.5 mm.
    width = MIN_CODE_MM * (modules + 2 * QUIET_MODULES) / modules
    return QrCode(html, math.ceil(width * 2) / 2)
