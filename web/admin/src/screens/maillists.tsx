/**
 * Mailing lists (guide §2.14): the list of lists, and the form of one —
 * name, address in a domain of the tenant (changing it on an existing list
 * renames it), members picked by searching the tenant's users (or typed, for
 * any address), the internal-only flag, address-book visibility — saved in
 * one CreateMailList or UpdateMailList call; deletion after a confirmation.
 */
import type { MailList } from "@pbm/client";
import { useEffect, useMemo, useState } from "preact/hooks";
import { api } from "../api";
import { type FormErrors, NO_ERRORS, formErrors } from "../errors";
import { type Key, t } from "../i18n";
import { navigate } from "../router";
import { ConfirmDialog, ErrorBox, Link, LoadError, Loaded, ScreenHeader, Table, notify, useLoad } from "../ui/common";
import { AddressField, CheckboxField, Section, SelectField, TextField, joinAddress, splitAddress } from "../ui/form";

const FIELDS = {
  "mail_list.mail": "address",
  new_mail: "address",
  "mail_list.display_name": "name",
  "mail_list.members": "members",
  add_members: "members",
  remove_members: "members",
  "mail_list.address_book_visibility": "visibility",
};

export function MailLists(props: { tenant: string }) {
  const { tenant } = props;
  const [deleting, setDeleting] = useState<MailList | null>(null);
  const [load, reload] = useLoad(() => api.mailLists.listMailLists({ tenantId: tenant, pageSize: 1000 }), [tenant]);
  return (
    <>
      <ScreenHeader title={`${t("lists.heading")} — ${tenant}`}>
        <Link to={{ name: "mailListNew", tenant }} class="button primary">
          {t("lists.new")}
        </Link>
      </ScreenHeader>
      <Loaded load={load} onRetry={reload} tenant={tenant}>
        {(page) => (
          <Table caption={t("lists.heading")}>
            <thead>
              <tr>
                <th scope="col">{t("lists.address")}</th>
                <th scope="col">{t("lists.name")}</th>
                <th scope="col">{t("lists.memberCount")}</th>
                <th scope="col">{t("lists.internalShort")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {page.mailLists.length === 0 && (
                <tr>
                  <td colSpan={5}>{t("lists.none")}</td>
                </tr>
              )}
              {page.mailLists.map((l) => (
                <tr key={l.mail}>
                  <td>
                    <Link to={{ name: "mailList", tenant, mail: l.mail }}>{l.mail}</Link>
                  </td>
                  <td>{l.displayName}</td>
                  <td>{l.members.length}</td>
                  <td>{l.internalOnly !== false ? t("common.yes") : t("common.no")}</td>
                  <td>
                    <button type="button" class="danger" onClick={() => setDeleting(l)} aria-label={t("lists.deleteLabel", { mail: l.mail })}>
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
        <DeleteList
          tenant={tenant}
          mail={deleting.mail}
          onClose={() => setDeleting(null)}
          onDeleted={reload}
        />
      )}
    </>
  );
}

function DeleteList(props: { tenant: string; mail: string; onClose: () => void; onDeleted: () => void }) {
  return (
    <ConfirmDialog
      title={t("lists.deleteTitle", { mail: props.mail })}
      confirmLabel={t("confirm.delete")}
      onClose={props.onClose}
      onConfirm={async () => {
        await api.mailLists.deleteMailList({ tenantId: props.tenant, mail: props.mail });
        notify(t("lists.deleted", { mail: props.mail }));
        props.onDeleted();
      }}
    >
      <p>{t("lists.deleteText")}</p>
    </ConfirmDialog>
  );
}

/** Users of the tenant matching what is typed, a moment after typing stops. */
function MemberSearch(props: { tenant: string; members: string[]; onAdd: (address: string) => void }) {
  const { tenant } = props;
  const [typed, setTyped] = useState("");
  const [query, setQuery] = useState("");
  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(typed.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [typed]);
  const [load, reload] = useLoad(
    async () => (query === "" ? [] : (await api.users.listUsers({ tenantId: tenant, search: query, pageSize: 8 })).users),
    [tenant, query],
  );
  const suggestions = (load.data ?? []).filter((u) => !props.members.includes(u.mail));
  return (
    <div class="member-search">
      <TextField label={t("lists.memberSearch")} type="search" name="memberSearch" value={typed} onValue={setTyped} hint={t("lists.memberSearchHint")} />
      {load.state === "error" && <LoadError error={load.error} onRetry={reload} tenant={tenant} />}
      <div role="region" aria-label={t("lists.suggestions")} aria-live="polite">
        {query !== "" && suggestions.length > 0 && (
          <ul class="suggestions">
            {suggestions.map((u) => (
              <li key={u.mail}>
                <button type="button" onClick={() => props.onAdd(u.mail)} aria-label={t("lists.addMember", { address: u.mail })}>
                  + {u.givenName} {u.surname} &lt;{u.mail}&gt;
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

export function MailListForm(props: { tenant: string; mail?: string }) {
  const { tenant, mail } = props;
  const [load, reload] = useLoad(async () => {
    const [list, domains] = await Promise.all([
      mail !== undefined ? api.mailLists.getMailList({ tenantId: tenant, mail }) : Promise.resolve(undefined),
      api.domains.listMailDomains({ tenantId: tenant, pageSize: 1000 }),
    ]);
    const names = domains.domains.map((d) => d.name);
    const def = domains.domains.find((d) => d.isDefault)?.name ?? names[0] ?? "";
    return { list, domains: names, defaultDomain: def };
  }, [tenant, mail]);
  const title = mail !== undefined ? t("lists.editHeading", { mail }) : t("lists.newHeading");
  return (
    <>
      <ScreenHeader title={title} back={{ name: "mailLists", tenant }} />
      <Loaded load={load} onRetry={reload} tenant={tenant}>
        {(data) => <ListEditor key={`${mail ?? ""}/${data.list?.updateTime?.seconds ?? ""}`} tenant={tenant} {...data} onSaved={reload} />}
      </Loaded>
    </>
  );
}

function ListEditor(props: { tenant: string; list: MailList | undefined; domains: string[]; defaultDomain: string; onSaved: () => void }) {
  const { tenant, list } = props;
  const editing = list !== undefined;
  const [origLocal, origDomain] = useMemo(() => (list !== undefined ? splitAddress(list.mail) : ["", props.defaultDomain]), [list, props.defaultDomain]);
  const [local, setLocal] = useState(origLocal);
  const [domain, setDomain] = useState(origDomain);
  const [name, setName] = useState(list?.displayName ?? "");
  const [members, setMembers] = useState<string[]>(list?.members ?? []);
  const [internal, setInternal] = useState(list?.internalOnly ?? true);
  const [visibility, setVisibility] = useState(String(list?.addressBookVisibility ?? 1));
  const [external, setExternal] = useState("");
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const add = (address: string): void => {
    const a = address.trim().toLowerCase();
    if (a !== "" && !members.includes(a)) setMembers([...members, a]);
  };
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    const address = joinAddress(local, domain);
    try {
      if (list === undefined) {
        const created = await api.mailLists.createMailList({
          mailList: { tenantId: tenant, mail: address, displayName: name.trim(), members, internalOnly: internal, addressBookVisibility: Number(visibility) },
        });
        notify(t("lists.created", { mail: created.mail }));
        navigate({ name: "mailList", tenant, mail: created.mail }, true);
        return;
      }
      const before = new Set(list.members);
      const after = new Set(members);
      const saved = await api.mailLists.updateMailList({
        mailList: { tenantId: tenant, mail: list.mail, displayName: name.trim(), internalOnly: internal, addressBookVisibility: Number(visibility) },
        updateMask: { paths: ["display_name", "internal_only", "address_book_visibility"] },
        addMembers: members.filter((m) => !before.has(m)),
        removeMembers: list.members.filter((m) => !after.has(m)),
        newMail: address.toLowerCase() !== list.mail ? address : "",
      });
      notify(t("lists.updated", { mail: saved.mail }));
      if (saved.mail !== list.mail) navigate({ name: "mailList", tenant, mail: saved.mail }, true);
      else props.onSaved();
    } catch (err) {
      setErrors(formErrors(err, FIELDS, (a) => (a === address.toLowerCase() ? "address" : members.includes(a) ? "members" : undefined)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="list-form" onSubmit={submit} noValidate>
      <ErrorBox messages={errors.general} />
      <TextField label={t("lists.name")} name="displayName" value={name} onValue={setName} required errors={errors.fields["name"]} />
      <AddressField
        label={t("lists.address")}
        name="mail"
        required
        local={local}
        domain={domain}
        domains={props.domains}
        onLocal={setLocal}
        onDomain={setDomain}
        domainLabel={t("lists.addressDomain")}
        errors={errors.fields["address"]}
      />
      <Section title={t("lists.members")}>
        {members.length === 0 ? (
          <p class="muted">{t("lists.noMembers")}</p>
        ) : (
          <ul class="chips">
            {members.map((m) => (
              <li key={m}>
                <span>{m}</span>
                <button type="button" class="icon" onClick={() => setMembers(members.filter((x) => x !== m))} aria-label={t("lists.removeMember", { address: m })}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        {errors.fields["members"] !== undefined && (
          <p class="field-error" role="alert">
            {errors.fields["members"].join(" ")}
          </p>
        )}
        <MemberSearch tenant={tenant} members={members} onAdd={add} />
        <div class="row align-end">
          <TextField label={t("lists.external")} name="external" type="email" value={external} onValue={setExternal} />
          <button
            type="button"
            onClick={() => {
              add(external);
              setExternal("");
            }}
          >
            {t("lists.externalAdd")}
          </button>
        </div>
      </Section>
      <CheckboxField label={t("lists.internal")} name="internalOnly" checked={internal} onValue={setInternal} />
      <SelectField
        label={t("common.visibility")}
        value={visibility}
        onValue={setVisibility}
        options={[0, 1, 2].map((v) => ({ value: String(v), label: v === 2 ? t("vis.hidden") : t(`vis.${v}` as Key) }))}
        errors={errors.fields["visibility"]}
      />
      <div class="actions">
        {editing && (
          <button type="button" class="danger" onClick={() => setDeleting(true)}>
            {t("common.delete")}
          </button>
        )}
        <button type="button" onClick={() => navigate({ name: "mailLists", tenant })}>
          {t("common.back")}
        </button>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t("common.saving") : t("common.save")}
        </button>
      </div>
      {deleting && list !== undefined && (
        <DeleteList tenant={tenant} mail={list.mail} onClose={() => setDeleting(false)} onDeleted={() => navigate({ name: "mailLists", tenant })} />
      )}
    </form>
  );
}
