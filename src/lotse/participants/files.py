"""What kind of file an upload really is: its first bytes decide, not its name."""

from __future__ import annotations

from typing import Any

FILE_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
SUFFIXES = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


def sniffed_type(upload: Any) -> str | None:
    """The content type of a PDF, PNG or JPEG upload; None for anything else."""
    upload.seek(0)
    start = upload.read(8)
    upload.seek(0)
    return next((kind for magic, kind in FILE_SIGNATURES.items() if start.startswith(magic)), None)
