"""Prepare a release: bump the version, date the changelog, update every pinned version.

    python scripts/release.py 0.2.0 [--date 2026-12-04]

The version lives in one place (``eks_lint/__init__.py``; the build reads
it). The README and the recipes pin it so that a set-up pasted from them
runs the release it was written for; this script moves every pin with the
version, and ``tests/test_release.py`` fails when one is left behind. It
changes files only: commit, tag, build and publish are printed as the next
steps (docs/releasing.md).
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = "eks_lint/__init__.py"
VERSION_LINE = re.compile(r'^__version__ = "([^"]+)"$', re.MULTILINE)
#: Files that pin the released version for copy-paste set-ups.
PIN_FILES = (
    "README.md",
    "action.yml",
    "docs/recipes/*.md",
    "docs/recipes/*.yml",
)
#: A pinned version: a pre-commit rev, a git URL or action ref, a raw URL, a CI variable.
PIN = re.compile(
    r"(?P<head>rev: v|eks-lint@v|eks-lint/v|EKS_LINT_VERSION: \")(?P<version>\d+\.\d+\.\d+)(?![\d.]*\d)",
    re.MULTILINE,
)
SEMVER = re.compile(r"^\d+\.\d+\.\d+$")


def current_version(root: Path = ROOT) -> str:
    match = VERSION_LINE.search((root / VERSION_FILE).read_text(encoding="utf-8"))
    if match is None:
        raise SystemExit(f"{VERSION_FILE}: no __version__ line")
    return match.group(1)


def pin_files(root: Path = ROOT) -> list[Path]:
    return sorted({path for pattern in PIN_FILES for path in root.glob(pattern)})


def pins(root: Path = ROOT) -> list[tuple[Path, int, str]]:
    """Every pinned version: (file, line, version)."""
    found = []
    for path in pin_files(root):
        text = path.read_text(encoding="utf-8")
        for match in PIN.finditer(text):
            found.append((path, text.count("\n", 0, match.start()) + 1, match.group("version")))
    return found


def release(version: str, day: datetime.date, root: Path = ROOT) -> list[str]:
    """Change the files for ``version``; returns what changed, one line each."""
    if not SEMVER.match(version):
        raise SystemExit(f"{version}: not a version like 1.2.3")
    old = current_version(root)
    changelog = root / "CHANGELOG.md"
    released = re.search(rf"^## {re.escape(old)} ", changelog.read_text(encoding="utf-8"), re.MULTILINE)
    newer = tuple(map(int, version.split("."))) > tuple(map(int, old.split(".")))
    # The current version may be released once (the first release); after that, only a higher one.
    if not newer and (version != old or released):
        raise SystemExit(f"{version}: not above the current version {old}, which is released")
    changed = []
    version_file = root / VERSION_FILE
    version_file.write_text(
        VERSION_LINE.sub(f'__version__ = "{version}"', version_file.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    changed.append(f"{VERSION_FILE}: {old} -> {version}")
    for path in pin_files(root):
        text = path.read_text(encoding="utf-8")
        new, count = PIN.subn(lambda m: m.group("head") + version, text)
        if count:
            path.write_text(new, encoding="utf-8")
            changed.append(f"{path.relative_to(root)}: {count} pin{'s' if count != 1 else ''}")
    text = changelog.read_text(encoding="utf-8")
    if "## Unreleased" not in text:
        raise SystemExit("CHANGELOG.md: no '## Unreleased' section to release")
    heading = f"## Unreleased\n\n## {version} - {day.isoformat()}"
    changelog.write_text(text.replace("## Unreleased", heading, 1), encoding="utf-8")
    changed.append(f"CHANGELOG.md: Unreleased is now {version} - {day.isoformat()}")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Prepare an eks-lint release (files only).")
    parser.add_argument("version", help="the new version, X.Y.Z")
    parser.add_argument("--date", type=datetime.date.fromisoformat, default=None, help="release day")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for line in release(args.version, args.date or datetime.date.today(), args.root):
        print(line)
    tag = f"v{args.version}"
    print(
        "\nNext (docs/releasing.md):\n"
        f"  python -m pytest -q\n"
        f"  git commit -am 'Release {args.version}' && git tag -a {tag} -m 'eks-lint {args.version}'\n"
        "  rm -rf dist && python -m build && python -m twine check dist/*\n"
        f"  git push origin main {tag} && python -m twine upload dist/*"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
