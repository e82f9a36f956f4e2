import { type ReactElement, useId } from "react";

/** What the control inside a Field needs to be labelled and described by its errors. */
export interface ControlProps {
  id: string;
  "aria-invalid": boolean | undefined;
  "aria-describedby": string | undefined;
  className: string;
}

interface FieldProps {
  label: string;
  /** Every rule the value breaks, each message once (from zod or the server). */
  errors?: string[];
  hint?: string;
  children: (control: ControlProps) => ReactElement;
}

export const controlClass =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-base shadow-xs placeholder:text-zinc-400 aria-invalid:border-red-500 dark:border-zinc-700 dark:bg-zinc-900";

/** A labelled control with its hint and its errors right under it. */
export function Field({ label, errors = [], hint, children }: FieldProps) {
  const id = useId();
  const described = [hint && `${id}-hint`, errors.length > 0 && `${id}-errors`].filter(Boolean).join(" ");
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children({
        id,
        "aria-invalid": errors.length > 0 || undefined,
        "aria-describedby": described || undefined,
        className: controlClass,
      })}
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      )}
      {errors.length > 0 && (
        <ul id={`${id}-errors`} className="space-y-0.5 text-sm text-red-600 dark:text-red-400">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
