/**
 * The user form (guide §2.4.1 Figure 9, §2.6.1 Figure 10, §2.7–§2.11): every
 * field of the guide's table — picture, login with its domain, alternate
 * login with its domain, role, quota in MB, password and repeat with the
 * live policy, extra addresses added and removed with a domain picker,
 * personal and contact fields — for a new user and for an existing one,
 * which can also be blocked, unblocked and deleted.
 *
 * Nothing is saved half-way: a new user with everything typed is one
 * CreateUser call and a change is one UpdateUser call (fields by mask plus
 * the aliases added and removed), which pbm applies whole or not at all.
 * The picture has calls of its own: on an existing user it is saved or
 * removed at once; on a new one it is sent right after the user is created
 * (checked here first for type and size, so that pbm refusing it is rare;
 * if it does, the user is kept and the form says so).
 */
import { Code } from "@connectrpc/connect";
import { type PasswordPolicy, Role, type User, UserStatus, toPbmError } from "@pbm/client";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { type SessionInfo, api } from "../api";
import { type FormErrors, NO_ERRORS, errorMessage, formErrors } from "../errors";
import { type Key, t } from "../i18n";
import { navigate } from "../router";
import { ConfirmDialog, ErrorBox, LoadError, ScreenHeader, notify, useLoad } from "../ui/common";
import { AddressField, FieldNotes, Section, SelectField, TextArea, TextField, joinAddress, splitAddress } from "../ui/form";
import { langOptions } from "./tenants";
import { statusName } from "./users";

const MB = 1024 * 1024;
/** pbm's limit for a picture upload. */
const AVATAR_MAX_BYTES = 4 * MB;
const AVATAR_TYPES = ["image/jpeg", "image/png", "image/webp"];

/** The API's field paths → the form's inputs. */
const FIELDS: Record<string, string> = {
  "user.mail": "login",
  mail: "login",
  "user.alternate_address": "alternate",
  "user.role": "role",
  "user.quota_bytes": "quota",
  "user.password": "password",
  "user.aliases": "aliases",
  add_aliases: "aliases",
  remove_aliases: "aliases",
  "user.given_name": "givenName",
  "user.surname": "surname",
  "user.middle_name": "middleName",
  "user.department": "department",
  "user.title": "title",
  "user.description": "description",
  "user.city": "city",
  "user.display_name": "displayName",
  "user.work_phone": "workPhone",
  "user.home_phone": "homePhone",
  "user.mobile_phone": "mobilePhone",
  "user.telegram": "telegram",
  "user.skype": "skype",
  "user.lang": "lang",
  "user.address_book_visibility": "visibility",
  "user.status": "status",
  image: "avatar",
};

/** Text fields of User the form edits as they are, by API name. */
const TEXT_FIELDS = [
  ["givenName", "given_name"],
  ["surname", "surname"],
  ["middleName", "middle_name"],
  ["department", "department"],
  ["title", "title"],
  ["description", "description"],
  ["city", "city"],
  ["displayName", "display_name"],
  ["workPhone", "work_phone"],
  ["homePhone", "home_phone"],
  ["mobilePhone", "mobile_phone"],
  ["telegram", "telegram"],
  ["skype", "skype"],
] as const;
type TextName = (typeof TEXT_FIELDS)[number][0];

interface Draft extends Record<TextName, string> {
  local: string;
  domain: string;
  altLocal: string;
  altDomain: string;
  role: string;
  quotaMb: string;
  password: string;
  repeat: string;
  aliases: string[];
  added: string[];
  removed: string[];
  visibility: string;
  lang: string;
}

function draftOf(user: User | undefined, defaultDomain: string): Draft {
  const [local, domain] = user !== undefined ? splitAddress(user.mail) : ["", defaultDomain];
  const [altLocal, altDomain] = user !== undefined && user.alternateAddress !== "" ? splitAddress(user.alternateAddress) : ["", defaultDomain];
  return {
    local,
    domain,
    altLocal,
    altDomain,
    role: String(user?.role ?? Role.USER),
    quotaMb: user?.quotaBytes !== undefined ? formatMb(user.quotaBytes) : "",
    password: "",
    repeat: "",
    aliases: user?.aliases ?? [],
    added: [],
    removed: [],
    givenName: user?.givenName ?? "",
    surname: user?.surname ?? "",
    middleName: user?.middleName ?? "",
    department: user?.department ?? "",
    title: user?.title ?? "",
    description: user?.description ?? "",
    city: user?.city ?? "",
    displayName: user?.displayName ?? "",
    workPhone: user?.workPhone ?? "",
    homePhone: user?.homePhone ?? "",
    mobilePhone: user?.mobilePhone ?? "",
    telegram: user?.telegram ?? "",
    skype: user?.skype ?? "",
    visibility: String(user?.addressBookVisibility ?? 1),
    lang: user?.lang || "en-US",
  };
}

