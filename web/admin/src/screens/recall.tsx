/**
 * Message recall (guide §2.16.4.1): a sent message removed by Message-ID
 * from the mailboxes named, keeping copies already read unless forced, with
 * the result for every mailbox.
 */
import { type RecallMessageResponse, RecallOutcome } from "@pbm/client";
import { useState } from "preact/hooks";
import { api } from "../api";
import { type FormErrors, NO_ERRORS, formErrors } from "../errors";
import { type Key, t } from "../i18n";
import { ErrorBox, ScreenHeader, Table } from "../ui/common";
import { CheckboxField, TextArea, TextField } from "../ui/form";

export function Recall() {
  const [messageId, setMessageId] = useState("");
  const [mailboxes, setMailboxes] = useState("");
  const [force, setForce] = useState(false);
  const [notifyMe, setNotifyMe] = useState(true);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<RecallMessageResponse | null>(null);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    setResult(null);
    try {
      const list = mailboxes.split(/[\s,;]+/).map((m) => m.trim()).filter((m) => m !== "");
      setResult(await api.mail.recallMessage({ messageId: messageId.trim(), mailboxes: list, force, notify: notifyMe }));
    } catch (err) {
      setErrors(formErrors(err, { message_id: "messageId", mailboxes: "mailboxes" }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ScreenHeader title={t("recall.heading")} />
      <p>{t("recall.intro")}</p>
      <form class="panel" onSubmit={submit} noValidate>
        <ErrorBox messages={errors.general} />
        <TextField
          label={t("recall.messageId")}
          name="messageid"
          value={messageId}
          onValue={setMessageId}
          required
          hint={t("recall.messageIdHint")}
          errors={errors.fields["messageId"]}
        />
        <TextArea
          label={t("recall.mailboxes")}
          name="emails"
          value={mailboxes}
          onValue={setMailboxes}
          required
          rows={4}
          hint={t("recall.mailboxesHint")}
          errors={errors.fields["mailboxes"]}
        />
        <CheckboxField label={t("recall.force")} name="force" checked={force} onValue={setForce} />
        <CheckboxField label={t("recall.notify")} name="notify" checked={notifyMe} onValue={setNotifyMe} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t("common.saving") : t("recall.submit")}
          </button>
        </div>
      </form>
      {result !== null && (
        <section aria-labelledby="recall-result">
          <h2 id="recall-result">{t("recall.results")}</h2>
          <Table caption={t("recall.results")} class="recall">
            <thead>
              <tr>
                <th scope="col">{t("recall.mailbox")}</th>
                <th scope="col">{t("recall.outcome")}</th>
                <th scope="col">{t("recall.recalled")}</th>
                <th scope="col">{t("recall.kept")}</th>
              </tr>
            </thead>
            <tbody>
              {result.results.map((r) => (
                <tr key={r.mailbox}>
                  <td>{r.mailbox}</td>
                  <td class={r.outcome === RecallOutcome.RECALLED ? "good" : ""}>{t(`recall.o.${r.outcome}` as Key)}</td>
                  <td>{r.recalled}</td>
                  <td>{r.kept}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          <p role="status">{result.notified ? t("recall.notified") : t("recall.notNotified")}</p>
        </section>
      )}
    </>
  );
}
