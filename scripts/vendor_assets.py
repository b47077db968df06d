"""Copy YASGUI's built files from node_modules into the package's static files.

Run after `npm install` (package.json at the repository root pins the version):

    npm install && python scripts/vendor_assets.py

The copies are committed, so `pip install .` needs no Node and the server loads nothing from a
CDN. The version copied is written into therapykg/web/static/vendor/VERSIONS.txt.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "therapykg" / "web" / "static" / "vendor"
FILES = {
    "@zazuko/yasgui": ("build/yasgui.min.js", "build/yasgui.min.css"),
}


def _drop_source_map_link(path: Path) -> None:
    """The maps are not shipped; without the link, browsers ask for no missing file."""
    text = path.read_text(encoding="utf-8")
    kept = [line for line in text.split("\n") if "sourceMappingURL=" not in line]
    path.write_text("\n".join(kept), encoding="utf-8")


def main() -> int:
    VENDOR.mkdir(parents=True, exist_ok=True)
    versions: list[str] = []
    for package, files in FILES.items():
        folder = ROOT / "node_modules" / package
        manifest = folder / "package.json"
        if not manifest.is_file():
            print(f"{package} is not installed: run `npm install` first", file=sys.stderr)
            return 2
        version = json.loads(manifest.read_text(encoding="utf-8"))["version"]
        for name in files:
            target = VENDOR / Path(name).name
            shutil.copyfile(folder / name, target)
            _drop_source_map_link(target)
        versions.append(f"{package} {version}")
        license_file = folder / "LICENSE"
        if license_file.is_file():
            shutil.copyfile(license_file, VENDOR / f"{package.split('/')[-1]}.LICENSE")
    (VENDOR / "VERSIONS.txt").write_text("\n".join(versions) + "\n", encoding="utf-8")
    print("copied " + ", ".join(versions) + f" into {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
