/**
 * Failed calls, worded for people in the current language.
 *
 * pbm says what is wrong with each field in a `google.rpc.BadRequest`
 * (field path, REQUIRED or INVALID, and an English description). The
 * descriptions pbm writes are matched here and said again in the panel's
 * language; one not known here is shown as "Invalid value: <pbm's words>".
 * Field paths are mapped by each form to its own inputs, so that a
 * violation shows next to the input it is about.
 */
import { Code } from "@connectrpc/connect";
import { type FieldViolation, PbmError, fieldViolations, toPbmError } from "@pbm/client";
import { isSessionEnded } from "./api";
import { type Key, t } from "./i18n";

/** Whether the call never reached pbm (network down, pbm stopped, a proxy failing). */
export function isNetworkError(err: unknown): boolean {
  if (!(err instanceof PbmError)) return err instanceof TypeError;
  if (err.code === Code.Unavailable || err.code === Code.DeadlineExceeded) return true;
  return err.code === Code.Unknown && (err.cause instanceof TypeError || /fetch|network/i.test(err.rawMessage));
}

type Rule = [RegExp, Key, (m: RegExpMatchArray) => Record<string, string>];
const none = (): Record<string, string> => ({});

/** pbm's descriptions of bad fields and how the panel says them. */
const RULES: Rule[] = [
  [/^must not be (blank|empty)$/, "v.notEmpty", none],
  [/^must have (\d+) to (\d+) characters$/, "v.lengthRange", (m) => ({ min: m[1]!, max: m[2]! })],
  [/^(?:local part )?must be at most (\d+) characters$/, "v.atMostChars", (m) => ({ n: m[1]! })],
  [/^must have at most (\d+) characters$/, "v.atMostChars", (m) => ({ n: m[1]! })],
  [/^must have at least (\d+) characters$/, "v.atLeastChars", (m) => ({ n: m[1]! })],
  [/^must contain at least (\d+) digits?$/, "v.atLeastDigits", (m) => ({ n: m[1]! })],
  [/^must contain at least one digit$/, "v.atLeastDigits", () => ({ n: "1" })],
  [/^must contain at least (\d+) upper-?case letters?$/, "v.atLeastUpper", (m) => ({ n: m[1]! })],
  [/^must contain at least (\d+) lower-?case letters?$/, "v.atLeastLower", (m) => ({ n: m[1]! })],
  [/^must contain at least (\d+) special characters?$/, "v.atLeastSpecial", (m) => ({ n: m[1]! })],
  [/^may contain only Latin letters, digits and (.+) \(found (.+)\)$/, "v.passwordChars", (m) => ({ chars: m[1]!, found: m[2]! })],
  [/^must not contain Cyrillic characters$/, "v.noCyrillic", none],
  [/^must contain only digits and special characters$/, "v.phone", none],
  [/^domain (\S+) is not a mail domain of the tenant$/, "v.domainNotOwned", (m) => ({ domain: m[1]! })],
  [/^local part may contain only Latin letters/, "v.localPart", none],
  [/^local part may contain only letters/, "v.localPartUtf8", none],
  [/^local part must not start or end with '\.'/, "v.localDots", none],
  [/^must contain exactly one '@'$/, "v.oneAt", none],
  [/^must have a local part before '@'$/, "v.localMissing", none],
  [/^may contain only Latin letters, digits, '\.' and '-'$/, "v.domainChars", none],
  [/^may contain only Latin letters, digits, '\.', '_' and '-'$/, "v.idChars", none],
  [/^must start with a letter or digit$/, "v.startLetter", none],
  [/^must not have empty labels/, "v.labels", none],
  [/^labels must not start or end with '-'$/, "v.labelDash", none],
  [/^an alias must differ from the primary and alternate addresses$/, "v.aliasDiffers", none],
  [/^must differ from the primary address$/, "v.alternateDiffers", none],
  [/^must not be negative$/, "v.negative", none],
  [/^must be between (\d+) and (\d+)$/, "v.between", (m) => ({ min: m[1]!, max: m[2]! })],
  [/^must not contain '\/'$/, "v.noSlash", none],
  [/^is not the current password$/, "v.notCurrentPassword", none],
  [/^(\S+) is not an alias of \S+$/, "v.notAlias", (m) => ({ address: m[1]! })],
  [/^(\S+) is not a member of \S+$/, "v.notMember", (m) => ({ address: m[1]! })],
  [/^a list has at most (\d+) members$/, "v.tooManyMembers", (m) => ({ n: m[1]! })],
  [/^must be after start_time$/, "v.endAfterStart", none],
  [/^(?:[\w/]+: )?(-?\d+) is outside (\d+)\.\.=(\d+)$/, "v.outside", (m) => ({ value: m[1]!, min: m[2]!, max: m[3]! })],
  [/^(?:[\w/]+: )?".*" is not true or false$/, "v.notBool", none],
  [/^(?:[\w/]+: )?is longer than (\d+) characters$/, "v.longer", (m) => ({ n: m[1]! })],
  [/^(?:[\w/]+: )?".*" is not an http\(s\) URL$/, "v.notUrl", none],
  [/^holds no PEM certificate/, "v.certNoPem", none],
  [/^has no DNS names/, "v.certNoNames", none],
  [/^does not cover (\S+): it is for (.+)$/, "v.certNotCover", (m) => ({ host: m[1]!, names: m[2]! })],
  [/^expired on (.+)$/, "v.certExpired", (m) => ({ date: m[1]! })],
  [/^is not valid before (.+)$/, "v.certNotYet", (m) => ({ date: m[1]! })],
  [/^does not match the certificate/, "v.keyMismatch", none],
  [/^is encrypted/, "v.keyEncrypted", none],
  [/^is not a PEM private key/, "v.keyNotPem", none],
  [/^is a key the TLS layer cannot use/, "v.keyUnsupported", none],
];

