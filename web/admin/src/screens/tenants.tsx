/**
 * Tenants (guide §2.3.4–§2.3.6; superadmins only): the list, a new tenant
 * with or without an id, name and language changed, and deletion after a
 * confirmation that counts what goes with the tenant (GetTenant VIEW_FULL).
 */
import { type Tenant, type TenantContents, View } from "@pbm/client";
import { useState } from "preact/hooks";
import { api } from "../api";
import { type FormErrors, NO_ERRORS, formErrors } from "../errors";
import { t, tn } from "../i18n";
import { navigate } from "../router";
import { ConfirmDialog, ErrorBox, FIRST_PAGE, Link, Loaded, Pager, type Paging, ScreenHeader, Table, notify, useLoad } from "../ui/common";
import { SelectField, TextField } from "../ui/form";
import { tenantsChanged } from "./shell";

const PAGE_SIZE = 50;
/** The languages pbm accepts for tenants and users. */
export const LANGS = ["en-US", "ru-RU", "es-PA", "fr-FR", "it-IT", "pt-BR", "ba-RU", "tt-RU"] as const;

/** The language choices, worded in the panel's language. */
export function langOptions(): { value: string; label: string }[] {
  return LANGS.map((l) => ({ value: l, label: `${t(`langs.${l}`)} (${l})` }));
}

function TenantForm(props: { tenant?: Tenant; onDone: () => void; onCancel: () => void }) {
  const editing = props.tenant !== undefined;
  const [name, setName] = useState(props.tenant?.displayName ?? "");
  const [id, setId] = useState("");
  const [domain, setDomain] = useState("");
  const [lang, setLang] = useState(props.tenant?.lang || "ru-RU");
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      if (props.tenant !== undefined) {
        await api.tenants.updateTenant({
          tenant: { id: props.tenant.id, displayName: name.trim(), lang },
          updateMask: { paths: ["display_name", "lang"] },
        });
        notify(t("common.saved"));
      } else {
        const created = await api.tenants.createTenant({
          tenantId: id.trim(),
          domain: domain.trim(),
          tenant: { displayName: name.trim(), lang },
        });
        notify(t("tenants.created", { tenant: created.id }));
        tenantsChanged.set(tenantsChanged.get() + 1);
      }
      props.onDone();
    } catch (err) {
      setErrors(
        formErrors(err, {
          tenant_id: "id",
          domain: "domain",
          "tenant.display_name": "name",
          "tenant.lang": "lang",
          "tenant.id": "id",
        }, (address) => (address === domain.trim() ? "domain" : undefined)),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="tenant-form-title">
      <h2 id="tenant-form-title">{editing ? t("tenants.editHeading", { tenant: props.tenant!.id }) : t("tenants.newHeading")}</h2>
      <ErrorBox messages={errors.general} />
      <TextField label={t("tenants.name")} value={name} onValue={setName} errors={errors.fields["name"]} name="displayName" />
      {!editing && (
        <>
          <TextField
            label={t("tenants.domain")}
            value={domain}
            onValue={setDomain}
            required
            hint={t("tenants.domainHint")}
            errors={errors.fields["domain"]}
            name="domain"
          />
          <TextField label={t("tenants.id")} value={id} onValue={setId} hint={t("tenants.idHint")} errors={errors.fields["id"]} name="tenantId" />
        </>
      )}
      <SelectField label={t("common.language")} value={lang} onValue={setLang} options={langOptions()} errors={errors.fields["lang"]} />
      <div class="actions">
        <button type="button" onClick={props.onCancel}>
          {t("common.cancel")}
        </button>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t("common.saving") : t("common.save")}
        </button>
      </div>
    </form>
  );
}

