/**
 * Service accounts of a tenant (README "Service accounts and API keys"):
 * the identities of other programs — the mail client, scripts, an identity
 * provider over SCIM — with named scopes, and their API keys. An account is
 * created with the scopes a tenant's account may hold; a key is shown once,
 * when it is created (pbm keeps only its hash), and never again; keys are
 * revoked and accounts deleted after a confirmation. Everything goes
 * through `ServiceAccountService`; pbm decides who may do what.
 */
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ApiKey, ServiceAccount } from "@pbm/client";
import { useState } from "preact/hooks";
import { api } from "../api";
import { type FormErrors, NO_ERRORS, formErrors } from "../errors";
import { type Key, formatDateTime, t } from "../i18n";
import { ConfirmDialog, ErrorBox, Loaded, ScreenHeader, Table, notify, useLoad } from "../ui/common";
import { CheckboxField, Section, TextArea, TextField } from "../ui/form";

/** The scopes an account of a tenant may hold, in the order the README's table gives them. */
const TENANT_SCOPES = [
  "directory.read",
  "users.write",
  "lists.write",
  "domains.write",
  "resources.write",
  "addressbook.read",
  "addressbook.write",
  "mail.search",
  "mail.recall",
  "mail.acl",
  "audit.read",
  "scim",
  "accounts.read",
  "accounts.write",
] as const;

type Scope = (typeof TENANT_SCOPES)[number];

function scopeLabel(scope: string): string {
  return (TENANT_SCOPES as readonly string[]).includes(scope) ? t(`sa.scope.${scope as Scope}` as Key) : scope;
}

const ACCOUNT_FIELDS = {
  "service_account.name": "name",
  "service_account.description": "description",
  "service_account.scopes": "scopes",
};

const KEY_FIELDS = {
  description: "description",
  expire_time: "expires",
  allowed_networks: "networks",
};

function AccountForm(props: { tenant: string; onDone: () => void; onCancel: () => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [scopes, setScopes] = useState<string[]>([]);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const created = await api.serviceAccounts.createServiceAccount({
        serviceAccount: { tenantId: props.tenant, name: name.trim(), description: description.trim(), scopes },
      });
      notify(t("sa.created", { name: created.name }));
      props.onDone();
    } catch (err) {
      setErrors(formErrors(err, ACCOUNT_FIELDS));
    } finally {
      setBusy(false);
    }
  };
  const toggle = (scope: string, on: boolean): void =>
    setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="sa-form-title">
      <h2 id="sa-form-title">{t("sa.newHeading")}</h2>
      <ErrorBox messages={errors.general} />
      <TextField label={t("sa.name")} name="name" value={name} onValue={setName} required placeholder="crm" hint={t("sa.nameHint")} errors={errors.fields["name"]} />
      <TextArea label={t("sa.description")} name="description" value={description} onValue={setDescription} rows={2} errors={errors.fields["description"]} />
      <Section title={t("sa.scopes")}>
        <ErrorBox messages={errors.fields["scopes"] ?? []} />
        {TENANT_SCOPES.map((scope) => (
          <CheckboxField
            key={scope}
            label={`${scope} — ${scopeLabel(scope)}`}
            name={`scope-${scope}`}
            checked={scopes.includes(scope)}
            onValue={(on) => toggle(scope, on)}
          />
        ))}
      </Section>
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

/** The key just created: shown once, with what to do with it. */
function NewKey(props: { secret: string; onClose: () => void }) {
  return (
    <div class="panel" role="region" aria-labelledby="sa-key-title">
      <h2 id="sa-key-title">{t("sa.keyCreatedHeading")}</h2>
      <p>{t("sa.keyOnce")}</p>
      <div class="field">
        <label for="sa-key-value">{t("sa.keyValue")}</label>
        <input id="sa-key-value" class="mono" readOnly value={props.secret} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
      </div>
      <div class="actions">
        <button type="button" class="primary" onClick={props.onClose}>
          {t("sa.keyStored")}
        </button>
      </div>
    </div>
  );
}

function KeyForm(props: { tenant: string; account: string; onCreated: (secret: string) => void; onCancel: () => void }) {
  const [description, setDescription] = useState("");
  const [expires, setExpires] = useState("");
  const [networks, setNetworks] = useState("");
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const expiry = expires === "" ? undefined : new Date(expires);
      if (expiry !== undefined && Number.isNaN(expiry.getTime())) {
        setErrors({ fields: { expires: [t("sa.badDate")] }, general: [] });
        return;
      }
      const created = await api.serviceAccounts.createApiKey({
        tenantId: props.tenant,
        serviceAccount: props.account,
        description: description.trim(),
        ...(expiry !== undefined ? { expireTime: timestampFromDate(expiry) } : {}),
        allowedNetworks: networks.split(/[\s,]+/).filter((n) => n !== ""),
      });
      notify(t("sa.keyCreated", { id: created.apiKey?.id ?? "" }));
      props.onCreated(created.key);
    } catch (err) {
      setErrors(formErrors(err, KEY_FIELDS));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="sa-keyform-title">
      <h3 id="sa-keyform-title">{t("sa.newKeyHeading", { name: props.account })}</h3>
      <ErrorBox messages={errors.general} />
      <TextField label={t("sa.keyDescription")} name="description" value={description} onValue={setDescription} errors={errors.fields["description"]} />
      <TextField label={t("sa.keyExpires")} name="expires" type="datetime-local" value={expires} onValue={setExpires} hint={t("sa.keyExpiresHint")} errors={errors.fields["expires"]} />
      <TextField label={t("sa.keyNetworks")} name="networks" value={networks} onValue={setNetworks} placeholder="10.20.0.0/16" hint={t("sa.keyNetworksHint")} errors={errors.fields["networks"]} />
      <div class="actions">
        <button type="button" onClick={props.onCancel}>
          {t("common.cancel")}
        </button>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t("common.saving") : t("sa.createKey")}
        </button>
      </div>
    </form>
  );
}

