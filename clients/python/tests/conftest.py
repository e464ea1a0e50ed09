"""Fixtures of the live suite: a running pbm (nothing is mocked).

PBM_ADDR / PBM_LOGIN / PBM_PASSWORD name the pbm under test and its
superadmin; PBM_SHORT_TTL_ADDR a second pbm whose access tokens live 2 s
(for the automatic-refresh tests). scripts/test-clients.sh starts both.
A missing variable fails the suite: it is never skipped.
"""

from __future__ import annotations

import os
import uuid
from typing import Iterator

import pytest

from pbm_client import Client
from pbm.v2 import tenants_pb2


def _env(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        pytest.fail(f"{name} is not set: run scripts/test-clients.sh, or start pbm and set it", pytrace=False)
    return value


@pytest.fixture(scope="session")
def addr() -> str:
    return _env("PBM_ADDR")


@pytest.fixture(scope="session")
def short_ttl_addr() -> str:
    return _env("PBM_SHORT_TTL_ADDR")


@pytest.fixture(scope="session")
def login() -> str:
    return os.environ.get("PBM_LOGIN", "creator@example.com")


@pytest.fixture(scope="session")
def password() -> str:
    return _env("PBM_PASSWORD")


@pytest.fixture
def client(addr: str, login: str, password: str) -> Iterator[Client]:
    with Client(addr, login=login, password=password) as c:
        yield c


@pytest.fixture
def tenant(client: Client) -> Iterator[tenants_pb2.Tenant]:
    """A fresh tenant with a unique id and domain, deleted (force) afterwards."""
    suffix = uuid.uuid4().hex[:10]
    created = client.tenants.CreateTenant(tenants_pb2.CreateTenantRequest(
        tenant_id=f"py-{suffix}",
        tenant=tenants_pb2.Tenant(display_name=f"Python suite {suffix}", lang="en-US"),
        domain=f"py-{suffix}.example",
    ))
    yield created
    client.tenants.DeleteTenant(tenants_pb2.DeleteTenantRequest(tenant_id=created.id, force=True))