function DeleteTenant(props: { tenant: Tenant; onClose: () => void; onDeleted: () => void }) {
  const { tenant } = props;
  const [load] = useLoad(async () => (await api.tenants.getTenant({ tenantId: tenant.id, view: View.FULL })).contents, [tenant.id]);
  const describe = (c: TenantContents): string => {
    const n = (v: bigint): number => Number(v);
    const others = n(c.users) + n(c.deletedUsers) + n(c.resourceGroups) + n(c.mailLists) + n(c.domains) - 1;
    if (others <= 0) return t("tenants.deleteEmpty", { domain: tenant.defaultDomain });
    return t("tenants.deleteWhat", {
      users: tn("tenants.count.users", n(c.users)),
      deleted: tn("tenants.count.deleted", n(c.deletedUsers)),
      domains: tn("tenants.count.domains", n(c.domains)),
      groups: tn("tenants.count.groups", n(c.resourceGroups)),
      lists: tn("tenants.count.lists", n(c.mailLists)),
    });
  };
  return (
    <ConfirmDialog
      title={t("tenants.deleteTitle", { tenant: tenant.id })}
      confirmLabel={t("confirm.delete")}
      onClose={props.onClose}
      onConfirm={async () => {
        await api.tenants.deleteTenant({ tenantId: tenant.id, force: true });
        notify(t("tenants.deleted", { tenant: tenant.id }));
        tenantsChanged.set(tenantsChanged.get() + 1);
        props.onDeleted();
      }}
    >
      {load.state === "ok" && load.data !== undefined ? (
        <p class="what-goes">{describe(load.data)}</p>
      ) : load.state === "error" ? (
        <ErrorBox messages={[t("err.unknown", { detail: String(load.error) })]} />
      ) : (
        <p role="status">{t("tenants.deleteCounting")}</p>
      )}
      <p>
        <strong>{t("tenants.deleteIrreversible")}</strong>
      </p>
    </ConfirmDialog>
  );
}

export function Tenants() {
  const [paging, setPaging] = useState<Paging>(FIRST_PAGE);
  const [form, setForm] = useState<{ tenant?: Tenant } | null>(null);
  const [deleting, setDeleting] = useState<Tenant | null>(null);
  const [load, reload] = useLoad(() => api.tenants.listTenants({ pageSize: PAGE_SIZE, pageToken: paging.token }), [paging]);
  return (
    <>
      <ScreenHeader title={t("tenants.heading")}>
        <button type="button" class="primary" onClick={() => setForm({})}>
          {t("tenants.new")}
        </button>
      </ScreenHeader>
      {form !== null && (
        <TenantForm
          {...(form.tenant !== undefined ? { tenant: form.tenant } : {})}
          onCancel={() => setForm(null)}
          onDone={() => {
            setForm(null);
            reload();
          }}
        />
      )}
      <Loaded load={load} onRetry={reload}>
        {(page) => (
          <>
            <Table caption={t("tenants.heading")}>
              <thead>
                <tr>
                  <th scope="col">{t("tenants.id")}</th>
                  <th scope="col">{t("tenants.name")}</th>
                  <th scope="col">{t("tenants.defaultDomain")}</th>
                  <th scope="col">{t("tenants.domains")}</th>
                  <th scope="col">{t("common.language")}</th>
                  <th scope="col">{t("common.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {page.tenants.map((tenant) => (
                  <tr key={tenant.id}>
                    <td>
                      <Link to={{ name: "users", tenant: tenant.id }}>{tenant.id}</Link>
                    </td>
                    <td>{tenant.displayName}</td>
                    <td>{tenant.defaultDomain}</td>
                    <td>{tenant.domains.join(", ")}</td>
                    <td>{tenant.lang}</td>
                    <td class="row-actions">
                      <button type="button" onClick={() => setForm({ tenant })} aria-label={`${t("common.edit")} ${tenant.id}`}>
                        {t("common.edit")}
                      </button>
                      <button type="button" class="danger" onClick={() => setDeleting(tenant)} aria-label={`${t("common.delete")} ${tenant.id}`}>
                        {t("common.delete")}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pager
              label={t("tenants.heading")}
              paging={paging}
              pageSize={PAGE_SIZE}
              shown={page.tenants.length}
              total={page.totalSize}
              nextToken={page.nextPageToken}
              onPage={setPaging}
            />
          </>
        )}
      </Loaded>
      {deleting !== null && (
        <DeleteTenant
          tenant={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setPaging(FIRST_PAGE);
            reload();
            navigate({ name: "tenants" }, true);
          }}
        />
      )}
    </>
  );
}
