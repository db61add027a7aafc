"""The files the desk serves under ``/desk/static/``: its own, and Leaflet's from pip.

Only the files named here are served, each with its own type; any other name is 404, so no
path from a request ever reaches the file system. The desk's own files (``shell.STATIC_TYPES``)
change with the code and are cached for an hour. Leaflet and Leaflet.markercluster come from
the ``XStatic-Leaflet`` and ``XStatic-Leaflet-MarkerCluster`` packages (issue 17: installed
from Python packages, never from a CDN); their paths carry the packaged version, so a browser
may keep them for a year and a new version is a new path.

MarkerCluster's ``Default`` style is left out on purpose: its translucent cluster colours fail
contrast on a dark theme, so ``desk.css`` draws the clusters instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

import xstatic.pkg.leaflet as leaflet
import xstatic.pkg.leaflet_markercluster as markercluster

from handlers.desk import shell

OWN_CACHE: Final = "public, max-age=3600"
LIBRARY_CACHE: Final = "public, max-age=31536000, immutable"
PNG: Final = "image/png"
JS: Final = "text/javascript; charset=utf-8"
CSS: Final = "text/css; charset=utf-8"

LEAFLET: Final = f"leaflet-{leaflet.VERSION}"
MARKERCLUSTER: Final = f"markercluster-{markercluster.VERSION}"
# (URL name under /desk/static/, package data folder, file in it, media type)
_LIBRARY: Final = (
    (f"{LEAFLET}/leaflet.js", leaflet.BASE_DIR, "leaflet.js", JS),
    (f"{LEAFLET}/leaflet.css", leaflet.BASE_DIR, "leaflet.css", CSS),
    # leaflet.css names these relative to itself (url(images/…))
    *(
        (f"{LEAFLET}/images/{image}", leaflet.BASE_DIR, f"images/{image}", PNG)
        for image in (
            "layers.png",
            "layers-2x.png",
            "marker-icon.png",
            "marker-icon-2x.png",
            "marker-shadow.png",
        )
    ),
    (
        f"{MARKERCLUSTER}/leaflet.markercluster.js",
        markercluster.BASE_DIR,
        "leaflet.markercluster.js",
        JS,
    ),
    (f"{MARKERCLUSTER}/MarkerCluster.css", markercluster.BASE_DIR, "MarkerCluster.css", CSS),
)
# What the map needs, in the order the page loads it (the cluster plugin after Leaflet).
MAP_SCRIPTS: Final = (f"{LEAFLET}/leaflet.js", f"{MARKERCLUSTER}/leaflet.markercluster.js")
MAP_STYLES: Final = (f"{LEAFLET}/leaflet.css", f"{MARKERCLUSTER}/MarkerCluster.css")


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str
    cache_control: str


def load() -> dict[str, Asset]:
    """Every servable file by its name under ``/desk/static/``, read once when the routes are
    built (a missing file fails the start, not a coordinator's request)."""
    files = {
        name: Asset((shell.STATIC_DIR / name).read_bytes(), media_type, OWN_CACHE)
        for name, media_type in shell.STATIC_TYPES.items()
    }
    for name, folder, file, media_type in _LIBRARY:
        files[name] = Asset((Path(folder) / file).read_bytes(), media_type, LIBRARY_CACHE)
    return files
