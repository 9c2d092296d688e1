"""Role × action × record for the network app's records (framework: tests/permissions/matrix.py)."""

import pytest

from tests.permissions.matrix import check_expectation, expand
from tests.permissions.records import ALL, NC, OA, PA, RECORDS

MATRIX = expand(
    {
        ("view", "org:A1"): ALL,
        ("view", "org:A2"): ALL,
        ("view", "org:B1"): {PA},
        ("change", "org:A1"): {PA, NC, OA},
        ("change", "org:A2"): {PA, NC},
        ("change", "org:B1"): {PA},
        ("delete", "org:A2"): {PA, NC},
        ("delete", "org:A1"): {PA, NC},
        ("add", "org:new-in-A"): {PA, NC},
        ("view", "network:A"): ALL,
        ("view", "network:B"): {PA},
        ("change", "network:A"): {PA, NC},
    }
)


@pytest.mark.parametrize("expectation", MATRIX, ids=lambda e: e.id)
def test_network_permission_matrix(world, expectation):
    check_expectation(world, expectation, RECORDS)
