/**
 * The main screen (guide Figures 4–5) and the session: what a superadmin
 * and a tenant admin see, a tenant admin refused another tenant's data, an
 * expired access token refreshed silently, a session ended elsewhere, and a
 * network failure with its Retry.
 */
import { PBM, expect, signIn, tenantWithAdmin, test, unique } from "./fixtures";

test("a superadmin sees every tenant; each has its four sections", async ({ page, tr, api, lang, shot }) => {
  const other = await tenantWithAdmin(api, unique("sup", lang));
  await signIn(page, tr, PBM.creator, PBM.password);
  await expect(page).toHaveURL(/\/admin\/tenants$/);
  const nav = page.getByRole("navigation", { name: tr("nav.label") });
  for (const link of ["nav.tenants", "nav.webDomains", "nav.audit", "nav.settings", "nav.recall"] as const) {
    await expect(nav.getByRole("link", { name: tr(link), exact: true })).toBeVisible();
  }
  await expect(nav.getByRole("link", { name: "default", exact: true })).toBeVisible();
  await nav.getByRole("link", { name: other.tenant, exact: true }).click();
  // Users is the default section of a tenant.
  await expect(page).toHaveURL(new RegExp(`/admin/t/${other.tenant}/users$`));
  for (const section of ["nav.domains", "nav.users", "nav.resourceGroups", "nav.mailLists"] as const) {
    await expect(nav.getByRole("link", { name: tr(section), exact: true })).toBeVisible();
  }
  await expect(nav.getByRole("link", { name: tr("nav.users"), exact: true })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("link", { name: other.admin })).toBeVisible();
  await shot(page, "03-main-superadmin");
});

test("a tenant admin sees their tenant only, Users first; another tenant's URL is refused, not shown", async ({ page, tr, api, lang, shot }) => {
  const mine = await tenantWithAdmin(api, unique("ta", lang));
  const theirs = await tenantWithAdmin(api, unique("tb", lang));
  await api.users.createUser({ user: { tenantId: theirs.tenant, mail: `secret@${theirs.domain}`, password: "Secret-Pass1", givenName: "Secret", surname: "Person" } });

  await signIn(page, tr, mine.admin, mine.password);
  await expect(page).toHaveURL(new RegExp(`/admin/t/${mine.tenant}/users$`));
  const nav = page.getByRole("navigation", { name: tr("nav.label") });
  await expect(nav.getByRole("link", { name: tr("nav.tenants"), exact: true })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: tr("nav.settings"), exact: true })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "default", exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: mine.admin })).toBeVisible();
  await shot(page, "04-main-tenant-admin");

  // Typing the URL of tenant B: pbm refuses, the panel says so and shows none of B's data.
  for (const section of ["users", "domains", "resource-groups", "mailing-lists", `users/secret@${theirs.domain}`]) {
    await page.goto(`/admin/t/${theirs.tenant}/${section}`);
    await expect(page.getByRole("alert")).toContainText(tr("err.tenantDenied", { tenant: theirs.tenant }));
    await expect(page.getByText(`secret@${theirs.domain}`, { exact: true })).toHaveCount(0);
    await expect(page.getByText(theirs.domain, { exact: true })).toHaveCount(0);
  }
  await shot(page, "05-other-tenant-refused");
  // Superadmin screens are not offered either.
  await page.goto("/admin/tenants");
  await expect(page.getByRole("heading", { name: tr("err.denied") })).toBeVisible();
});

test("an expired access token is refreshed without the user noticing", async ({ page, tr, api, lang }) => {
  const t = await tenantWithAdmin(api, unique("ttl", lang));
  await api.settings.putSetting({ key: "pbm/auth/access_token_expire_time", value: "2" });
  try {
    await signIn(page, tr, t.admin, t.password);
  } finally {
    await api.settings.deleteSetting({ key: "pbm/auth/access_token_expire_time" });
  }
  const refreshes: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith("/pbm.v2.AuthService/Refresh")) refreshes.push(r.url());
  });
  await page.waitForTimeout(2500);
  await page.getByRole("navigation", { name: tr("nav.label") }).getByRole("link", { name: tr("nav.domains"), exact: true }).click();
  await expect(page.getByRole("cell", { name: t.domain, exact: true })).toBeVisible();
  expect(refreshes.length).toBeGreaterThan(0);
  await expect(page.getByRole("button", { name: tr("top.logout") })).toBeVisible();
});

test("a session ended elsewhere returns to login with a message", async ({ page, tr, api, lang }) => {
  const t = await tenantWithAdmin(api, unique("end", lang));
  await signIn(page, tr, t.admin, t.password);
  // Elsewhere: a superadmin sets a new password, which ends the admin's sessions.
  await api.users.updateUser({ user: { tenantId: t.tenant, mail: t.admin, password: "Other-Pass2" }, updateMask: { paths: ["password"] } });
  // The next request finds the session ended: a click, or one of the first page's own requests still
  // in flight after the sign-in (then the login screen is back before the click, which is as good).
  const domains = page.getByRole("navigation", { name: tr("nav.label") }).getByRole("link", { name: tr("nav.domains"), exact: true });
  await domains.click({ timeout: 5000 }).catch(() => undefined);
  await expect(page.getByText(tr("login.sessionEnded"))).toBeVisible();
  await expect(page.getByRole("button", { name: tr("login.submit") })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem("pbm.admin.refresh"))).toBeNull();
});

test("a network failure shows a Retry, never a blank page", async ({ page, tr, shot }) => {
  await signIn(page, tr, PBM.creator, PBM.password);
  await page.route("**/pbm.v2.DomainService/**", (route) => route.abort("connectionrefused"));
  await page.goto("/admin/t/default/domains");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText(tr("err.network"));
  await shot(page, "06-network-failure");
  await page.unroute("**/pbm.v2.DomainService/**");
  await alert.getByRole("button", { name: tr("common.retry") }).click();
  await expect(page.getByRole("cell", { name: "example.com", exact: true })).toBeVisible();
});
