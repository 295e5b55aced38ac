"""The project's colours and fonts, shared by the Altair theme (analytics) and letter figures (rendering).

Why these choices: the Okabe-Ito palette stays distinguishable for the common forms of colour
blindness; fonts are local system fonts, so nothing is downloaded and output renders offline.
"""

from __future__ import annotations

#: Okabe & Ito (2008), "Color Universal Design": safe for deuteranopia, protanopia and tritanopia.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow (last: low contrast on white)
    "#000000",
)
#: For up to ten categories (the PUF's ten denial reasons): Okabe-Ito plus grey and Paul Tol's wine,
#: so no two reasons share a colour.
PALETTE_10: tuple[str, ...] = (*PALETTE, "#999999", "#882255")
#: Two-group comparisons (MH/SUD vs other, in- vs out-of-network) use the first two colours.
FONT = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', Arial, sans-serif"
