/**
 * Resource groups and resources (guide §2.12–§2.13): groups listed,
 * created, renamed and deleted with their resources (the confirmation says
 * how many); the resources of a group listed, created with an address in a
 * domain of the tenant, changed (address and group fixed) and deleted.
 */
import type { Resource, ResourceGroup as Group } from "@pbm/client";
import { useState } from "preact/hooks";
import { api } from "../api";
import { type FormErrors, NO_ERRORS, errorMessage, formErrors } from "../errors";
import { type Key, t, tn } from "../i18n";
import { navigate } from "../router";
import { ConfirmDialog, ErrorBox, Link, Loaded, ScreenHeader, Table, notify, useLoad } from "../ui/common";
import { AddressField, SelectField, TextArea, TextField, joinAddress } from "../ui/form";

function visibilityName(v: number | undefined): string {
  const n = v ?? 1;
  return n === 2 ? t("vis.hidden") : t(`vis.${n}` as Key);
}

function DeleteGroup(props: { tenant: string; group: Group; onClose: () => void; onDeleted: () => void }) {
  const { tenant, group } = props;
  return (
    <ConfirmDialog
      title={t("groups.deleteTitle", { group: group.name })}
      confirmLabel={t("confirm.delete")}
      onClose={props.onClose}
      onConfirm={async () => {
        await api.resources.deleteResourceGroup({ tenantId: tenant, name: group.name });
        notify(t("groups.deleted", { group: group.name }));
        props.onDeleted();
      }}
    >
      <p>{t("groups.deleteText", { resources: tn("groups.resources", group.resourceCount) })}</p>
    </ConfirmDialog>
  );
}

