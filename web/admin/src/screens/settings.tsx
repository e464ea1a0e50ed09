/**
 * The settings editor (superadmins): every key pbm reads, its value in
 * force and where it comes from; a value saved at runtime or reset to the
 * file/environment/default. A refused value says why, next to it, and
 * changes nothing.
 */
import type { Setting } from "@pbm/client";
import { useState } from "preact/hooks";
import { api } from "../api";
import { errorMessage, formErrors } from "../errors";
import { type Key, t } from "../i18n";
import { Loaded, ScreenHeader, Table, notify, useLoad } from "../ui/common";
import { FieldNotes, TextField } from "../ui/form";

function SettingRow(props: { setting: Setting; onChanged: () => void }) {
  const { setting } = props;
  const [value, setValue] = useState(setting.value);
  const [errors, setErrors] = useState<string[] | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const id = `setting-${setting.key.replace(/[^a-z0-9]/gi, "-")}`;
  const run = async (op: () => Promise<Setting>, done: (s: Setting) => string): Promise<void> => {
    setBusy(true);
    setErrors(undefined);
    try {
      const now = await op();
      setValue(now.value);
      notify(done(now));
      props.onChanged();
    } catch (err) {
      const errs = formErrors(err, { value: "value", key: "value" });
      const messages = [...(errs.fields["value"] ?? []), ...errs.general];
      setErrors(messages.length > 0 ? messages.map((m) => t("settings.refused", { detail: m })) : [errorMessage(err)]);
    } finally {
      setBusy(false);
    }
  };
  const bad = errors !== undefined;
  return (
    <tr>
      <th scope="row" class="mono">
        {setting.key}
        {setting.secret && <span class="tag"> ({t("settings.secret")})</span>}
      </th>
      <td>
        <input
          id={id}
          class="mono"
          value={value}
          onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
          aria-label={t("settings.valueOf", { key: setting.key })}
          aria-invalid={bad}
          aria-describedby={bad ? `${id}-err` : undefined}
        />
        <FieldNotes id={id} errors={errors} />
      </td>
      <td>{t(`settings.src.${setting.source}` as Key)}</td>
      <td class="mono">{setting.defaultValue}</td>
      <td>{setting.description}</td>
      <td class="row-actions">
        <button
          type="button"
          disabled={busy}
          onClick={() => void run(() => api.settings.putSetting({ key: setting.key, value }), (s) => t("settings.saved", { key: s.key, value: s.value }))}
          aria-label={t("settings.save", { key: setting.key })}
        >
          {t("common.save")}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => void run(() => api.settings.deleteSetting({ key: setting.key }), (s) => t("settings.resetDone", { key: s.key, value: s.value }))}
          aria-label={t("settings.reset", { key: setting.key })}
        >
          {t("settings.resetShort")}
        </button>
      </td>
    </tr>
  );
}

export function Settings() {
  const [typed, setTyped] = useState("");
  const [prefix, setPrefix] = useState("");
  const [load, reload] = useLoad(() => api.settings.listSettings({ prefix, pageSize: 1000 }), [prefix]);
  return (
    <>
      <ScreenHeader title={t("settings.heading")} />
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setPrefix(typed.trim());
        }}
      >
        <TextField label={t("settings.prefix")} name="prefix" value={typed} onValue={setTyped} placeholder="psn/bruteforce/" class="grow" />
        <button type="submit">{t("settings.filter")}</button>
      </form>
      <Loaded load={load} onRetry={reload}>
        {(page) => (
          <Table caption={t("settings.heading")} class="settings">
            <thead>
              <tr>
                <th scope="col">{t("settings.key")}</th>
                <th scope="col">{t("settings.value")}</th>
                <th scope="col">{t("settings.source")}</th>
                <th scope="col">{t("settings.default")}</th>
                <th scope="col">{t("common.description")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {page.settings.map((s) => (
                <SettingRow key={`${s.key}=${s.value}/${s.source}`} setting={s} onChanged={reload} />
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
    </>
  );
}
