"""Render the notebook view of an article to PNG with headless Chromium (the screenshot in the README).

    python bench/render_view.py                        # examples/lukashenko.txt → docs/view.png
    python bench/render_view.py --dark -o docs/view-dark.png
    python bench/render_view.py ARTICLE.txt -o out.png --width 900

Needs the Debian package ``chromium`` (``apt-get install -y chromium``) or ``--chromium PATH``. The browser runs
offline with a fresh profile: no network, no extensions, no GPU.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--force-device-scale-factor=1")


def find_chromium(explicit: str | None) -> str:
    for name in ([explicit] if explicit else ["chromium", "chromium-browser", "google-chrome", "chrome"]):
        found = shutil.which(name) if name else None
        if found:
            return found
    sys.exit("chromium not found: apt-get update && apt-get install -y chromium (or pass --chromium PATH)")


def screenshot(page: Path, png: Path, *, chromium: str, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory(prefix="ukrnews-chromium-") as profile:
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
               f"--screenshot={png.resolve()}", page.resolve().as_uri()]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if result.returncode != 0 or not png.is_file():
        sys.exit(f"chromium failed ({result.returncode}):\n{result.stderr[-2000:]}")


def content_box(png: Path, background: tuple[int, int, int]) -> tuple[int, int, int, int] | None:
    """Bounding box of what is not plain background (to crop the screenshot), if Pillow is installed."""
    try:
        from PIL import Image, ImageChops
    except ImportError:
        return None
    with Image.open(png) as img:
        rgb = img.convert("RGB")
        box = ImageChops.difference(rgb, Image.new("RGB", rgb.size, background)).getbbox()
    return box


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("article", nargs="?", type=Path, default=ROOT / "examples" / "lukashenko.txt")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "view.png")
    parser.add_argument("--width", type=int, default=960, help="window width in CSS pixels")
    parser.add_argument("--dark", action="store_true", help="dark page background (as in a dark notebook theme)")
    parser.add_argument("--chromium", help="path of the Chromium/Chrome binary")
    parser.add_argument("--html", type=Path, help="also keep the rendered HTML page here")
    args = parser.parse_args(argv)

    import ukrnews_nlp
    from ukrnews_nlp.display import show

    chromium = find_chromium(args.chromium)
    text = args.article.read_text(encoding="utf-8")
    record = ukrnews_nlp.annotate(text, id=args.article.name)
    page = show(record, max_height=None).page(dark=args.dark)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ukrnews-view-") as tmp:
        html_path = Path(tmp) / "view.html"
        html_path.write_text(page, encoding="utf-8")
        if args.html:
            args.html.write_text(page, encoding="utf-8")
        # Tall window first, then crop to the content (Chromium's screenshot is the window, not the page).
        screenshot(html_path, args.output, chromium=chromium, width=args.width, height=2400)
        box = content_box(args.output, (17, 20, 24) if args.dark else (255, 255, 255))
        if box:
            from PIL import Image
            with Image.open(args.output) as img:
                cropped = img.crop((0, 0, min(img.width, box[2] + 16), min(img.height, box[3] + 16)))
            cropped.save(args.output, optimize=True)
    print(f"{args.output} ({len(record['entities'])} entities, {len(record['quotes'])} quotes, "
          f"models: {', '.join(_models_used()) or 'none (rule components only)'})")
    return 0


def _models_used() -> list[str]:
    import ukrnews_nlp

    return sorted(ukrnews_nlp._default_pipeline().meta.get("ukrnews_models", {}))


if __name__ == "__main__":
    raise SystemExit(main())
