/**
 * Building blocks every screen uses: links, loading with retry, error and
 * notice boxes, the confirmation dialog, paging.
 */
import type { ComponentChildren, JSX } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { SessionEndedError } from "../api";
import { errorMessage, isNetworkError } from "../errors";
import { t } from "../i18n";
import { type Route, href, navigate } from "../router";
import { createStore, useStore } from "../store";

/** A link to a route of the panel (a real link: it opens in a new tab too). */
export function Link(props: { to: Route; children: ComponentChildren; class?: string; "aria-label"?: string; "aria-current"?: "page" }) {
  const { to, children, ...rest } = props;
  const onClick = (e: MouseEvent): void => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={href(to)} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}

/** The state of data being loaded. */
export type Load<T> =
  | { state: "loading"; data?: T }
  | { state: "ok"; data: T }
  | { state: "error"; error: unknown; data?: T };

/**
 * Loads data with `fetch` whenever `deps` change; `reload` runs it again.
 * A newer load wins over an older one still in flight.
 */
export function useLoad<T>(fetch: () => Promise<T>, deps: unknown[]): [Load<T>, () => void] {
  const [load, setLoad] = useState<Load<T>>({ state: "loading" });
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    setLoad((prev) => ({ state: "loading", ...(prev.data !== undefined ? { data: prev.data } : {}) }));
    fetch().then(
      (data) => {
        if (mine === generation.current) setLoad({ state: "ok", data });
      },
      (error: unknown) => {
        if (mine === generation.current && !(error instanceof SessionEndedError)) setLoad({ state: "error", error });
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(run, [run]);
  return [load, run];
}

/** A failed load: what went wrong and a Retry button (never a blank page). */
export function LoadError(props: { error: unknown; onRetry: () => void; tenant?: string }) {
  const network = isNetworkError(props.error);
  return (
    <div class={network ? "box error network" : "box error"} role="alert">
      <p>{errorMessage(props.error, props.tenant)}</p>
      <button type="button" onClick={props.onRetry}>
        {t("common.retry")}
      </button>
    </div>
  );
}

/**
 * Shows `children(data)` once loaded; a loading line meanwhile (keeping the
 * previous data on screen); a LoadError with Retry on failure.
 */
export function Loaded<T>(props: { load: Load<T>; onRetry: () => void; tenant?: string; children: (data: T) => ComponentChildren }) {
  const { load } = props;
  if (load.state === "error") {
    return <LoadError error={load.error} onRetry={props.onRetry} {...(props.tenant !== undefined ? { tenant: props.tenant } : {})} />;
  }
  if (load.data === undefined) {
    return (
      <p class="loading" role="status">
        {t("common.loading")}
      </p>
    );
  }
  return (
    <div class={load.state === "loading" ? "reloading" : undefined} aria-busy={load.state === "loading"}>
      {props.children(load.data)}
    </div>
  );
}

/** General error messages of a form or an action. */
export function ErrorBox(props: { messages: string[] }) {
  if (props.messages.length === 0) return null;
  return (
    <div class="box error" role="alert">
      {props.messages.length === 1 ? <p>{props.messages[0]}</p> : <ul>{props.messages.map((m) => <li key={m}>{m}</li>)}</ul>}
    </div>
  );
}

/** A short-lived message after a change ("User created."), read by screen readers. */
export const flash = createStore<{ text: string; id: number } | null>(null);
let flashId = 0;

/** Shows a notice after a change. */
export function notify(text: string): void {
  flash.set({ text, id: ++flashId });
}

/** The notice area (one per page, in the shell). */
export function FlashArea() {
  const current = useStore(flash);
  useEffect(() => {
    if (current === null) return;
    const timer = window.setTimeout(() => {
      if (flash.get()?.id === current.id) flash.set(null);
    }, 8000);
    return () => window.clearTimeout(timer);
  }, [current]);
  return (
    <div class="flash" role="status" aria-live="polite">
      {current !== null && <p class="box ok">{current.text}</p>}
    </div>
  );
}

/**
 * A modal confirmation (`<dialog>`: focus is kept inside, Esc cancels).
 * `onConfirm` may fail: its error is shown and the dialog stays.
 */
export function ConfirmDialog(props: {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
  danger?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string[]>([]);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);
  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError([]);
    try {
      await props.onConfirm();
      props.onClose();
    } catch (err) {
      if (err instanceof SessionEndedError) return;
      setError([errorMessage(err)]);
    } finally {
      setBusy(false);
    }
  };
  const onCancel = (e: Event): void => {
    e.preventDefault();
    if (!busy) props.onClose();
  };
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="dialog-title" onCancel={onCancel}>
      <h2 id="dialog-title">{props.title}</h2>
      <div class="dialog-body">{props.children}</div>
      <ErrorBox messages={error} />
      <div class="actions">
        <button type="button" onClick={props.onClose} disabled={busy}>
          {t("common.cancel")}
        </button>
        <button type="button" class={props.danger === false ? "primary" : "danger"} onClick={confirm} disabled={busy} autofocus>
          {busy ? t("common.saving") : props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/** Paging by page tokens: where we are, previous, next. */
export interface Paging {
  /** Tokens of the pages before the current one (the first page's is ""). */
  stack: string[];
  /** The current page's token. */
  token: string;
}

/** The first page. */
export const FIRST_PAGE: Paging = { stack: [], token: "" };

/** Page controls: "1–50 of 5,000", first, previous, next. */
export function Pager(props: {
  paging: Paging;
  pageSize: number;
  shown: number;
  total?: number;
  nextToken: string;
  onPage: (paging: Paging) => void;
  label: string;
}) {
  const { paging, pageSize, shown, total, nextToken } = props;
  const from = paging.stack.length * pageSize + (shown > 0 ? 1 : 0);
  const to = paging.stack.length * pageSize + shown;
  const range =
    total !== undefined
      ? t("common.range", { from: fmt(from), to: fmt(to), total: fmt(total) })
      : t("common.rangeNoTotal", { from: fmt(from), to: fmt(to) });
  const back = (): void => {
    const stack = [...paging.stack];
    const token = stack.pop() ?? "";
    props.onPage({ stack, token });
  };
  return (
    <nav class="pager" aria-label={props.label}>
      <span class="range" aria-live="polite">
        {range}
      </span>
      <button type="button" onClick={() => props.onPage(FIRST_PAGE)} disabled={paging.stack.length === 0}>
        {t("common.first")}
      </button>
      <button type="button" onClick={back} disabled={paging.stack.length === 0}>
        {t("common.previous")}
      </button>
      <button
        type="button"
        onClick={() => props.onPage({ stack: [...paging.stack, paging.token], token: nextToken })}
        disabled={nextToken === ""}
      >
        {t("common.next")}
      </button>
    </nav>
  );
}

function fmt(n: number): string {
  return new Intl.NumberFormat(document.documentElement.lang === "ru" ? "ru-RU" : "en-GB").format(n);
}

/** A screen's heading and its main actions. */
export function ScreenHeader(props: { title: string; children?: ComponentChildren; back?: Route }) {
  return (
    <div class="screen-header">
      {props.back !== undefined && (
        <Link to={props.back} class="back">
          ← {t("common.back")}
        </Link>
      )}
      <h1 tabIndex={-1} id="screen-title">
        {props.title}
      </h1>
      {props.children !== undefined && <div class="header-actions">{props.children}</div>}
    </div>
  );
}

/** A table with a caption for screen readers. */
export function Table(props: { caption: string; children: ComponentChildren } & JSX.HTMLAttributes<HTMLTableElement>) {
  const { caption, children, ...rest } = props;
  return (
    // Focusable and named: a table wider than the screen scrolls, and the keyboard must reach it.
    <div class="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table {...rest}>
        <caption class="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}
