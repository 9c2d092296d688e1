"""Role × action × record for the audit app's records (framework: tests/permissions/matrix.py)."""

import pytest

from tests.permissions.matrix import check_expectation, expand
from tests.permissions.records import NC, OA, PA, RECORDS

MATRIX = expand(
    {
        ("view", "audit:A1"): {PA, NC, OA},
        ("view", "audit:A2"): {PA, NC},
        ("view", "audit:B1"): {PA},
    }
)


@pytest.mark.parametrize("expectation", MATRIX, ids=lambda e: e.id)
def test_audit_permission_matrix(world, expectation):
    check_expectation(world, expectation, RECORDS)
