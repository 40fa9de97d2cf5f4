"""Build the Windows .ico (and a 256-px PNG for Linux menus) from jiaomei_desktop/resources/icons/jiaomei.svg.

PyInstaller needs an .ico for the .exe; the SVG is the one drawing kept in the repository, so the spec calls
`build_icons()` at build time: Qt's SVG renderer draws each size, Pillow writes the multi-size .ico.
    python packaging/make_icon.py OUT_DIR
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "jiaomei_desktop" / "resources" / "icons" / "jiaomei.svg"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)  # Windows picks the nearest for the task bar, Explorer, Alt+Tab


def render_png(size: int, svg: Path = SVG) -> bytes:
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"not a valid SVG: {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def build_icons(out_dir: Path, svg: Path = SVG) -> tuple[Path, Path]:
    """jiaomei-desktop.ico (every size in ICO_SIZES) and jiaomei-desktop.png (256 px) in `out_dir`."""
    from PIL import Image

    out_dir.mkdir(parents=True, exist_ok=True)
    largest = Image.open(io.BytesIO(render_png(max(ICO_SIZES), svg)))
    ico = out_dir / "jiaomei-desktop.ico"
    # each size drawn from the vector, not scaled down from 256: thin lines stay sharp at 16 px
    frames = [Image.open(io.BytesIO(render_png(size, svg))) for size in ICO_SIZES[:-1]]
    largest.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=frames)
    png = out_dir / "jiaomei-desktop.png"
    largest.save(png, format="PNG")
    return ico, png


if __name__ == "__main__":
    for path in build_icons(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "icons"):
        print(path)
