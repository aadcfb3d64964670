"""Property-based tests of the whole API from its OpenAPI document: no input makes a 5xx.

schemathesis generates requests (valid and not) for every operation in
``outreach_gateway/openapi.json`` and sends them to the real server with a
real device token; the number of examples is bounded to keep the run short.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from gateway_helpers import Device
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

SCHEMA = schemathesis.openapi.from_path(
    Path(__file__).parents[2] / "outreach_gateway" / "openapi.json"
)
EXAMPLES = 30


@pytest.mark.slow
def test_no_server_errors_on_generated_requests(device_a: Device, world: Any) -> None:
    statuses: list[int] = []
    operations = [result.ok() for result in SCHEMA.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:
        strategy = operation.as_strategy()

        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(case=strategy)
        def check(case: Any) -> None:
            response = case.call(base_url=world.gateway.url, headers=device_a.auth)
            statuses.append(response.status_code)
            case.validate_response(response, checks=[not_a_server_error])

        check()
    assert all(s < 500 for s in statuses)
    assert 200 in statuses and any(400 <= s < 500 for s in statuses)
    assert len(statuses) >= 5 * len(operations)