export function ResourceGroups(props: { tenant: string }) {
  const { tenant } = props;
  const [name, setName] = useState("");
  const [creating, setCreating] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [deleting, setDeleting] = useState<Group | null>(null);
  const [load, reload] = useLoad(() => api.resources.listResourceGroups({ tenantId: tenant, pageSize: 1000 }), [tenant]);
  const create = async (e: Event): Promise<void> => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    try {
      const group = await api.resources.createResourceGroup({ tenantId: tenant, name: name.trim() });
      notify(t("groups.created", { group: group.name }));
      setName("");
      setCreating(false);
      reload();
    } catch (err) {
      setErrors(formErrors(err, { name: "name" }));
    }
  };
  return (
    <>
      <ScreenHeader title={`${t("groups.heading")} — ${tenant}`}>
        <button type="button" class="primary" onClick={() => setCreating(true)}>
          {t("groups.new")}
        </button>
      </ScreenHeader>
      {creating && (
        <form class="panel" onSubmit={create} noValidate aria-labelledby="group-form-title">
          <h2 id="group-form-title">{t("groups.new")}</h2>
          <ErrorBox messages={errors.general} />
          <TextField label={t("groups.name")} name="name" value={name} onValue={setName} required errors={errors.fields["name"]} autofocus />
          <div class="actions">
            <button type="button" onClick={() => setCreating(false)}>
              {t("common.cancel")}
            </button>
            <button type="submit" class="primary">
              {t("common.save")}
            </button>
          </div>
        </form>
      )}
      <Loaded load={load} onRetry={reload} tenant={tenant}>
        {(page) => (
          <Table caption={t("groups.heading")}>
            <thead>
              <tr>
                <th scope="col">{t("common.name")}</th>
                <th scope="col">{t("groups.count")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {page.groups.length === 0 && (
                <tr>
                  <td colSpan={3}>{t("common.empty")}</td>
                </tr>
              )}
              {page.groups.map((g) => (
                <tr key={g.name}>
                  <td>
                    <Link to={{ name: "resourceGroup", tenant, group: g.name }}>{g.name}</Link>
                  </td>
                  <td>{g.resourceCount}</td>
                  <td>
                    <button type="button" class="danger" onClick={() => setDeleting(g)} aria-label={`${t("common.delete")} ${g.name}`}>
                      {t("common.delete")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
      {deleting !== null && <DeleteGroup tenant={tenant} group={deleting} onClose={() => setDeleting(null)} onDeleted={reload} />}
    </>
  );
}

const RESOURCE_FIELDS = {
  "resource.mail": "address",
  "resource.display_name": "name",
  "resource.description": "description",
  "resource.city": "city",
  "resource.address_book_visibility": "visibility",
  "resource.group": "general",
};

function ResourceForm(props: { tenant: string; group: string; domains: string[]; resource?: Resource; onDone: () => void; onCancel: () => void }) {
  const { tenant, group, resource } = props;
  const [local, setLocal] = useState("");
  const [domain, setDomain] = useState(props.domains[0] ?? "");
  const [name, setName] = useState(resource?.displayName ?? "");
  const [city, setCity] = useState(resource?.city ?? "");
  const [description, setDescription] = useState(resource?.description ?? "");
  const [visibility, setVisibility] = useState(String(resource?.addressBookVisibility ?? 1));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    const values = { tenantId: tenant, group, displayName: name.trim(), city: city.trim(), description: description.trim(), addressBookVisibility: Number(visibility) };
    try {
      if (resource !== undefined) {
        await api.resources.updateResource({
          resource: { ...values, mail: resource.mail },
          updateMask: { paths: ["display_name", "city", "description", "address_book_visibility"] },
        });
        notify(t("common.saved"));
      } else {
        const created = await api.resources.createResource({ resource: { ...values, mail: joinAddress(local, domain) } });
        notify(t("resources.created", { mail: created.mail }));
      }
      props.onDone();
    } catch (err) {
      setErrors(formErrors(err, RESOURCE_FIELDS, () => "address"));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="resource-form-title">
      <h2 id="resource-form-title">{resource !== undefined ? t("resources.editHeading", { mail: resource.mail }) : t("resources.newHeading")}</h2>
      <ErrorBox messages={errors.general} />
      <TextField label={t("resources.name")} name="displayName" value={name} onValue={setName} required errors={errors.fields["name"]} autofocus />
      {resource === undefined && (
        <AddressField
          label={t("resources.address")}
          name="mail"
          required
          local={local}
          domain={domain}
          domains={props.domains}
          onLocal={setLocal}
          onDomain={setDomain}
          domainLabel={t("resources.addressDomain")}
          errors={errors.fields["address"]}
        />
      )}
      <TextField label={t("common.city")} name="city" value={city} onValue={setCity} errors={errors.fields["city"]} />
      <TextArea label={t("common.description")} name="description" value={description} onValue={setDescription} errors={errors.fields["description"]} />
      <SelectField
        label={t("common.visibility")}
        value={visibility}
        onValue={setVisibility}
        options={[0, 1, 2].map((v) => ({ value: String(v), label: visibilityName(v) }))}
        errors={errors.fields["visibility"]}
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

export function ResourceGroup(props: { tenant: string; group: string }) {
  const { tenant, group } = props;
  const [newName, setNewName] = useState(group);
  const [renameErrors, setRenameErrors] = useState<FormErrors>(NO_ERRORS);
  const [form, setForm] = useState<{ resource?: Resource } | null>(null);
  const [deleting, setDeleting] = useState<Resource | null>(null);
  const [deletingGroup, setDeletingGroup] = useState(false);
  const [load, reload] = useLoad(async () => {
    const [info, resources, domains] = await Promise.all([
      api.resources.getResourceGroup({ tenantId: tenant, name: group }),
      api.resources.listResources({ tenantId: tenant, group, pageSize: 1000 }),
      api.domains.listMailDomains({ tenantId: tenant, pageSize: 1000 }),
    ]);
    const names = domains.domains.map((d) => d.name);
    const def = domains.domains.find((d) => d.isDefault)?.name;
    return { info, resources: resources.resources, domains: def !== undefined ? [def, ...names.filter((n) => n !== def)] : names };
  }, [tenant, group]);
  const rename = async (e: Event): Promise<void> => {
    e.preventDefault();
    setRenameErrors(NO_ERRORS);
    try {
      const renamed = await api.resources.renameResourceGroup({ tenantId: tenant, name: group, newName: newName.trim() });
      notify(t("groups.renamed", { group: renamed.name }));
      navigate({ name: "resourceGroup", tenant, group: renamed.name }, true);
    } catch (err) {
      setRenameErrors(formErrors(err, { new_name: "name", name: "name" }, () => "name"));
    }
  };
  return (
    <>
      <ScreenHeader title={t("resources.heading", { group })} back={{ name: "resourceGroups", tenant }}>
        <button type="button" class="primary" onClick={() => setForm({})}>
          {t("resources.new")}
        </button>
        <button type="button" class="danger" onClick={() => setDeletingGroup(true)}>
          {t("groups.delete")}
        </button>
      </ScreenHeader>
      <form class="inline-form" onSubmit={rename} noValidate>
        <ErrorBox messages={renameErrors.general} />
        <TextField label={t("groups.name")} name="groupName" value={newName} onValue={setNewName} errors={renameErrors.fields["name"]} />
        <button type="submit">{t("groups.rename")}</button>
      </form>
      <Loaded load={load} onRetry={reload} tenant={tenant}>
        {(data) => (
          <>
            {form !== null && (
              <ResourceForm
                key={form.resource?.mail ?? "new"}
                tenant={tenant}
                group={group}
                domains={data.domains}
                {...(form.resource !== undefined ? { resource: form.resource } : {})}
                onCancel={() => setForm(null)}
                onDone={() => {
                  setForm(null);
                  reload();
                }}
              />
            )}
            <Table caption={t("resources.heading", { group })}>
              <thead>
                <tr>
                  <th scope="col">{t("resources.name")}</th>
                  <th scope="col">{t("resources.address")}</th>
                  <th scope="col">{t("common.city")}</th>
                  <th scope="col">{t("common.description")}</th>
                  <th scope="col">{t("common.visibility")}</th>
                  <th scope="col">{t("common.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {data.resources.length === 0 && (
                  <tr>
                    <td colSpan={6}>{t("resources.none")}</td>
                  </tr>
                )}
                {data.resources.map((r) => (
                  <tr key={r.mail}>
                    <td>{r.displayName}</td>
                    <td>{r.mail}</td>
                    <td>{r.city}</td>
                    <td>{r.description}</td>
                    <td>{visibilityName(r.addressBookVisibility)}</td>
                    <td class="row-actions">
                      <button type="button" onClick={() => setForm({ resource: r })} aria-label={t("resources.editLabel", { mail: r.mail })}>
                        {t("common.edit")}
                      </button>
                      <button type="button" class="danger" onClick={() => setDeleting(r)} aria-label={t("resources.deleteLabel", { mail: r.mail })}>
                        {t("common.delete")}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
            {deletingGroup && (
              <DeleteGroup tenant={tenant} group={data.info} onClose={() => setDeletingGroup(false)} onDeleted={() => navigate({ name: "resourceGroups", tenant })} />
            )}
          </>
        )}
      </Loaded>
      {deleting !== null && (
        <ConfirmDialog
          title={t("resources.deleteTitle", { mail: deleting.mail })}
          confirmLabel={t("confirm.delete")}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.resources.deleteResource({ tenantId: tenant, group, mail: deleting.mail });
            notify(t("resources.deleted", { mail: deleting.mail }));
            reload();
          }}
        >
          <p>{t("resources.deleteText")}</p>
        </ConfirmDialog>
      )}
      {load.state === "error" && deletingGroup && <ErrorBox messages={[errorMessage(load.error, tenant)]} />}
    </>
  );
}