/** One field violation in the current language. */
export function describeViolation(v: FieldViolation): string {
  if (v.reason === "REQUIRED") return t("err.required");
  const text = v.description.trim();
  for (const [pattern, key, params] of RULES) {
    const m = text.match(pattern);
    if (m !== null) return t(key, params(m));
  }
  return t("err.invalid", { detail: text });
}

/** What a form shows after a failed call. */
export interface FormErrors {
  /** Messages by the form's own field names. */
  fields: Record<string, string[]>;
  /** Messages not about one of the form's fields. */
  general: string[];
}

/** No errors. */
export const NO_ERRORS: FormErrors = { fields: {}, general: [] };

/**
 * Sorts the errors of a failed call into the form's fields. `fieldMap`
 * maps API field paths (`user.given_name`) to the form's names; a
 * violation of an unmapped path is a general message naming the path.
 * An address collision (ALREADY_EXISTS naming an address) goes to the field
 * holding that address when `addressField` finds one.
 */
export function formErrors(
  err: unknown,
  fieldMap: Record<string, string>,
  addressField?: (address: string) => string | undefined,
): FormErrors {
  const out: FormErrors = { fields: {}, general: [] };
  const add = (field: string | undefined, message: string): void => {
    if (field === undefined) out.general.push(message);
    else (out.fields[field] ??= []).push(message);
  };
  const violations = fieldViolations(err);
  if (violations.length > 0) {
    for (const v of violations) {
      const field = fieldMap[v.field] ?? fieldMap[v.field.replace(/\[\d+\]$/, "")];
      add(field, field === undefined ? `${v.field}: ${describeViolation(v)}` : describeViolation(v));
    }
    return out;
  }
  const e = toPbmError(err);
  const taken = e.code === Code.AlreadyExists ? /^address (\S+) already exists$/.exec(e.rawMessage) : null;
  if (taken !== null) {
    const address = taken[1]!;
    add(addressField?.(address), t("err.addressTaken", { address }));
    return out;
  }
  out.general.push(errorMessage(err));
  return out;
}

/** A whole-call failure in the current language. */
export function errorMessage(err: unknown, tenant?: string): string {
  if (err instanceof PbmError && err.code === Code.Unavailable && err.rawMessage === "service temporarily unavailable") {
    return t("err.unavailable");
  }
  if (isNetworkError(err)) return t("err.network");
  if (isSessionEnded(err)) return t("login.sessionEnded");
  const e = toPbmError(err);
  switch (e.code) {
    case Code.PermissionDenied:
      return tenant !== undefined ? t("err.tenantDenied", { tenant }) : t("err.denied");
    case Code.NotFound:
      return t("err.notFound");
    case Code.AlreadyExists: {
      const taken = /^address (\S+) already exists$/.exec(e.rawMessage);
      return taken !== null ? t("err.addressTaken", { address: taken[1]! }) : t("err.exists", { detail: e.rawMessage.replace(/ already exists$/, "") });
    }
    case Code.FailedPrecondition:
      return t("err.precondition", { detail: e.rawMessage });
    case Code.InvalidArgument: {
      const vs = fieldViolations(e);
      return vs.length > 0 ? vs.map((v) => `${v.field}: ${describeViolation(v)}`).join(" ") : t("err.invalid", { detail: e.rawMessage });
    }
    case Code.Unimplemented:
      return t("err.unimplemented");
    case Code.Aborted:
      return t("err.aborted");
    case Code.Internal:
      return t("err.internal");
    default:
      return t("err.unknown", { detail: e.rawMessage || String(e.code) });
  }
}
