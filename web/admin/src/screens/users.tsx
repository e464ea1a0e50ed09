/**
 * Users of a tenant (guide §2.5.1): search as you type over address, first
 * and last name, sort by a column, page by page tokens with the total —
 * every page is one ListUsers call, so a tenant of 100,000 users lists as
 * fast as one of ten. And the deleted users (§2.8) with Undelete.
 */
import { Role, type User, UserStatus } from "@pbm/client";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import { errorMessage } from "../errors";
import { formatDateTime, t, tn } from "../i18n";
import { ErrorBox, FIRST_PAGE, Link, Loaded, Pager, type Paging, ScreenHeader, Table, notify, useLoad } from "../ui/common";
import { SelectField, TextField } from "../ui/form";

type Column = "mail" | "given_name" | "surname";
const SEARCH_DELAY_MS = 250;

/** A role, worded. */
export function roleName(role: Role): string {
  switch (role) {
    case Role.SUPERADMIN:
      return t("role.superadmin");
    case Role.ADMIN:
      return t("role.admin");
    default:
      return t("role.user");
  }
}

/** A lock state, worded. */
export function statusName(status: UserStatus): string {
  switch (status) {
    case UserStatus.BLOCKED:
      return t("status.blocked");
    case UserStatus.ACTIVE:
      return t("status.active");
    default:
      return t("status.pending");
  }
}

function SortHeader(props: { column: Column; label: string; order: Column; desc: boolean; onSort: (column: Column, desc: boolean) => void }) {
  const active = props.order === props.column;
  return (
    <th scope="col" aria-sort={active ? (props.desc ? "descending" : "ascending") : "none"}>
      <button
        type="button"
        class="sort"
        onClick={() => props.onSort(props.column, active ? !props.desc : false)}
        aria-label={t("users.sortBy", { column: props.label })}
      >
        {props.label}
        <span aria-hidden="true">{active ? (props.desc ? " ▼" : " ▲") : ""}</span>
      </button>
    </th>
  );
}

