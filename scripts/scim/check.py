"""pbm's /scim/v2 as a SCIM client library from outside pbm sees it.

scim2-client (https://pypi.org/project/scim2-client/) discovers the server
(ServiceProviderConfig, ResourceTypes, Schemas), builds its models from the
schemas pbm serves, and checks every answer against them: a user's create,
read, search (a filter, paging), replace, patch and delete, the SCIM errors
of a duplicate, a bad filter and a missing user, and a group's create,
member patch and delete. Run by
scripts/test-scim.sh: python check.py BASE_URL KEY DOMAIN.
"""

from __future__ import annotations

import sys

from httpx2 import Client
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_models import (
    Error,
    ListResponse,
    PatchOp,
    PatchOperation,
    SCIMException,
    SearchRequest,
)

checks = 0


def check(condition: bool, what: str) -> None:
    global checks
    if not condition:
        sys.exit(f"check.py: {what}")
    checks += 1


def error_of(call) -> Error:  # type: ignore[no-untyped-def]
    try:
        answer = call()
    except SCIMException as exc:
        return exc.to_error()
    if isinstance(answer, Error):
        return answer
    sys.exit(f"check.py: no error, but {answer!r}")


def main(base_url: str, key: str, domain: str) -> None:
    scim = SyncSCIMClient(Client(base_url=base_url, headers={"Authorization": f"Bearer {key}"}))
    scim.discover()
    User = scim.get_resource_model("User")
    check(User is not None, "the discovered resource types have no User")
    config = scim.provider.config
    check(config is not None and config.patch.supported and not config.bulk.supported, f"config {config!r}")

    # Create, read.
    mails = [f"lib{n}@{domain}" for n in range(5)]
    created = []
    for n, mail in enumerate(mails):
        user = User.model_validate({
            "userName": mail,
            "externalId": f"lib-{n}",
            "name": {"givenName": "Lib", "familyName": f"User{n}"},
            "displayName": f"Lib User {n}",
            "emails": [{"value": mail, "primary": True, "type": "work"}],
            "active": True,
        })
        created.append(scim.create(user))
    first = created[0]
    check(first.id == mails[0] and first.external_id == "lib-0", f"created {first!r}")
    check(first.meta is not None and first.meta.version is not None, "meta.version (the ETag) is missing")
    read = scim.query(User, first.id)
    check(read.name.family_name == "User0" and read.active is True, f"read {read!r}")

    # Search: a filter, then pages of two in order.
    found = scim.query(User, query_parameters=SearchRequest(filter='name.familyName sw "User" and active eq true'))
    check(isinstance(found, ListResponse) and found.total_results == 5, f"filtered {found!r}")
    seen: list[str] = []
    start = 1
    while True:
        page = scim.query(User, query_parameters=SearchRequest(start_index=start, count=2))
        seen.extend(r.id for r in page.resources or [] if r.id in mails)
        if not page.resources or len(page.resources) < 2:
            break
        start += 2
    check(seen == sorted(mails), f"paged {seen}")

    # Replace, patch.
    read.display_name = "Renamed"
    replaced = scim.replace(read)
    check(replaced.display_name == "Renamed", f"replaced {replaced!r}")
    patch = PatchOp[User](operations=[PatchOperation[User](op="replace", path="title", value="Engineer")])
    scim.modify(User, first.id, patch)
    check(scim.query(User, first.id).title == "Engineer", "the patched title")

    # Errors, in SCIM's error schema.
    duplicate = User.model_validate({"userName": mails[1], "name": {"givenName": "A", "familyName": "B"}})
    error = error_of(lambda: scim.create(duplicate))
    check(error.status == 409 and error.scim_type == "uniqueness", f"duplicate: {error!r}")
    # (Sent as it is: the library would refuse to send it.)
    error = error_of(lambda: scim.query(User, query_parameters={"filter": 'userName zz "x"'}))
    check(error.status == 400 and error.scim_type == "invalidFilter", f"bad filter: {error!r}")

    # A group: a mailing list of those users, its address from its name.
    Group = scim.get_resource_model("Group")
    check(Group is not None, "the discovered resource types have no Group")
    group = scim.create(Group.model_validate({"displayName": "Lib Group", "members": [{"value": m} for m in mails[:2]]}))
    check(group.id == f"lib-group@{domain}" and len(group.members or []) == 2, f"group {group!r}")
    patch = PatchOp[Group](operations=[PatchOperation[Group](op="add", path="members", value=[{"value": mails[2]}])])
    scim.modify(Group, group.id, patch)
    check(len(scim.query(Group, group.id).members or []) == 3, "the patched members")
    scim.delete(Group, group.id)

    # Delete: gone.
    for user in created:
        scim.delete(User, user.id)
    error = error_of(lambda: scim.query(User, first.id))
    check(error.status == 404, f"deleted: {error!r}")
    print(f"scim2-client: {checks} checks passed (discovery; users: create, read, filter, paging, replace, patch, errors, delete; a group)")


if __name__ == "__main__":
    main(*sys.argv[1:4])
