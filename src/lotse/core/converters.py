"""URL converters. ``<id:…>`` takes only ids a database can hold, so a 40-digit id is a 404."""

from __future__ import annotations

from lotse.ids import MAX_ID


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id out of range")
        return number

    def to_url(self, value: int) -> str:
        return str(value)
