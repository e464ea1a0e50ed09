/**
 * The login screen (guide §2.2.2, Figures 1–3): each refusal has its own
 * message, the robot check is asked for, refused when wrong and passed when
 * right, the language switch is remembered, and the keyboard alone signs in.
 */
import { UserStatus } from "@pbm/client";
import { PBM, challengeCode, expect, failLogins, signIn, tenantWithAdmin, test, unique } from "./fixtures";

test("the login screen in the browser's language, keyboard only", async ({ page, tr, shot }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/admin\/$/);
  await expect(page.getByRole("heading", { name: tr("login.heading") })).toBeVisible();
  await shot(page, "01-login");
  // Keyboard only: the e-mail field has focus; Tab to the password, Enter signs in.
  await expect(page.getByLabel(tr("login.mail"), { exact: true })).toBeFocused();
  await page.keyboard.type(PBM.creator);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel(tr("login.password"), { exact: true })).toBeFocused();
  // The focused control is visibly outlined.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
  expect(outline).not.toBe("none");
  await page.keyboard.type(PBM.password);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: tr("top.logout") })).toBeVisible();
});

test("wrong credentials, a blocked account and a user who is no admin each get their own message", async ({ page, tr, api, lang }) => {
  const t = await tenantWithAdmin(api, unique("lgn", lang));
  await page.goto("/admin/");
  await page.getByLabel(tr("login.mail"), { exact: true }).fill(t.admin);
  await page.getByLabel(tr("login.password"), { exact: true }).fill("Not-The-Password1");
  await page.getByRole("button", { name: tr("login.submit") }).click();
  await expect(page.getByRole("alert")).toHaveText(tr("login.badCredentials"));

  await api.users.updateUser({ user: { tenantId: t.tenant, mail: t.admin, status: UserStatus.BLOCKED }, updateMask: { paths: ["status"] } });
  await page.getByLabel(tr("login.password"), { exact: true }).fill(t.password);
  await page.getByRole("button", { name: tr("login.submit") }).click();
  await expect(page.getByRole("alert")).toHaveText(tr("login.blocked"));

  const user = `user@${t.domain}`;
  await api.users.createUser({ user: { tenantId: t.tenant, mail: user, password: "User-Pass1", givenName: "U", surname: "Ser" } });
  await page.getByLabel(tr("login.mail"), { exact: true }).fill(user);
  await page.getByLabel(tr("login.password"), { exact: true }).fill("User-Pass1");
  await page.getByRole("button", { name: tr("login.submit") }).click();
  await expect(page.getByRole("alert")).toHaveText(tr("login.notAdmin", { mail: user }));
});

test("a locked-out address is told how long the lockout lasts", async ({ page, tr, clientIp }) => {
  // psn/bruteforce/max_attempts (10) distinct failures from this client address.
  await failLogins(clientIp, "nobody@example.com", 10);
  await page.goto("/admin/");
  await page.getByLabel(tr("login.mail"), { exact: true }).fill(PBM.creator);
  await page.getByLabel(tr("login.password"), { exact: true }).fill(PBM.password);
  await page.getByRole("button", { name: tr("login.submit") }).click();
  const alert = page.getByRole("alert");
  const prefix = tr("login.lockedOut", { time: "@@" }).split("@@")[0]!;
  await expect(alert).toContainText(prefix);
  // Minutes and seconds left, counting down (the penalty is 300 s).
  await expect(alert).toHaveText(/[45] (min|мин) \d\d (s|с)/);
});

test("the robot check: asked for after failed logins, refused when wrong, passed when right", async ({ page, tr, clientIp, shot }) => {
  // pbm/auth/challenge_after_failures (3) failures from this client address.
  await failLogins(clientIp, "nobody@example.com", 3);
  await page.goto("/admin/");
  await page.getByLabel(tr("login.mail"), { exact: true }).fill(PBM.creator);
  await page.getByLabel(tr("login.password"), { exact: true }).fill(PBM.password);
  await page.getByRole("button", { name: tr("login.submit") }).click();

  // Asked for: pbm's picture and an answer field.
  await expect(page.getByText(tr("login.challengeRequired"))).toBeVisible();
  const picture = page.getByRole("img", { name: tr("login.challengeImage") });
  await expect(picture).toBeVisible();
  expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(50);
  const answer = page.getByLabel(tr("login.challengeAnswer"), { exact: true });
  await expect(answer).toBeFocused();
  await shot(page, "02-login-robot-check");

  // Wrong: its own message, and a new picture.
  const first = challengeCode(clientIp);
  await answer.fill(first === "WRONG0" ? "WRONG1" : "WRONG0");
  await page.getByRole("button", { name: tr("login.submit") }).click();
  await expect(page.getByText(tr("login.challengeFailed"))).toBeVisible();
  await expect(answer).toHaveValue("");

  // Right (the code of the new picture): signed in.
  const second = challengeCode(clientIp);
  await answer.fill(second.toLowerCase());
  await page.getByRole("button", { name: tr("login.submit") }).click();
  await expect(page.getByRole("button", { name: tr("top.logout") })).toBeVisible();
});

test("the language switch works on the login screen and is remembered", async ({ page, tr, lang }) => {
  await page.goto("/admin/");
  const other = lang === "en" ? "ru" : "en";
  const otherHeading = lang === "en" ? "Управление почтовой системой" : "Mail system administration";
  await page.getByRole("combobox", { name: tr("lang.label") }).selectOption(other);
  await expect(page.getByRole("heading", { name: otherHeading })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", other);
  await page.reload();
  await expect(page.getByRole("heading", { name: otherHeading })).toBeVisible();
  // And back.
  await page.getByRole("combobox").selectOption(lang);
  await expect(page.getByRole("heading", { name: tr("login.heading") })).toBeVisible();
});

test("logout ends the session on the server and returns to login", async ({ page, tr }) => {
  await signIn(page, tr, PBM.creator, PBM.password);
  const refresh = await page.evaluate(() => sessionStorage.getItem("pbm.admin.refresh"));
  expect(refresh).toBeTruthy();
  // No cookie carries anything.
  expect(await page.context().cookies()).toEqual([]);
  await page.getByRole("button", { name: tr("top.logout") }).click();
  await expect(page.getByText(tr("login.signedOut"))).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem("pbm.admin.refresh"))).toBeNull();
  // The refresh token the tab held is dead on the server.
  const response = await fetch(`${PBM.url}/v2/auth`, { method: "POST", body: new URLSearchParams({ refresh_token: refresh! }) });
  expect(response.status).toBe(401);
});
