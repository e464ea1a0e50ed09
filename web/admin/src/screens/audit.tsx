/**
 * The audit trail, newest first, filtered by actor, tenant and time
 * (superadmins: every tenant; an admin: their own). Paged by page token;
 * pbm does not count a trail, so pages show their range without a total.
 */
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Role } from "@pbm/client";
import { useState } from "preact/hooks";
import { type SessionInfo, api } from "../api";
import { type FormErrors, NO_ERRORS, formErrors } from "../errors";
import { formatDateTime, t } from "../i18n";
import { ErrorBox, FIRST_PAGE, Loaded, Pager, type Paging, ScreenHeader, Table, useLoad } from "../ui/common";
import { TextField } from "../ui/form";

interface Filters {
  actor: string;
  tenant: string;
  from: string;
  to: string;
}

const PAGE_SIZE = 50;

function toTimestamp(local: string) {
  if (local === "") return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : timestampFromDate(date);
}

export function Audit(props: { who: SessionInfo }) {
  const superadmin = props.who.role === Role.SUPERADMIN;
  const empty: Filters = { actor: "", tenant: superadmin ? "" : props.who.tenantId, from: "", to: "" };
  const [draft, setDraft] = useState<Filters>(empty);
  const [filters, setFilters] = useState<Filters>(empty);
  const [paging, setPaging] = useState<Paging>(FIRST_PAGE);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [load, reload] = useLoad(async () => {
    try {
      const start = toTimestamp(filters.from);
      const end = toTimestamp(filters.to);
      const page = await api.audit.listAuditEvents({
        actor: filters.actor.trim(),
        tenantId: filters.tenant.trim(),
        ...(start !== undefined ? { startTime: start } : {}),
        ...(end !== undefined ? { endTime: end } : {}),
        pageSize: PAGE_SIZE,
        pageToken: paging.token,
      });
      setErrors(NO_ERRORS);
      return page;
    } catch (err) {
      const errs = formErrors(err, { actor: "actor", tenant_id: "tenant", start_time: "from", end_time: "to" });
      if (Object.keys(errs.fields).length > 0) {
        setErrors(errs);
        return { events: [], nextPageToken: "", totalSize: 0 };
      }
      throw err;
    }
  }, [filters, paging]);
  const set = (name: keyof Filters) => (value: string): void => setDraft((d) => ({ ...d, [name]: value }));
  const apply = (e: Event): void => {
    e.preventDefault();
    setFilters(draft);
    setPaging(FIRST_PAGE);
  };
  return (
    <>
      <ScreenHeader title={t("audit.heading")} />
      <form class="filters" onSubmit={apply} noValidate>
        <ErrorBox messages={errors.general} />
        <TextField label={t("audit.actor")} name="actor" value={draft.actor} onValue={set("actor")} errors={errors.fields["actor"]} />
        {superadmin ? (
          <TextField label={t("audit.tenant")} name="tenant" value={draft.tenant} onValue={set("tenant")} errors={errors.fields["tenant"]} />
        ) : (
          <p class="field readonly">
            <span class="label">{t("audit.tenant")}</span> <strong>{props.who.tenantId}</strong>
          </p>
        )}
        <TextField label={t("audit.from")} name="from" type="datetime-local" value={draft.from} onValue={set("from")} errors={errors.fields["from"]} />
        <TextField label={t("audit.to")} name="to" type="datetime-local" value={draft.to} onValue={set("to")} errors={errors.fields["to"]} />
        <div class="actions">
          <button
            type="button"
            onClick={() => {
              setDraft(empty);
              setFilters(empty);
              setPaging(FIRST_PAGE);
            }}
          >
            {t("audit.reset")}
          </button>
          <button type="submit" class="primary">
            {t("audit.apply")}
          </button>
        </div>
      </form>
      <Loaded load={load} onRetry={reload}>
        {(page) => (
          <>
            <Table caption={t("audit.heading")} class="audit">
              <thead>
                <tr>
                  <th scope="col">{t("common.time")}</th>
                  <th scope="col">{t("audit.actor")}</th>
                  <th scope="col">{t("audit.tenant")}</th>
                  <th scope="col">{t("audit.rpc")}</th>
                  <th scope="col">{t("audit.target")}</th>
                  <th scope="col">{t("audit.result")}</th>
                  <th scope="col">{t("audit.client")}</th>
                  <th scope="col">{t("audit.detail")}</th>
                </tr>
              </thead>
              <tbody>
                {page.events.length === 0 && (
                  <tr>
                    <td colSpan={8}>{t("audit.none")}</td>
                  </tr>
                )}
                {page.events.map((e) => (
                  <tr key={String(e.id)}>
                    <td>{formatDateTime(e.time ? timestampDate(e.time) : undefined)}</td>
                    <td>{e.actor}</td>
                    <td>{e.tenantId}</td>
                    <td>{e.rpc.replace(/^pbm\.v2\./, "")}</td>
                    <td>{e.target}</td>
                    <td class={e.result === "OK" ? "" : "bad"}>{e.result}</td>
                    <td>{e.clientAddress}</td>
                    <td>{e.detail}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pager label={t("audit.heading")} paging={paging} pageSize={PAGE_SIZE} shown={page.events.length} nextToken={page.nextPageToken} onPage={setPaging} />
          </>
        )}
      </Loaded>
    </>
  );
}