function formatMb(bytes: bigint): string {
  const mb = Number(bytes) / MB;
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(2);
}

/** The quota typed in MB as bytes; undefined when empty; null when not a number. */
function quotaBytes(text: string): bigint | undefined | null {
  const s = text.trim().replace(",", ".");
  if (s === "") return undefined;
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  return BigInt(Math.round(Number(s) * MB));
}

/** How a password meets each rule of the policy. */
function policyChecks(policy: PasswordPolicy, password: string): { text: string; met: boolean }[] {
  const count = (re: RegExp): number => (password.match(re) ?? []).length;
  const special = [...password].filter((c) => policy.specialCharacters.includes(c)).length;
  const allowed = [...password].every((c) => /[A-Za-z0-9]/.test(c) || policy.specialCharacters.includes(c));
  const checks = [
    {
      text: t("user.policyLength", { min: policy.minLength, max: policy.maxLength }),
      met: password.length >= policy.minLength && password.length <= policy.maxLength,
    },
  ];
  if (policy.minDigits > 0) checks.push({ text: t("user.policyDigits", { n: policy.minDigits }), met: count(/[0-9]/g) >= policy.minDigits });
  if (policy.minUppercase > 0) checks.push({ text: t("user.policyUpper", { n: policy.minUppercase }), met: count(/[A-Z]/g) >= policy.minUppercase });
  if (policy.minLowercase > 0) checks.push({ text: t("user.policyLower", { n: policy.minLowercase }), met: count(/[a-z]/g) >= policy.minLowercase });
  if (policy.minSpecial > 0) checks.push({ text: t("user.policySpecial", { n: policy.minSpecial }), met: special >= policy.minSpecial });
  checks.push({ text: t("user.policyChars", { chars: policy.specialCharacters }), met: password.length > 0 && allowed });
  return checks;
}

