"""Settings for the test suite: the ``test`` environment of ``lotse.settings``."""

import os

os.environ["LOTSE_ENV"] = "test"

from lotse.settings import *  # noqa: F403
