/**
 * Labelled form controls. Each control has a visible label, its hint and
 * its errors tied to it with aria-describedby, and aria-invalid while an
 * error is shown, so that a screen reader says what is wrong where.
 */
import type { ComponentChildren, JSX } from "preact";
import { useId } from "preact/hooks";
import { t } from "../i18n";

interface Common {
  label: string;
  errors?: string[] | undefined;
  hint?: string | undefined;
  required?: boolean;
  name?: string;
}

function described(id: string, hint: string | undefined, errors: string[] | undefined): string | undefined {
  const ids = [hint !== undefined ? `${id}-hint` : "", errors !== undefined && errors.length > 0 ? `${id}-err` : ""].filter((s) => s !== "");
  return ids.length > 0 ? ids.join(" ") : undefined;
}

/** The hint and error lines under a control. */
export function FieldNotes(props: { id: string; hint?: string | undefined; errors?: string[] | undefined }) {
  return (
    <>
      {props.hint !== undefined && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.errors !== undefined && props.errors.length > 0 && (
        <p class="field-error" id={`${props.id}-err`}>
          {props.errors.join(" ")}
        </p>
      )}
    </>
  );
}

/**
 * A control's label. The required mark stays outside the <label>, so that
 * the control's name is the label's words alone.
 */
function Label(props: { for: string; label: string; required?: boolean | undefined }) {
  return (
    <span class="label-row">
      <label for={props.for}>{props.label}</label>
      {props.required === true && (
        <span class="req" aria-hidden="true">
          *
        </span>
      )}
    </span>
  );
}

/** A text input (also password, number, search, e-mail, date-time). */
export function TextField(
  props: Common & {
    value: string;
    onValue: (value: string) => void;
    type?: "text" | "password" | "number" | "search" | "email" | "datetime-local" | "tel";
    autocomplete?: string;
    placeholder?: string;
    min?: number;
    step?: string;
    inputMode?: "numeric" | "decimal" | "email" | "tel" | "text";
    id?: string;
    class?: string;
    autofocus?: boolean;
  },
) {
  const generated = useId();
  const id = props.id ?? generated;
  const bad = props.errors !== undefined && props.errors.length > 0;
  return (
    <div class={`field ${props.class ?? ""}`}>
      <Label for={id} label={props.label} required={props.required} />
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        onInput={(e) => props.onValue((e.currentTarget as HTMLInputElement).value)}
        required={props.required}
        aria-required={props.required}
        aria-invalid={bad}
        aria-describedby={described(id, props.hint, props.errors)}
        autocomplete={props.autocomplete}
        placeholder={props.placeholder}
        min={props.min}
        step={props.step}
        inputMode={props.inputMode}
        autofocus={props.autofocus}
      />
      <FieldNotes id={id} hint={props.hint} errors={props.errors} />
    </div>
  );
}

/** A multi-line text input. */
export function TextArea(props: Common & { value: string; onValue: (value: string) => void; rows?: number }) {
  const id = useId();
  const bad = props.errors !== undefined && props.errors.length > 0;
  return (
    <div class="field">
      <Label for={id} label={props.label} required={props.required} />
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        value={props.value}
        onInput={(e) => props.onValue((e.currentTarget as HTMLTextAreaElement).value)}
        aria-invalid={bad}
        aria-describedby={described(id, props.hint, props.errors)}
        required={props.required}
      />
      <FieldNotes id={id} hint={props.hint} errors={props.errors} />
    </div>
  );
}

/** A choice of values. */
export function SelectField<V extends string>(
  props: Common & { value: V; onValue: (value: V) => void; options: { value: V; label: string }[]; class?: string },
) {
  const id = useId();
  const bad = props.errors !== undefined && props.errors.length > 0;
  return (
    <div class={`field ${props.class ?? ""}`}>
      <Label for={id} label={props.label} required={props.required} />
      <select
        id={id}
        name={props.name}
        value={props.value}
        onChange={(e) => props.onValue((e.currentTarget as HTMLSelectElement).value as V)}
        aria-invalid={bad}
        aria-describedby={described(id, props.hint, props.errors)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldNotes id={id} hint={props.hint} errors={props.errors} />
    </div>
  );
}

/** A checkbox with its label after it. */
export function CheckboxField(props: Common & { checked: boolean; onValue: (checked: boolean) => void }) {
  const id = useId();
  return (
    <div class="field checkbox">
      <input
        id={id}
        type="checkbox"
        name={props.name}
        checked={props.checked}
        onChange={(e) => props.onValue((e.currentTarget as HTMLInputElement).checked)}
        aria-describedby={described(id, props.hint, props.errors)}
      />
      <label for={id}>{props.label}</label>
      <FieldNotes id={id} hint={props.hint} errors={props.errors} />
    </div>
  );
}

/**
 * An address as the guide's forms take it: the part before @ typed, the
 * domain picked from the tenant's mail domains.
 */
export function AddressField(
  props: Common & {
    local: string;
    domain: string;
    domains: string[];
    onLocal: (value: string) => void;
    onDomain: (value: string) => void;
    domainLabel: string;
    allowEmptyDomain?: boolean;
    autocomplete?: string;
  },
) {
  const id = useId();
  const bad = props.errors !== undefined && props.errors.length > 0;
  const options = props.allowEmptyDomain === true && props.domain === "" ? ["", ...props.domains] : props.domains;
  return (
    <div class="field address">
      <Label for={id} label={props.label} required={props.required} />
      <div class="address-row">
        <input
          id={id}
          name={props.name}
          type="text"
          value={props.local}
          onInput={(e) => props.onLocal((e.currentTarget as HTMLInputElement).value)}
          aria-invalid={bad}
          aria-required={props.required}
          aria-describedby={described(id, props.hint, props.errors)}
          autocomplete={props.autocomplete ?? "off"}
          spellcheck={false}
        />
        <span aria-hidden="true">{t("common.at")}</span>
        <select
          aria-label={props.domainLabel}
          value={props.domain}
          onChange={(e) => props.onDomain((e.currentTarget as HTMLSelectElement).value)}
        >
          {options.map((d) => (
            <option key={d} value={d}>
              {d === "" ? t("common.none") : d}
            </option>
          ))}
        </select>
      </div>
      <FieldNotes id={id} hint={props.hint} errors={props.errors} />
    </div>
  );
}

/** A titled group of fields. */
export function Section(props: { title: string; children: ComponentChildren } & JSX.HTMLAttributes<HTMLFieldSetElement>) {
  const { title, children, ...rest } = props;
  return (
    <fieldset class="section" {...rest}>
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

/** Joins an address from its parts ("" when the local part is empty). */
export function joinAddress(local: string, domain: string): string {
  const l = local.trim();
  return l === "" ? "" : `${l}@${domain}`;
}

/** Splits an address into its local part and domain. */
export function splitAddress(address: string): [string, string] {
  const at = address.lastIndexOf("@");
  return at < 0 ? [address, ""] : [address.slice(0, at), address.slice(at + 1)];
}