function when(stamp: ApiKey["createTime"]): string {
  return stamp === undefined ? t("common.none") : formatDateTime(timestampDate(stamp));
}

function Keys(props: { tenant: string; account: string }) {
  const [form, setForm] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [load, reload] = useLoad(
    () => api.serviceAccounts.listApiKeys({ tenantId: props.tenant, serviceAccount: props.account }),
    [props.tenant, props.account],
  );
  return (
    <section class="panel" aria-labelledby="sa-keys-title">
      <h2 id="sa-keys-title">{t("sa.keysHeading", { name: props.account })}</h2>
      {secret !== null && <NewKey secret={secret} onClose={() => setSecret(null)} />}
      {form ? (
        <KeyForm
          tenant={props.tenant}
          account={props.account}
          onCancel={() => setForm(false)}
          onCreated={(created) => {
            setForm(false);
            setSecret(created);
            reload();
          }}
        />
      ) : (
        <div class="actions">
          <button type="button" class="primary" onClick={() => setForm(true)}>
            {t("sa.newKey")}
          </button>
        </div>
      )}
      <Loaded load={load} onRetry={reload} tenant={props.tenant}>
        {(page) => (
          <Table caption={t("sa.keysHeading", { name: props.account })}>
            <thead>
              <tr>
                <th scope="col">{t("sa.keyId")}</th>
                <th scope="col">{t("sa.keyDescription")}</th>
                <th scope="col">{t("sa.keyCreatedAt")}</th>
                <th scope="col">{t("sa.keyExpires")}</th>
                <th scope="col">{t("sa.keyLastUse")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {page.apiKeys.length === 0 && (
                <tr>
                  <td colSpan={6}>{t("sa.noKeys")}</td>
                </tr>
              )}
              {page.apiKeys.map((k) => (
                <tr key={k.id}>
                  <td class="mono">{k.id}</td>
                  <td>{k.description}</td>
                  <td>{when(k.createTime)}</td>
                  <td>{when(k.expireTime)}</td>
                  <td>{k.lastUseTime === undefined ? t("sa.neverUsed") : `${when(k.lastUseTime)} (${k.lastUseAddress})`}</td>
                  <td class="row-actions">
                    {k.revokeTime !== undefined ? (
                      <span class="tag bad">{t("sa.revoked")}</span>
                    ) : (
                      <button type="button" class="danger" onClick={() => setRevoking(k)} aria-label={t("sa.revokeLabel", { id: k.id })}>
                        {t("sa.revoke")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
      {revoking !== null && (
        <ConfirmDialog
          title={t("sa.revokeTitle", { id: revoking.id })}
          confirmLabel={t("sa.revoke")}
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await api.serviceAccounts.revokeApiKey({ tenantId: props.tenant, serviceAccount: props.account, id: revoking.id });
            notify(t("sa.revokedNotice", { id: revoking.id }));
            reload();
          }}
        >
          <p>{t("sa.revokeText")}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

export function ServiceAccounts(props: { tenant: string }) {
  const [form, setForm] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ServiceAccount | null>(null);
  const [load, reload] = useLoad(() => api.serviceAccounts.listServiceAccounts({ tenantId: props.tenant, pageSize: 1000 }), [props.tenant]);
  return (
    <>
      <ScreenHeader title={t("sa.heading", { tenant: props.tenant })}>
        <button type="button" class="primary" onClick={() => setForm(true)}>
          {t("sa.new")}
        </button>
      </ScreenHeader>
      <p class="hint">{t("sa.intro")}</p>
      {form && (
        <AccountForm
          tenant={props.tenant}
          onCancel={() => setForm(false)}
          onDone={() => {
            setForm(false);
            reload();
          }}
        />
      )}
      <Loaded load={load} onRetry={reload} tenant={props.tenant}>
        {(page) => (
          <Table caption={t("sa.heading", { tenant: props.tenant })}>
            <thead>
              <tr>
                <th scope="col">{t("sa.name")}</th>
                <th scope="col">{t("sa.description")}</th>
                <th scope="col">{t("sa.scopes")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {page.serviceAccounts.length === 0 && (
                <tr>
                  <td colSpan={4}>{t("sa.none")}</td>
                </tr>
              )}
              {page.serviceAccounts.map((a) => (
                <tr key={a.name}>
                  <td>{a.name}</td>
                  <td>{a.description}</td>
                  <td>
                    <ul class="plain">
                      {a.scopes.map((s) => (
                        <li key={s} title={scopeLabel(s)}>
                          {s}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td class="row-actions">
                    <button type="button" onClick={() => setOpen(open === a.name ? null : a.name)} aria-expanded={open === a.name} aria-label={t("sa.keysLabel", { name: a.name })}>
                      {t("sa.keys")}
                    </button>
                    <button type="button" class="danger" onClick={() => setDeleting(a)} aria-label={t("sa.deleteLabel", { name: a.name })}>
                      {t("common.delete")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
      {open !== null && <Keys key={open} tenant={props.tenant} account={open} />}
      {deleting !== null && (
        <ConfirmDialog
          title={t("sa.deleteTitle", { name: deleting.name })}
          confirmLabel={t("confirm.delete")}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.serviceAccounts.deleteServiceAccount({ tenantId: props.tenant, name: deleting.name });
            notify(t("sa.deleted", { name: deleting.name }));
            if (open === deleting.name) setOpen(null);
            reload();
          }}
        >
          <p>{t("sa.deleteText")}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
