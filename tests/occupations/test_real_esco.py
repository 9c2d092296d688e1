"""The importer and search on the real ESCO download in ../shared/data (skipped without it)."""

import os
from pathlib import Path

import pytest

from lotse.occupations import search
from lotse.occupations.esco_files import read_esco
from lotse.occupations.services import import_esco
from lotse.permissions import SYSTEM

SHARED_DATA = Path(
    os.environ.get("LOTSE_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data")
)
ESCO = SHARED_DATA / "esco"

pytestmark = pytest.mark.skipif(not ESCO.exists(), reason=f"no ESCO download at {ESCO}")


def test_real_download_imports_and_finds_occupations_across_scripts(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    data = read_esco([ESCO / "v1.2.0" / "de", ESCO / "v1.0" / "ar", ESCO / "v1.2.1" / "pl"])
    assert sum(c.kind == "esco" for c in data.concepts.values()) >= 3000
    assert all("twice" in r.reason or "longer than" in r.reason for r in data.rejected)
    import_esco(actor=SYSTEM, data=data)
    search.build_index()
    nursing = {"2221", "3221", "5321"}
    assert search.search("Krankenschwester (m/w/d)")[0].isco_code in nursing
    assert search.search("ممرضة")[0].isco_code in nursing
    assert search.search("kucharz")[0].isco_code == "5120"
    assert search.search("Schweisser")[0].isco_code == "7212"
    # typing slips
    assert search.search("Krankenshwester")[0].isco_code in nursing
    assert search.search("Elektronicker für Energie und Gebäudetechnik")[0].isco_code == "7411"
    assert search.search("kucharka")[0].isco_code == "5120"
