/**
 * Every string of the panel exists in both languages: the same keys (the
 * type checker sees to that), the same placeholders, and a Russian text that
 * is Russian — so that no screen falls back to English.
 */
import { en, ru } from "../src/strings";
import { expect, test } from "./fixtures";

/** Strings that are the same in both languages on purpose (names, symbols). */
const SAME = new Set(["lang.ru", "common.at", "common.none", "user.telegram", "user.skype", "recall.messageId", "settings.src.0", "recall.o.0", "common.range", "common.rangeNoTotal"]);

test("both dictionaries: same keys, same placeholders, Russian in Russian", async ({ lang }) => {
  test.skip(lang !== "en", "checked once");
  const keys = Object.keys(en) as (keyof typeof en)[];
  expect(Object.keys(ru).sort()).toEqual([...keys].sort());
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  const problems: string[] = [];
  for (const key of keys) {
    if (placeholders(en[key]).join() !== placeholders(ru[key]).join()) problems.push(`${key}: placeholders differ`);
    if (ru[key].trim() === "" || en[key].trim() === "") problems.push(`${key}: empty`);
    if (!SAME.has(key) && !/[а-яё]/i.test(ru[key])) problems.push(`${key}: not Russian: ${ru[key]}`);
  }
  expect(problems).toEqual([]);
});
