/**
 * Message recall (guide §2.16.4.1) with its result for every mailbox,
 * against the test Dovecot (scripts/servers/, scripts/dovecot-pbm.sh): a
 * second pbm on the store Dovecot reads (PBM_PANEL_MAIL_URL), mail delivered
 * over LMTP, one copy read before the recall.
 */
import { connect } from "node:net";
import { expect, superadmin, tenantWithAdmin, test, unique } from "./fixtures";

const MAIL_URL = process.env["PBM_PANEL_MAIL_URL"];
const required = process.env["CI"] === "true" || process.env["PBM_REQUIRE_SERVERS"] === "1";

/** Delivers `message` to `recipients` over LMTP (one transaction). */
async function deliver(port: number, from: string, recipients: string[], message: string): Promise<void> {
  const socket = connect(port, "127.0.0.1");
  socket.setEncoding("utf8");
  let buffer = "";
  const waiters: ((line: string) => void)[] = [];
  socket.on("data", (chunk: string) => {
    buffer += chunk;
    for (;;) {
      const end = buffer.indexOf("\r\n");
      if (end < 0) break;
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      // Multi-line replies ("250-…") end with "250 …".
      if (/^\d{3} /.test(line)) waiters.shift()?.(line);
    }
  });
  const reply = (): Promise<string> => new Promise((resolve) => waiters.push(resolve));
  const send = async (line: string, expected: string): Promise<void> => {
    const answer = reply();
    socket.write(`${line}\r\n`);
    const got = await answer;
    if (!got.startsWith(expected)) throw new Error(`LMTP ${line}: ${got}`);
  };
  const greeting = await reply();
  expect(greeting).toMatch(/^220 /);
  await send("LHLO panel.test", "250");
  await send(`MAIL FROM:<${from}>`, "250");
  for (const r of recipients) await send(`RCPT TO:<${r}>`, "250");
  await send("DATA", "354");
  const done = recipients.map(() => reply());
  socket.write(`${message.replace(/\r?\n/g, "\r\n").replace(/^\./gm, "..")}\r\n.\r\n`);
  for (const answer of await Promise.all(done)) expect(answer).toMatch(/^250 /);
  await send("QUIT", "221");
  socket.end();
}

/** Marks the copies of a message in a mailbox read, through doveadm's HTTP API. */
async function markRead(mailbox: string, messageId: string): Promise<void> {
  const url = process.env["PBM_TEST_DOVEADM_URL"]!;
  const auth = Buffer.from(`doveadm:${process.env["PBM_TEST_DOVEADM_PASSWORD"]}`).toString("base64");
  const response = await fetch(url, {
    method: "POST",
    headers: { Authorization: `Basic ${auth}`, "Content-Type": "application/json" },
    body: JSON.stringify([["flagsAdd", { user: mailbox, flag: ["\\Seen"], query: ["mailbox", "INBOX", "header", "Message-ID", messageId] }, "t1"]]),
  });
  const body = await response.text();
  expect(body, "doveadm flagsAdd").toContain("doveadmResponse");
}

test("message recall: the result for every mailbox", async ({ page, tr, lang, shot }) => {
  if (MAIL_URL === undefined) {
    const why = "no test Dovecot: start it with scripts/servers/up.sh dovecot && scripts/dovecot-pbm.sh";
    if (required) throw new Error(why);
    console.warn(`SKIPPED (not in CI): message recall — ${why}`);
    test.skip(true, why);
    return;
  }
  const api = superadmin(MAIL_URL, process.env["PBM_PANEL_MAIL_PASSWORD"]);
  const t = await tenantWithAdmin(api, unique("rcl", lang));
  const [sender, reader, ignorer, absent] = ["sender", "reader", "ignorer", "absent"].map((l) => `${l}@${t.domain}`) as [string, string, string, string];
  for (const mail of [sender, reader, ignorer, absent]) {
    await api.users.createUser({ user: { tenantId: t.tenant, mail, password: "Mail-Pass1", givenName: "M", surname: "Box" } });
  }
  const messageId = `<${unique("recall", lang)}@${t.domain}>`;
  const message = [
    `From: ${sender}`,
    `To: ${reader}, ${ignorer}`,
    "Subject: Oops",
    `Message-ID: ${messageId}`,
    `Date: ${new Date().toUTCString()}`,
    "",
    "Sent by mistake.",
  ].join("\n");
  await deliver(Number(process.env["PBM_PANEL_LMTP_PORT"]), sender, [reader, ignorer], message);
  await markRead(reader, messageId);

  const url = MAIL_URL;
  await page.goto(`${url}/admin/`);
  await page.getByLabel(tr("login.mail"), { exact: true }).fill(t.admin);
  await page.getByLabel(tr("login.password"), { exact: true }).fill(t.password);
  await page.getByRole("button", { name: tr("login.submit") }).click();
  await expect(page.getByRole("button", { name: tr("top.logout") })).toBeVisible();
  await page.getByRole("navigation", { name: tr("nav.label") }).getByRole("link", { name: tr("nav.recall"), exact: true }).click();
  await page.getByLabel(tr("recall.messageId"), { exact: true }).fill(messageId);
  await page.getByLabel(tr("recall.mailboxes"), { exact: true }).fill([reader, ignorer, absent].join("\n"));
  await page.getByLabel(tr("recall.notify")).uncheck();
  await page.getByRole("button", { name: tr("recall.submit") }).click();

  const table = page.locator("table.recall");
  await expect(table.getByRole("row").filter({ hasText: ignorer })).toContainText(tr("recall.o.1"));
  await expect(table.getByRole("row").filter({ hasText: reader })).toContainText(tr("recall.o.2"));
  await expect(table.getByRole("row").filter({ hasText: absent })).toContainText(tr("recall.o.3"));
  await expect(page.getByText(tr("recall.notNotified"))).toBeVisible();
  await shot(page, "29-recall");
});
