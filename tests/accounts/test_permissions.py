"""Role × action × record for the accounts app's records (framework: tests/permissions/matrix.py)."""

import pytest

from tests.permissions.matrix import check_expectation, expand
from tests.permissions.records import ALL, NC, OA, PA, RECORDS, C

MATRIX = expand(
    {
        ("view", "membership:A1-liaison"): ALL,
        ("view", "membership:A2-counsellor"): {PA, NC},
        ("view", "membership:B1-counsellor"): {PA},
        ("delete", "membership:A1-liaison"): {PA, NC, OA},
        ("delete", "membership:A1-coordinator"): {PA},
        ("delete", "membership:B1-counsellor"): {PA},
        ("add", "membership:new-A1-counsellor"): {PA, NC, OA},
        ("add", "membership:new-A1-coordinator"): {PA, NC},
        ("add", "membership:new-A1-platform-admin"): {PA},
        ("view", "user:A1-counsellor"): {PA, NC, OA, C},
        ("view", "user:A2-counsellor"): {PA, NC},
        ("view", "user:B1-counsellor"): {PA},
        ("view", "user:without-role"): {PA},
        ("change", "user:B1-counsellor"): {PA},
        ("delete", "user:A2-counsellor"): {PA},
        ("add", "user:new"): {PA, NC, OA},
        # A platform admin's account is theirs alone, though their membership sits in A1.
        ("view", "user:A1-platform-admin"): {PA},
        ("change", "user:A1-platform-admin"): {PA},
    }
)


@pytest.mark.parametrize("expectation", MATRIX, ids=lambda e: e.id)
def test_accounts_permission_matrix(world, expectation):
    check_expectation(world, expectation, RECORDS)