export function Users(props: { tenant: string }) {
  const { tenant } = props;
  const [typed, setTyped] = useState("");
  const [search, setSearch] = useState("");
  const [order, setOrder] = useState<Column>("mail");
  const [desc, setDesc] = useState(false);
  const [pageSize, setPageSize] = useState(50);
  const [paging, setPaging] = useState<Paging>(FIRST_PAGE);

  // Search as you type: a moment after the last key, from the first page.
  useEffect(() => {
    const timer = window.setTimeout(() => {
      setSearch(typed.trim());
      setPaging(FIRST_PAGE);
    }, SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [typed]);
  useEffect(() => {
    setTyped("");
    setSearch("");
    setPaging(FIRST_PAGE);
  }, [tenant]);

  const [load, reload] = useLoad(
    () =>
      api.users.listUsers({
        tenantId: tenant,
        pageSize,
        pageToken: paging.token,
        search,
        orderBy: desc ? `${order} desc` : order,
      }),
    [tenant, search, order, desc, pageSize, paging],
  );
  const sort = (column: Column, descending: boolean): void => {
    setOrder(column);
    setDesc(descending);
    setPaging(FIRST_PAGE);
  };

  return (
    <>
      <ScreenHeader title={`${t("users.heading")} — ${tenant}`}>
        <Link to={{ name: "userNew", tenant }} class="button primary">
          {t("users.new")}
        </Link>
        <Link to={{ name: "deletedUsers", tenant }} class="button">
          {t("users.deleted")}
        </Link>
      </ScreenHeader>
      <div class="toolbar" role="search">
        <TextField label={t("users.search")} type="search" value={typed} onValue={setTyped} name="search" class="grow" />
        <SelectField
          label={t("common.pageSize")}
          value={String(pageSize)}
          onValue={(v) => {
            setPageSize(Number(v));
            setPaging(FIRST_PAGE);
          }}
          options={["25", "50", "100"].map((v) => ({ value: v, label: v }))}
        />
      </div>
      <Loaded load={load} onRetry={reload} tenant={tenant}>
        {(page) => (
          <>
            <p class="count" aria-live="polite">
              {tn("users.count", page.totalSize)}
            </p>
            <Table caption={t("users.heading")} class="users">
              <thead>
                <tr>
                  <SortHeader column="mail" label={t("users.mail")} order={order} desc={desc} onSort={sort} />
                  <SortHeader column="given_name" label={t("users.givenName")} order={order} desc={desc} onSort={sort} />
                  <SortHeader column="surname" label={t("users.surname")} order={order} desc={desc} onSort={sort} />
                  <th scope="col">{t("users.role")}</th>
                  <th scope="col">{t("users.status")}</th>
                </tr>
              </thead>
              <tbody>
                {page.users.length === 0 && (
                  <tr>
                    <td colSpan={5}>{t("users.none")}</td>
                  </tr>
                )}
                {page.users.map((u: User) => (
                  <tr key={u.mail}>
                    <td>
                      <Link to={{ name: "user", tenant, mail: u.mail }}>{u.mail}</Link>
                    </td>
                    <td>{u.givenName}</td>
                    <td>{u.surname}</td>
                    <td>{roleName(u.role)}</td>
                    <td>{statusName(u.status)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pager
              label={t("users.heading")}
              paging={paging}
              pageSize={pageSize}
              shown={page.users.length}
              total={page.totalSize}
              nextToken={page.nextPageToken}
              onPage={setPaging}
            />
          </>
        )}
      </Loaded>
    </>
  );
}

export function DeletedUsers(props: { tenant: string }) {
  const { tenant } = props;
  const [paging, setPaging] = useState<Paging>(FIRST_PAGE);
  const [error, setError] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const pageSize = 50;
  const [load, reload] = useLoad(() => api.users.listDeletedUsers({ tenantId: tenant, pageSize, pageToken: paging.token }), [tenant, paging]);
  const undelete = async (mail: string): Promise<void> => {
    setBusy(mail);
    setError([]);
    try {
      await api.users.undeleteUser({ tenantId: tenant, mail });
      notify(t("deleted.restored", { mail }));
      reload();
    } catch (err) {
      setError([errorMessage(err, tenant)]);
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <ScreenHeader title={`${t("deleted.heading")} — ${tenant}`} back={{ name: "users", tenant }} />
      <ErrorBox messages={error} />
      <Loaded load={load} onRetry={reload} tenant={tenant}>
        {(page) => (
          <>
            <Table caption={t("deleted.heading")}>
              <thead>
                <tr>
                  <th scope="col">{t("users.mail")}</th>
                  <th scope="col">{t("users.givenName")}</th>
                  <th scope="col">{t("users.surname")}</th>
                  <th scope="col">{t("deleted.deletedAt")}</th>
                  <th scope="col">{t("deleted.purgeAt")}</th>
                  <th scope="col">{t("common.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {page.users.length === 0 && (
                  <tr>
                    <td colSpan={6}>{t("deleted.none")}</td>
                  </tr>
                )}
                {page.users.map((u) => (
                  <tr key={u.mail}>
                    <td>{u.mail}</td>
                    <td>{u.givenName}</td>
                    <td>{u.surname}</td>
                    <td>{formatDateTime(u.deleteTime ? timestampDate(u.deleteTime) : undefined)}</td>
                    <td>{formatDateTime(u.purgeTime ? timestampDate(u.purgeTime) : undefined)}</td>
                    <td>
                      <button type="button" onClick={() => void undelete(u.mail)} disabled={busy !== null} aria-label={t("deleted.undeleteLabel", { mail: u.mail })}>
                        {t("deleted.undelete")}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pager
              label={t("deleted.heading")}
              paging={paging}
              pageSize={pageSize}
              shown={page.users.length}
              total={page.totalSize}
              nextToken={page.nextPageToken}
              onPage={setPaging}
            />
          </>
        )}
      </Loaded>
    </>
  );
}
