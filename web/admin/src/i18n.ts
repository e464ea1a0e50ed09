/**
 * The panel's language: `t(key)` words a string of `strings.ts` in it. The
 * language is chosen on the login screen or in the top bar and remembered in
 * localStorage (`pbm.admin.lang`); the first visit follows the browser.
 */
import { DICTIONARIES, type Key, type Lang } from "./strings";
import { createStore } from "./store";

export type { Key, Lang };

const dictionaries = DICTIONARIES;
const STORAGE_KEY = "pbm.admin.lang";

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === "en" || saved === "ru") return saved;
  } catch {
    // Storage may be off: follow the browser.
  }
  return navigator.language.toLowerCase().startsWith("ru") ? "ru" : "en";
}

/** The current language; setting it re-renders the app and is remembered. */
export const language = createStore<Lang>(initialLang());
language.subscribe((lang) => {
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered, still switched.
  }
});
document.documentElement.lang = language.get();

/** The string `key` in the current language, `{name}` replaced from `params`. */
export function t(key: Key, params?: Record<string, string | number>): string {
  const text = dictionaries[language.get()][key];
  if (params === undefined) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** A counted phrase: `base.one`, `.few` or `.many` by the rules of the language. */
export function tn(base: string, n: number): string {
  const form = pluralForm(language.get(), n);
  return t(`${base}.${form}` as Key, { n: formatNumber(n) });
}

function pluralForm(lang: Lang, n: number): "one" | "few" | "many" {
  if (lang === "en") return n === 1 ? "one" : "many";
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return "one";
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return "few";
  return "many";
}

/** BCP 47 locale of the current language, for dates and numbers. */
export function locale(): string {
  return language.get() === "ru" ? "ru-RU" : "en-GB";
}

/** A number with the language's digit grouping. */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locale()).format(n);
}

/** A date and time in the language's format. */
export function formatDateTime(date: Date | undefined): string {
  if (date === undefined) return t("common.none");
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(date);
}

/** A date in the language's format. */
export function formatDate(date: Date | undefined): string {
  if (date === undefined) return t("common.none");
  return new Intl.DateTimeFormat(locale(), { dateStyle: "long" }).format(date);
}

/** A duration as minutes and seconds ("4 min 05 s" / "4 мин 05 с"). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const m = Math.floor(s / 60);
  const rest = String(s % 60).padStart(2, "0");
  if (language.get() === "ru") return m > 0 ? `${m} мин ${rest} с` : `${s % 60} с`;
  return m > 0 ? `${m} min ${rest} s` : `${s % 60} s`;
}
