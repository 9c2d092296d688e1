"""Uploaded files held between a check and the write, so the user need not choose them again.

A staged file belongs to the user who uploaded it (its token alone does not open it) and is kept
for a day at most; it lies under MEDIA_ROOT/staging, never served.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django.conf import settings

KEPT_SECONDS = 24 * 3600
TOKEN = re.compile(r"[0-9a-f]{32}")


def _folder(user_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "staging" / str(int(user_id))


def stage(*, user_id: int, content: bytes, filename: str) -> str:
    """Keep ``content`` for its user; returns the token that finds it again."""
    folder = _folder(user_id)
    folder.mkdir(parents=True, exist_ok=True)
    _forget_old(folder)
    token = secrets.token_hex(16)
    (folder / f"{token}.bin").write_bytes(content)
    (folder / f"{token}.name").write_text(Path(filename).name[:200], encoding="utf-8")
    return token


def staged(*, user_id: int, token: str) -> tuple[bytes, str] | None:
    """The content and file name staged under ``token`` by this user, or None."""
    if not TOKEN.fullmatch(token):
        return None
    path = _folder(user_id) / f"{token}.bin"
    if not path.is_file() or time.time() - path.stat().st_mtime > KEPT_SECONDS:
        return None
    return path.read_bytes(), path.with_suffix(".name").read_text(encoding="utf-8")


def discard(*, user_id: int, token: str) -> None:
    if TOKEN.fullmatch(token):
        for suffix in (".bin", ".name"):
            (_folder(user_id) / f"{token}{suffix}").unlink(missing_ok=True)


def _forget_old(folder: Path) -> None:
    now = time.time()
    for path in folder.glob("*.bin"):
        if now - path.stat().st_mtime > KEPT_SECONDS:
            path.unlink(missing_ok=True)
            path.with_suffix(".name").unlink(missing_ok=True)
