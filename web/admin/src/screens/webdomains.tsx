/**
 * Web domains (guide §2.18; superadmins only): host names of the web
 * interface with their TLS key and certificate, uploaded as files. The list
 * shows what pbm read from each certificate — its names and how long it is
 * valid; a key is never shown (pbm never returns it). Replacing the key and
 * certificate, and deletion after a confirmation.
 */
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { WebDomain } from "@pbm/client";
import { useId, useState } from "preact/hooks";
import { api } from "../api";
import { type FormErrors, NO_ERRORS, formErrors } from "../errors";
import { formatDate, t, tn } from "../i18n";
import { ConfirmDialog, ErrorBox, Loaded, ScreenHeader, Table, notify, useLoad } from "../ui/common";
import { FieldNotes, TextField } from "../ui/form";

const FIELDS = {
  "web_domain.name": "name",
  name: "name",
  "web_domain.private_key_pem": "key",
  "web_domain.certificate_pem": "cert",
};

/** A PEM file input: the file's text is what is sent. */
function PemFile(props: { label: string; name: string; file: File | null; onFile: (file: File | null) => void; errors: string[] | undefined; required?: boolean }) {
  const id = useId();
  const bad = props.errors !== undefined && props.errors.length > 0;
  return (
    <div class="field">
      <label for={id}>
        {props.label}
        {props.required === true && <span aria-hidden="true"> *</span>}
      </label>
      <input
        id={id}
        name={props.name}
        type="file"
        accept=".pem,.key,.crt,.cer,.txt,application/x-pem-file,application/x-x509-ca-cert,text/plain"
        onChange={(e) => props.onFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
        aria-invalid={bad}
        aria-describedby={bad ? `${id}-err` : undefined}
        required={props.required}
      />
      {props.file !== null && <p class="hint">{t("web.fileChosen", { file: props.file.name })}</p>}
      <FieldNotes id={id} errors={props.errors} />
    </div>
  );
}

function WebDomainForm(props: { domain?: WebDomain; onDone: () => void; onCancel: () => void }) {
  const replacing = props.domain !== undefined;
  const [name, setName] = useState("");
  const [key, setKey] = useState<File | null>(null);
  const [cert, setCert] = useState<File | null>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      let privateKeyPem = "";
      let certificatePem = "";
      try {
        privateKeyPem = key !== null ? await key.text() : "";
        certificatePem = cert !== null ? await cert.text() : "";
      } catch {
        setErrors({ fields: {}, general: [t("err.fileRead")] });
        return;
      }
      if (props.domain !== undefined) {
        const paths = [...(key !== null ? ["private_key_pem"] : []), ...(cert !== null ? ["certificate_pem"] : [])];
        await api.domains.updateWebDomain({ webDomain: { name: props.domain.name, privateKeyPem, certificatePem }, updateMask: { paths } });
        notify(t("web.replaced", { domain: props.domain.name }));
      } else {
        const created = await api.domains.createWebDomain({ webDomain: { name: name.trim(), privateKeyPem, certificatePem } });
        const until = created.certificate?.notAfter !== undefined ? formatDate(timestampDate(created.certificate.notAfter)) : t("common.none");
        notify(t("web.created", { domain: created.name, date: until }));
      }
      props.onDone();
    } catch (err) {
      setErrors(formErrors(err, FIELDS, () => "name"));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="web-form-title">
      <h2 id="web-form-title">{replacing ? t("web.replaceHeading", { domain: props.domain!.name }) : t("web.newHeading")}</h2>
      <ErrorBox messages={errors.general} />
      {!replacing && <TextField label={t("web.name")} name="name" value={name} onValue={setName} required placeholder="mail.example.com" errors={errors.fields["name"]} />}
      <PemFile label={t("web.key")} name="key" file={key} onFile={setKey} errors={errors.fields["key"]} required={!replacing} />
      <PemFile label={t("web.cert")} name="crt" file={cert} onFile={setCert} errors={errors.fields["cert"]} required={!replacing} />
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

function Expiry(props: { domain: WebDomain }) {
  const notAfter = props.domain.certificate?.notAfter;
  if (notAfter === undefined) return <>{t("common.none")}</>;
  const date = timestampDate(notAfter);
  const days = Math.floor((date.getTime() - Date.now()) / 86_400_000);
  return (
    <>
      {formatDate(date)} <span class={days < 0 ? "tag bad" : days < 14 ? "tag warn" : "tag"}>({days < 0 ? t("web.expired") : tn("web.daysLeft", days)})</span>
    </>
  );
}

export function WebDomains() {
  const [form, setForm] = useState<{ domain?: WebDomain } | null>(null);
  const [deleting, setDeleting] = useState<WebDomain | null>(null);
  const [load, reload] = useLoad(() => api.domains.listWebDomains({ pageSize: 1000 }), []);
  return (
    <>
      <ScreenHeader title={t("web.heading")}>
        <button type="button" class="primary" onClick={() => setForm({})}>
          {t("web.new")}
        </button>
      </ScreenHeader>
      {form !== null && (
        <WebDomainForm
          key={form.domain?.name ?? "new"}
          {...(form.domain !== undefined ? { domain: form.domain } : {})}
          onCancel={() => setForm(null)}
          onDone={() => {
            setForm(null);
            reload();
          }}
        />
      )}
      <Loaded load={load} onRetry={reload}>
        {(page) => (
          <Table caption={t("web.heading")}>
            <thead>
              <tr>
                <th scope="col">{t("web.name")}</th>
                <th scope="col">{t("web.names")}</th>
                <th scope="col">{t("web.expires")}</th>
                <th scope="col">{t("web.issuer")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {page.webDomains.length === 0 && (
                <tr>
                  <td colSpan={5}>{t("web.none")}</td>
                </tr>
              )}
              {page.webDomains.map((w) => (
                <tr key={w.name}>
                  <td>{w.name}</td>
                  <td>{w.certificate?.dnsNames.join(", ")}</td>
                  <td>
                    <Expiry domain={w} />
                  </td>
                  <td>{w.certificate?.issuer}</td>
                  <td class="row-actions">
                    <button type="button" onClick={() => setForm({ domain: w })} aria-label={t("web.replaceLabel", { domain: w.name })}>
                      {t("web.replace")}
                    </button>
                    <button type="button" class="danger" onClick={() => setDeleting(w)} aria-label={t("web.deleteLabel", { domain: w.name })}>
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
        <ConfirmDialog
          title={t("web.deleteTitle", { domain: deleting.name })}
          confirmLabel={t("confirm.delete")}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.domains.deleteWebDomain({ name: deleting.name });
            notify(t("web.deleted", { domain: deleting.name }));
            reload();
          }}
        >
          <p>{t("web.deleteText")}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