export function PolicyList(props: { policy: PasswordPolicy; password: string; repeat: string }) {
  const checks = policyChecks(props.policy, props.password);
  checks.push({ text: t("user.policyMatch"), met: props.password !== "" && props.password === props.repeat });
  return (
    <div class="policy" aria-live="polite">
      <p class="policy-title" id="policy-title">
        {t("user.policy")}
      </p>
      <ul aria-labelledby="policy-title">
        {checks.map((c) => (
          <li key={c.text} class={c.met ? "met" : "unmet"}>
            <span aria-hidden="true">{c.met ? "✓ " : "✗ "}</span>
            {c.text}
            <span class="sr-only"> — {c.met ? t("user.policyMet") : t("user.policyUnmet")}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Checks a chosen picture before it is sent; the message key when it is not one pbm takes. */
function avatarProblem(file: File): Key | null {
  if (!AVATAR_TYPES.includes(file.type)) return "user.avatarType";
  if (file.size > AVATAR_MAX_BYTES) return "user.avatarTooBig";
  return null;
}

function Avatar(props: {
  tenant: string;
  mail?: string;
  pending: File | null;
  onPending: (file: File | null) => void;
  errors: string[] | undefined;
  onErrors: (errors: string[] | undefined) => void;
}) {
  const { tenant, mail } = props;
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const [stored] = useLoad(async () => {
    if (mail === undefined) return null;
    try {
      return await api.users.getUserAvatar({ tenantId: tenant, mail });
    } catch (err) {
      if (toPbmError(err).code === Code.NotFound) return null;
      throw err;
    }
  }, [tenant, mail, version]);
  const bytes = stored.state === "ok" && stored.data !== null ? stored.data.image : null;
  const url = useMemo(() => {
    if (props.pending !== null) return URL.createObjectURL(props.pending);
    if (bytes !== null) return URL.createObjectURL(new Blob([bytes.slice()], { type: "image/jpeg" }));
    return null;
  }, [props.pending, bytes]);
  useEffect(() => () => {
    if (url !== null) URL.revokeObjectURL(url);
  }, [url]);

  const choose = async (e: Event): Promise<void> => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = "";
    if (file === undefined) return;
    const problem = avatarProblem(file);
    if (problem !== null) {
      props.onErrors([t(problem)]);
      return;
    }
    props.onErrors(undefined);
    if (mail === undefined) {
      props.onPending(file);
      return;
    }
    setBusy(true);
    try {
      await api.users.setUserAvatar({ tenantId: tenant, mail, image: new Uint8Array(await file.arrayBuffer()) });
      notify(t("user.avatarSaved"));
      setVersion((v) => v + 1);
    } catch (err) {
      const errs = formErrors(err, FIELDS);
      props.onErrors([...(errs.fields["avatar"] ?? []), ...errs.general]);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (): Promise<void> => {
    if (mail === undefined) {
      props.onPending(null);
      return;
    }
    setBusy(true);
    try {
      await api.users.deleteUserAvatar({ tenantId: tenant, mail });
      notify(t("user.avatarRemoved"));
      setVersion((v) => v + 1);
    } catch (err) {
      props.onErrors([errorMessage(err, tenant)]);
    } finally {
      setBusy(false);
    }
  };
  const id = "avatar-input";
  const has = url !== null;
  return (
    <div class="avatar-block">
      <div class="avatar" aria-busy={busy || stored.state === "loading"}>
        {has ? <img src={url} alt={t("user.avatarAlt", { mail: mail ?? "" })} /> : <span class="avatar-none">{t("user.avatarNone")}</span>}
      </div>
      <div class="field">
        <label for={id}>{t("user.avatarChoose")}</label>
        <input
          id={id}
          ref={inputRef}
          type="file"
          accept={AVATAR_TYPES.join(",")}
          class="file-hidden"
          onChange={(e) => void choose(e)}
          aria-invalid={props.errors !== undefined && props.errors.length > 0}
          aria-describedby={`${id}-hint${props.errors !== undefined && props.errors.length > 0 ? ` ${id}-err` : ""}`}
          disabled={busy}
        />
        {has && (
          <button type="button" onClick={() => void remove()} disabled={busy}>
            {t("user.avatarRemove")}
          </button>
        )}
        <FieldNotes id={id} hint={t("user.avatarHint")} errors={props.errors} />
      </div>
      {stored.state === "error" && <LoadError error={stored.error} onRetry={() => setVersion((v) => v + 1)} tenant={tenant} />}
    </div>
  );
}

interface Loaded {
  user: User | undefined;
  domains: string[];
  defaultDomain: string;
  policy: PasswordPolicy;
}

export function UserForm(props: { tenant: string; mail?: string; who: SessionInfo }) {
  const { tenant, mail } = props;
  const [load, reload] = useLoad(async (): Promise<Loaded> => {
    const [user, domains, policy] = await Promise.all([
      mail !== undefined ? api.users.getUser({ tenantId: tenant, mail }) : Promise.resolve(undefined),
      api.domains.listMailDomains({ tenantId: tenant, pageSize: 1000 }),
      api.auth.getPasswordPolicy({}),
    ]);
    const names = domains.domains.map((d) => d.name);
    const defaultDomain = domains.domains.find((d) => d.isDefault)?.name ?? names[0] ?? "";
    return { user, domains: names, defaultDomain, policy };
  }, [tenant, mail]);
  const title = mail !== undefined ? t("user.editHeading", { mail }) : t("user.newHeading");
  if (load.data === undefined || load.state === "error") {
    return (
      <>
        <ScreenHeader title={title} back={{ name: "users", tenant }} />
        {load.state === "error" ? (
          <LoadError error={load.error} onRetry={reload} tenant={tenant} />
        ) : (
          <p class="loading" role="status">
            {t("common.loading")}
          </p>
        )}
      </>
    );
  }
  return <UserEditor key={`${tenant}/${mail ?? ""}/${load.data.user?.updateTime?.seconds ?? ""}`} tenant={tenant} data={load.data} who={props.who} onSaved={reload} title={title} />;
}

function UserEditor(props: { tenant: string; data: Loaded; who: SessionInfo; onSaved: () => void; title: string }) {
  const { tenant, data, who } = props;
  const user = data.user;
  const editing = user !== undefined;
  const original = useMemo(() => draftOf(user, data.defaultDomain), [user, data.defaultDomain]);
  const [draft, setDraft] = useState<Draft>(original);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [avatarErrors, setAvatarErrors] = useState<string[] | undefined>(undefined);
  const [pendingAvatar, setPendingAvatar] = useState<File | null>(null);
  const [aliasLocal, setAliasLocal] = useState("");
  const [aliasDomain, setAliasDomain] = useState(data.defaultDomain);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<"delete" | null>(null);
  const set = <K extends keyof Draft>(name: K) => (value: Draft[K]): void => setDraft((d) => ({ ...d, [name]: value }));
  const fieldErr = (name: string): string[] | undefined => errors.fields[name];

  const roleOptions = [
    { value: String(Role.USER), label: t("role.user") },
    { value: String(Role.ADMIN), label: t("role.admin") },
    ...(who.role === Role.SUPERADMIN || draft.role === String(Role.SUPERADMIN) ? [{ value: String(Role.SUPERADMIN), label: t("role.superadmin") }] : []),
  ];
  const visibilityOptions = ["0", "1", "2", "3"].map((v) => ({ value: v, label: t(`vis.${v}` as Key) }));
  const domainOptions = data.domains;

  const addAlias = (): void => {
    const address = joinAddress(aliasLocal, aliasDomain).toLowerCase();
    if (address === "") return;
    setDraft((d) => {
      if (d.removed.includes(address)) return { ...d, removed: d.removed.filter((a) => a !== address) };
      if (d.aliases.includes(address) || d.added.includes(address)) return d;
      return { ...d, added: [...d.added, address] };
    });
    setAliasLocal("");
  };
  const removeAlias = (address: string): void => {
    setDraft((d) =>
      d.added.includes(address) ? { ...d, added: d.added.filter((a) => a !== address) } : { ...d, removed: [...d.removed, address] },
    );
  };

  const addressField = (address: string): string | undefined => {
    const a = address.toLowerCase();
    if (a === joinAddress(draft.local, draft.domain).toLowerCase()) return "login";
    if (a === joinAddress(draft.altLocal, draft.altDomain).toLowerCase()) return "alternate";
    if (draft.added.includes(a) || draft.aliases.includes(a)) return "aliases";
    return undefined;
  };

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    // The form's own checks only help; pbm decides.
    const quota = quotaBytes(draft.quotaMb);
    if (draft.password !== draft.repeat || quota === null) {
      const local: FormErrors = { fields: {}, general: [] };
      if (draft.password !== draft.repeat) local.fields["repeat"] = [t("err.passwordMismatch")];
      if (quota === null) local.fields["quota"] = [t("v.negative")];
      setErrors(local);
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    const text = Object.fromEntries(TEXT_FIELDS.map(([name]) => [name, draft[name].trim()])) as Record<TextName, string>;
    const alternate = joinAddress(draft.altLocal, draft.altDomain);
    try {
      if (!editing) {
        const mailAddress = joinAddress(draft.local, draft.domain);
        const created = await api.users.createUser({
          user: {
            tenantId: tenant,
            mail: mailAddress,
            alternateAddress: alternate,
            role: Number(draft.role) as Role,
            ...(quota !== undefined ? { quotaBytes: quota } : {}),
            password: draft.password,
            aliases: draft.added,
            addressBookVisibility: Number(draft.visibility),
            lang: draft.lang,
            ...text,
          },
        });
        notify(t("user.created", { mail: created.mail }));
        if (pendingAvatar !== null) {
          try {
            await api.users.setUserAvatar({ tenantId: tenant, mail: created.mail, image: new Uint8Array(await pendingAvatar.arrayBuffer()) });
          } catch (err) {
            const detail = formErrors(err, FIELDS);
            notify(t("user.avatarAfterCreate", { detail: [...(detail.fields["avatar"] ?? []), ...detail.general].join(" ") }));
          }
        }
        navigate({ name: "user", tenant, mail: created.mail }, true);
        return;
      }
      const paths: string[] = [];
      const changes: Partial<Omit<User, "$typeName" | "$unknown">> = {};
      for (const [name, path] of TEXT_FIELDS) {
        if (text[name] !== original[name].trim()) {
          paths.push(path);
          changes[name] = text[name];
        }
      }
      if (alternate !== joinAddress(original.altLocal, original.altDomain)) {
        paths.push("alternate_address");
        changes.alternateAddress = alternate;
      }
      if (draft.role !== original.role) {
        paths.push("role");
        changes.role = Number(draft.role) as Role;
      }
      if (draft.quotaMb.trim() !== original.quotaMb) {
        paths.push("quota_bytes");
        if (quota !== undefined) changes.quotaBytes = quota;
      }
      if (draft.visibility !== original.visibility) {
        paths.push("address_book_visibility");
        changes.addressBookVisibility = Number(draft.visibility);
      }
      if (draft.lang !== original.lang) {
        paths.push("lang");
        changes.lang = draft.lang;
      }
      if (draft.password !== "") {
        paths.push("password");
        changes.password = draft.password;
      }
      await api.users.updateUser({
        user: { tenantId: tenant, mail: user.mail, ...changes },
        updateMask: { paths },
        addAliases: draft.added,
        removeAliases: draft.removed,
      });
      notify(t("user.updated", { mail: user.mail }));
      props.onSaved();
    } catch (err) {
      setErrors(formErrors(err, FIELDS, addressField));
    } finally {
      setBusy(false);
    }
  };

  const setStatus = async (status: UserStatus): Promise<void> => {
    if (user === undefined) return;
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await api.users.updateUser({ user: { tenantId: tenant, mail: user.mail, status }, updateMask: { paths: ["status"] } });
      notify(t(status === UserStatus.BLOCKED ? "user.blocked" : "user.unblocked", { mail: user.mail }));
      props.onSaved();
    } catch (err) {
      setErrors(formErrors(err, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  const shownAliases = [...draft.aliases.filter((a) => !draft.removed.includes(a)), ...draft.added];
  const general = [...errors.general];
  return (
    <>
      <ScreenHeader title={props.title} back={{ name: "users", tenant }}>
        {editing && (
          <>
            {user.status === UserStatus.BLOCKED ? (
              <button type="button" onClick={() => void setStatus(UserStatus.ACTIVE)} disabled={busy}>
                {t("user.unblock")}
              </button>
            ) : (
              <button type="button" onClick={() => void setStatus(UserStatus.BLOCKED)} disabled={busy}>
                {t("user.block")}
              </button>
            )}
            <button type="button" class="danger" onClick={() => setDialog("delete")} disabled={busy}>
              {t("user.delete")}
            </button>
          </>
        )}
      </ScreenHeader>
      {editing && (
        <p class="status-line">
          {t("user.status")}: <strong>{statusName(user.status)}</strong>
        </p>
      )}
      <form class="user-form" onSubmit={submit} noValidate>
        {(general.length > 0 || Object.keys(errors.fields).length > 0) && (
          <ErrorBox messages={general.length > 0 ? general : [t("common.fieldErrors")]} />
        )}
        <Avatar
          tenant={tenant}
          {...(editing ? { mail: user.mail } : {})}
          pending={pendingAvatar}
          onPending={setPendingAvatar}
          errors={avatarErrors}
          onErrors={setAvatarErrors}
        />
        <Section title={t("user.settings")}>
          {editing ? (
            <p class="field readonly">
              <span class="label">{t("user.login")}</span> <strong>{user.mail}</strong>
            </p>
          ) : (
            <AddressField
              label={t("user.login")}
              name="login"
              required
              local={draft.local}
              domain={draft.domain}
              domains={domainOptions}
              onLocal={set("local")}
              onDomain={set("domain")}
              domainLabel={t("user.loginDomain")}
              errors={fieldErr("login")}
            />
          )}
          <AddressField
            label={t("user.alternate")}
            name="alternate"
            local={draft.altLocal}
            domain={draft.altDomain}
            domains={domainOptions}
            onLocal={set("altLocal")}
            onDomain={set("altDomain")}
            domainLabel={t("user.alternateDomain")}
            errors={fieldErr("alternate")}
          />
          <div class="row">
            <SelectField label={t("user.role")} value={draft.role} onValue={set("role")} options={roleOptions} errors={fieldErr("role")} />
            <TextField
              label={t("user.quota")}
              name="quota"
              value={draft.quotaMb}
              onValue={set("quotaMb")}
              inputMode="decimal"
              hint={t("user.quotaHint")}
              errors={fieldErr("quota")}
            />
          </div>
          <div class="row">
            <SelectField label={t("common.visibility")} value={draft.visibility} onValue={set("visibility")} options={visibilityOptions} errors={fieldErr("visibility")} />
            <SelectField label={t("user.lang")} value={draft.lang} onValue={set("lang")} options={langOptions()} errors={fieldErr("lang")} />
          </div>
        </Section>
        <Section title={editing ? t("user.changePassword") : t("user.passwordSection")}>
          <div class="row">
            <TextField
              label={t("user.newPassword")}
              name="password"
              type="password"
              value={draft.password}
              onValue={set("password")}
              autocomplete="new-password"
              required={!editing}
              errors={fieldErr("password")}
              hint={editing ? t("user.passwordKeep") : undefined}
            />
            <TextField
              label={t("user.repeatPassword")}
              name="repeat"
              type="password"
              value={draft.repeat}
              onValue={set("repeat")}
              autocomplete="new-password"
              required={!editing}
              errors={fieldErr("repeat")}
            />
          </div>
          {(!editing || draft.password !== "") && <PolicyList policy={data.policy} password={draft.password} repeat={draft.repeat} />}
        </Section>
        <Section title={t("user.aliases")} aria-describedby={fieldErr("aliases") !== undefined ? "aliases-err" : undefined}>
          {shownAliases.length === 0 ? (
            <p class="muted">{t("user.aliasNone")}</p>
          ) : (
            <ul class="chips">
              {shownAliases.map((a) => (
                <li key={a}>
                  <span>{a}</span>
                  {draft.added.includes(a) && <span class="tag"> ({t("user.aliasNew")})</span>}
                  <button type="button" class="icon" onClick={() => removeAlias(a)} aria-label={t("user.aliasRemove", { address: a })}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div class="row align-end">
            <AddressField
              label={t("user.aliasLocal")}
              name="alias"
              local={aliasLocal}
              domain={aliasDomain}
              domains={domainOptions}
              onLocal={setAliasLocal}
              onDomain={setAliasDomain}
              domainLabel={t("user.aliasDomain")}
            />
            <button type="button" onClick={addAlias}>
              {t("user.aliasAdd")}
            </button>
          </div>
          {fieldErr("aliases") !== undefined && (
            <p class="field-error" id="aliases-err" role="alert">
              {fieldErr("aliases")!.join(" ")}
            </p>
          )}
        </Section>
        <Section title={t("user.personal")}>
          <div class="row">
            <TextField label={t("user.givenName")} name="givenName" required value={draft.givenName} onValue={set("givenName")} errors={fieldErr("givenName")} />
            <TextField label={t("user.surname")} name="surname" required value={draft.surname} onValue={set("surname")} errors={fieldErr("surname")} />
          </div>
          <div class="row">
            <TextField label={t("user.middleName")} name="middleName" value={draft.middleName} onValue={set("middleName")} errors={fieldErr("middleName")} />
            <TextField label={t("user.department")} name="department" value={draft.department} onValue={set("department")} errors={fieldErr("department")} />
          </div>
          <div class="row">
            <TextField label={t("user.title")} name="title" value={draft.title} onValue={set("title")} errors={fieldErr("title")} />
            <TextField label={t("user.city")} name="city" value={draft.city} onValue={set("city")} errors={fieldErr("city")} />
          </div>
          <TextField label={t("user.displayName")} name="displayName" value={draft.displayName} onValue={set("displayName")} errors={fieldErr("displayName")} />
          <TextArea label={t("user.description")} name="description" value={draft.description} onValue={set("description")} errors={fieldErr("description")} />
        </Section>
        <Section title={t("user.contacts")}>
          <div class="row">
            <TextField label={t("user.workPhone")} name="workPhone" type="tel" value={draft.workPhone} onValue={set("workPhone")} errors={fieldErr("workPhone")} />
            <TextField label={t("user.homePhone")} name="homePhone" type="tel" value={draft.homePhone} onValue={set("homePhone")} errors={fieldErr("homePhone")} />
          </div>
          <div class="row">
            <TextField label={t("user.mobilePhone")} name="mobilePhone" type="tel" value={draft.mobilePhone} onValue={set("mobilePhone")} errors={fieldErr("mobilePhone")} />
          </div>
          <div class="row">
            <TextField label={t("user.telegram")} name="telegram" value={draft.telegram} onValue={set("telegram")} errors={fieldErr("telegram")} />
            <TextField label={t("user.skype")} name="skype" value={draft.skype} onValue={set("skype")} errors={fieldErr("skype")} />
          </div>
        </Section>
        <div class="actions">
          <button type="button" onClick={() => navigate({ name: "users", tenant })}>
            {t("common.back")}
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t("common.saving") : editing ? t("user.update") : t("user.create")}
          </button>
        </div>
      </form>
      {dialog === "delete" && editing && (
        <ConfirmDialog
          title={t("user.deleteTitle", { mail: user.mail })}
          confirmLabel={t("confirm.delete")}
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await api.users.deleteUser({ tenantId: tenant, mail: user.mail });
            notify(t("user.deletedDone", { mail: user.mail }));
            navigate({ name: "users", tenant });
          }}
        >
          <p>{t("user.deleteText")}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
