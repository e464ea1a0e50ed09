/**
 * The signed-in administrator's own password (AuthService.ChangePassword):
 * the current one, the new one twice, the policy shown as it is typed.
 * pbm ends the account's other sessions; this one stays.
 */
import type { PasswordPolicy } from "@pbm/client";
import { useState } from "preact/hooks";
import { api } from "../api";
import { type FormErrors, NO_ERRORS, formErrors } from "../errors";
import { t } from "../i18n";
import { ErrorBox, Loaded, ScreenHeader, notify, useLoad } from "../ui/common";
import { TextField } from "../ui/form";
import { PolicyList } from "./user-form";

function Form(props: { policy: PasswordPolicy }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (next !== repeat) {
      setErrors({ fields: { repeat: [t("err.passwordMismatch")] }, general: [] });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await api.auth.changePassword({ currentPassword: current, newPassword: next });
      notify(t("account.changed"));
      setCurrent("");
      setNext("");
      setRepeat("");
    } catch (err) {
      setErrors(formErrors(err, { current_password: "current", new_password: "next" }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel" onSubmit={submit} noValidate>
      <ErrorBox messages={errors.general} />
      <TextField label={t("account.current")} name="currentPassword" type="password" value={current} onValue={setCurrent} autocomplete="current-password" required errors={errors.fields["current"]} />
      <TextField label={t("user.newPassword")} name="newPassword" type="password" value={next} onValue={setNext} autocomplete="new-password" required errors={errors.fields["next"]} />
      <TextField label={t("user.repeatPassword")} name="repeat" type="password" value={repeat} onValue={setRepeat} autocomplete="new-password" required errors={errors.fields["repeat"]} />
      <PolicyList policy={props.policy} password={next} repeat={repeat} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t("common.saving") : t("account.submit")}
        </button>
      </div>
    </form>
  );
}

export function Account() {
  const [load, reload] = useLoad(() => api.auth.getPasswordPolicy({}), []);
  return (
    <>
      <ScreenHeader title={t("account.heading")} />
      <Loaded load={load} onRetry={reload}>
        {(policy) => <Form policy={policy} />}
      </Loaded>
    </>
  );
}
