/**
 * A tenant of 5,000 users (global-setup.ts imports them; PBM_PANEL_BIG_USERS=100000 for 100,000): the list shows the
 * first page and the total at once, searches as you type, sorts, and pages
 * forwards and back by page tokens.
 */
import { BIG } from "./global-setup";
import { PBM, expect, signIn, test } from "./fixtures";

/** A user number as in the addresses (five digits). */
const pad = (n: number): string => String(n).padStart(5, "0");

function total(lang: string, n: number): RegExp {
  const grouped = new Intl.NumberFormat(lang === "ru" ? "ru-RU" : "en-GB").format(n);
  return new RegExp(grouped.replace(/\s/g, "\\s"));
}

test(`a big tenant (${BIG.users} users): first page with the total, search as you type, sort, page by token`, async ({ page, tr, lang, shot }) => {
  await signIn(page, tr, PBM.creator, PBM.password);
  // The way an admin comes to the list: the tenant's Users section, from another of its sections.
  await page.goto(`/admin/t/${BIG.tenant}/domains`);
  await expect(page.getByRole("cell", { name: BIG.domain, exact: true })).toBeVisible();
  const listed = page.waitForResponse((r) => r.url().endsWith("/pbm.v2.UserService/ListUsers"));
  const rows = page.locator("table.users tbody tr");
  const started = Date.now();
  await page.getByRole("navigation", { name: tr("nav.label") }).getByRole("link", { name: tr("nav.users"), exact: true }).click();
  const first = await listed;
  const answered = Date.now() - started;
  await expect(rows).toHaveCount(50);
  const shown = Date.now() - started;
  console.log(`${lang}: first page of ${BIG.users} users shown ${shown} ms after the click (ListUsers answered after ${answered} ms, HTTP ${first.status()})`);
  expect(shown, "the first page shows in under a second").toBeLessThan(1000);
  await expect(page.locator(".count")).toHaveText(total(lang, BIG.users));
  await expect(rows.first()).toContainText(`u00000@${BIG.domain}`);
  await expect(page.locator(".pager .range")).toHaveText(new RegExp(`^1–50 .* ${total(lang, BIG.users).source}$`));
  await shot(page, "15-users-big");

  // Paging by token: next, next, previous.
  const pager = page.getByRole("navigation", { name: tr("users.heading") });
  await pager.getByRole("button", { name: tr("common.next") }).click();
  await expect(rows.first()).toContainText(`u00050@${BIG.domain}`);
  await pager.getByRole("button", { name: tr("common.next") }).click();
  await expect(rows.first()).toContainText(`u00100@${BIG.domain}`);
  await expect(page.locator(".pager .range")).toHaveText(/^101–150 /);
  await pager.getByRole("button", { name: tr("common.previous") }).click();
  await expect(rows.first()).toContainText(`u00050@${BIG.domain}`);
  await pager.getByRole("button", { name: tr("common.first") }).click();
  await expect(rows.first()).toContainText(`u00000@${BIG.domain}`);

  // Sorting: by last name, then descending.
  await page.getByRole("button", { name: tr("users.sortBy", { column: tr("users.surname") }) }).click();
  await expect(page.getByRole("columnheader", { name: tr("users.sortBy", { column: tr("users.surname") }) })).toHaveAttribute("aria-sort", "ascending");
  await page.getByRole("button", { name: tr("users.sortBy", { column: tr("users.surname") }) }).click();
  await expect(rows.first()).toContainText(`Surname-${pad(BIG.users - 1)}`);
  await pager.getByRole("button", { name: tr("common.next") }).click();
  await expect(rows.first()).toContainText(`Surname-${pad(BIG.users - 51)}`);

  // Search as you type over address, first and last name: from the first page again.
  const search = page.getByLabel(tr("users.search"), { exact: true });
  await search.pressSequentially("u0042", { delay: 30 });
  await expect(page.locator(".count")).toHaveText(total(lang, 10));
  await expect(rows).toHaveCount(10);
  await expect(rows.first()).toContainText(`u00429@${BIG.domain}`);
  await search.fill("Galina");
  await expect(page.locator(".count")).toHaveText(total(lang, BIG.users / 10));
  await search.fill("surname-0499");
  await expect(page.locator(".count")).toHaveText(total(lang, 10));
  await search.fill("");
  await expect(page.locator(".count")).toHaveText(total(lang, BIG.users));

  // A hundred a page.
  await page.getByLabel(tr("common.pageSize"), { exact: true }).selectOption("100");
  await expect(rows).toHaveCount(100);
  await expect(page.locator(".pager .range")).toHaveText(/^1–100 /);
});
