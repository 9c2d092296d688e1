"""The range of a record id, for every place that takes one from outside (URLs, the API).

A number beyond it would overflow the database's 64-bit integer (a 500 on SQLite); bounded
here, it is a clear refusal instead: 404 in a URL, 422 in the API.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

MAX_ID = 2**63 - 1

# An id parameter of the HTTP API.
ApiId = Annotated[int, Field(ge=1, le=MAX_ID)]
