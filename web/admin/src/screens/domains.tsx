/**
 * Mail domains of a tenant (guide §2.17): the list with the default one
 * marked, a new domain, its description changed, another made the default,
 * and deletion — confirmed, and for a domain still in use confirmed again
 * with what a forced deletion takes (GetMailDomain VIEW_FULL).
 */
import { type DomainUsage, type MailDomain, View } from "@pbm/client";
import { useState } from "preact/hooks";
import { api } from "../api";
import { type FormErrors, NO_ERRORS, errorMessage, formErrors } from "../errors";
import { t, tn } from "../i18n";
import { ConfirmDialog, ErrorBox, Loaded, ScreenHeader, Table, notify, useLoad } from "../ui/common";
import { SelectField, TextArea, TextField } from "../ui/form";

const FIELDS = {
  "domain.name": "name",
  name: "name",
  "domain.display_name": "displayName",
  "domain.description": "description",
  "domain.associated_domain": "associated",
};

function DomainForm(props: { tenant: string; domain?: MailDomain; onDone: () => void; onCancel: () => void }) {
  const editing = props.domain !== undefined;
  const [name, setName] = useState(props.domain?.name ?? "");
  const [displayName, setDisplayName] = useState(props.domain?.displayName ?? "");
  const [description, setDescription] = useState(props.domain?.description ?? "");
  const [associated, setAssociated] = useState(props.domain?.associatedDomain || "false");
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    const values = { tenantId: props.tenant, displayName: displayName.trim(), description: description.trim(), associatedDomain: associated };
    try {
      if (props.domain !== undefined) {
        await api.domains.updateMailDomain({
          domain: { ...values, name: props.domain.name },
          updateMask: { paths: ["display_name", "description", "associated_domain"] },
        });
        notify(t("common.saved"));
      } else {
        const created = await api.domains.createMailDomain({ domain: { ...values, name: name.trim() } });
        notify(t("domains.created", { domain: created.name }));
      }
      props.onDone();
    } catch (err) {
      setErrors(formErrors(err, FIELDS, (address) => (address === name.trim().toLowerCase() ? "name" : undefined)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="domain-form-title">
      <h2 id="domain-form-title">{editing ? t("domains.editHeading", { domain: props.domain!.name }) : t("domains.newHeading")}</h2>
      <ErrorBox messages={errors.general} />
      <p class="field readonly">
        <span class="label">{t("domains.tenant")}</span> <strong>{props.tenant}</strong>
      </p>
      {!editing && (
        <TextField
          label={t("domains.name")}
          name="name"
          value={name}
          onValue={setName}
          required
          placeholder="domain.ru"
          hint={t("domains.nameHint")}
          errors={errors.fields["name"]}
        />
      )}
      <TextField label={t("common.displayName")} name="displayName" value={displayName} onValue={setDisplayName} errors={errors.fields["displayName"]} />
      <TextArea
        label={t("common.description")}
        name="description"
        value={description}
        onValue={setDescription}
        hint={t("domains.mxHint")}
        errors={errors.fields["description"]}
      />
      <SelectField
        label={t("domains.associated")}
        value={associated === "true" ? "true" : "false"}
        onValue={setAssociated}
        options={[
          { value: "false", label: t("common.no") },
          { value: "true", label: t("common.yes") },
        ]}
        errors={errors.fields["associated"]}
      />
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

function usageLines(u: DomainUsage): string[] {
  const lines: [bigint, string][] = [
    [u.users, "tenants.count.users"],
    [u.alternateAddresses, "domains.count.alternates"],
    [u.aliases, "domains.count.aliases"],
    [u.resources, "groups.resources"],
    [u.mailLists, "tenants.count.lists"],
    [u.listMembers, "domains.count.members"],
  ];
  return lines.filter(([n]) => n > 0n).map(([n, key]) => tn(key, Number(n)));
}

function DeleteDomain(props: { tenant: string; domain: MailDomain; onClose: () => void; onDeleted: () => void }) {
  const { tenant, domain } = props;
  const [load] = useLoad(
    async () => (await api.domains.getMailDomain({ tenantId: tenant, name: domain.name, view: View.FULL })).usage,
    [tenant, domain.name],
  );
  const usage = load.state === "ok" ? load.data : undefined;
  const lines = usage !== undefined ? usageLines(usage) : [];
  const inUse = lines.length > 0;
  return (
    <ConfirmDialog
      title={inUse ? t("domains.deleteForceTitle", { domain: domain.name }) : t("domains.deleteTitle", { domain: domain.name })}
      confirmLabel={inUse ? t("domains.deleteForce") : t("confirm.delete")}
      onClose={props.onClose}
      onConfirm={async () => {
        await api.domains.deleteMailDomain({ tenantId: tenant, name: domain.name, force: inUse });
        notify(t("domains.deleted", { domain: domain.name }));
        props.onDeleted();
      }}
    >
      {load.state === "loading" && <p role="status">{t("common.loading")}</p>}
      {load.state === "error" && <ErrorBox messages={[errorMessage(load.error, tenant)]} />}
      {inUse && (
        <>
          <p>{t("domains.usageIntro")}</p>
          <ul>
            {lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          {usage !== undefined && usage.superadmins > 0n && <p>{t("domains.count.superadmins")}</p>}
          <p>{t("domains.deleteForceText")}</p>
        </>
      )}
      <p>{t("domains.deleteText")}</p>
    </ConfirmDialog>
  );
}

export function Domains(props: { tenant: string }) {
  const { tenant } = props;
  const [form, setForm] = useState<{ domain?: MailDomain } | null>(null);
  const [deleting, setDeleting] = useState<MailDomain | null>(null);
  const [error, setError] = useState<string[]>([]);
  const [load, reload] = useLoad(() => api.domains.listMailDomains({ tenantId: tenant, pageSize: 1000 }), [tenant]);
  const makeDefault = async (name: string): Promise<void> => {
    setError([]);
    try {
      await api.domains.setDefaultMailDomain({ tenantId: tenant, name });
      notify(t("domains.defaultSet", { domain: name }));
      reload();
    } catch (err) {
      setError([errorMessage(err, tenant)]);
    }
  };
  return (
    <>
      <ScreenHeader title={`${t("domains.heading")} — ${tenant}`}>
        <button type="button" class="primary" onClick={() => setForm({})}>
          {t("domains.new")}
        </button>
      </ScreenHeader>
      {form !== null && (
        <DomainForm
          key={form.domain?.name ?? "new"}
          tenant={tenant}
          {...(form.domain !== undefined ? { domain: form.domain } : {})}
          onCancel={() => setForm(null)}
          onDone={() => {
            setForm(null);
            reload();
          }}
        />
      )}
      <ErrorBox messages={error} />
      <Loaded load={load} onRetry={reload} tenant={tenant}>
        {(page) => (
          <Table caption={t("domains.heading")}>
            <thead>
              <tr>
                <th scope="col">{t("domains.name")}</th>
                <th scope="col">{t("common.displayName")}</th>
                <th scope="col">{t("common.description")}</th>
                <th scope="col">{t("domains.default")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {page.domains.map((d) => (
                <tr key={d.name}>
                  <td>{d.name}</td>
                  <td>{d.displayName}</td>
                  <td>{d.description}</td>
                  <td>
                    {d.isDefault ? (
                      <span class="default-mark" aria-label={t("domains.isDefault", { domain: d.name })}>
                        ✓ {t("domains.default")}
                      </span>
                    ) : (
                      <button type="button" onClick={() => void makeDefault(d.name)} aria-label={t("domains.makeDefault", { domain: d.name })}>
                        {t("domains.default")}
                      </button>
                    )}
                  </td>
                  <td class="row-actions">
                    <button type="button" onClick={() => setForm({ domain: d })} aria-label={t("domains.editLabel", { domain: d.name })}>
                      {t("common.edit")}
                    </button>
                    <button type="button" class="danger" onClick={() => setDeleting(d)} aria-label={t("domains.deleteLabel", { domain: d.name })}>
                      {t("common.delete")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
      {deleting !== null && (
        <DeleteDomain
          tenant={tenant}
          domain={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            reload();
          }}
        />
      )}
    </>
  );
}
