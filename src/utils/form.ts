import type { TRPCClientErrorLike } from "@trpc/client";
import { useEffect, useState } from "react";
import {
  type DefaultValues,
  type FieldError,
  type FieldErrors,
  type FieldValues,
  type Path,
  type Resolver,
  type UseFormSetError,
  useForm,
} from "react-hook-form";
import type { z } from "zod";
import type { AppRouter } from "~/server/routers/_app";
import { toast } from "./toast";
import { whenIdle } from "./when-idle";

type FormSchema = z.ZodType<FieldValues, FieldValues>;

/**
 * A form driven by a procedure's own zod schema: validated on blur, then on every change,
 * with every broken rule collected (`criteriaMode: "all"`) so each message shows once.
 * The schema comes as `() => import("~/schemas/…")`: zod (about 30 KiB of gzipped
 * JavaScript) loads once the page is idle or with the form's first validation, not with the
 * page that renders it.
 */
export function useZodForm<Schema extends FormSchema>(
  loadSchema: () => Promise<Schema>,
  defaultValues: DefaultValues<z.input<Schema>>,
  // A one-line entry form that stays focused uses "onSubmit": leaving it empty is no mistake.
  mode: "onTouched" | "onSubmit" = "onTouched",
) {
  const [{ resolver, preload }] = useState(() => lazyZodResolver<Schema>(loadSchema));
  // Loaded once the page is idle, so a first validation offline still has its schema.
  useEffect(() => whenIdle(preload), [preload]);
  return useForm<z.input<Schema>, unknown, z.output<Schema>>({ resolver, defaultValues, mode, criteriaMode: "all" });
}

function lazyZodResolver<Schema extends FormSchema>(loadSchema: () => Promise<Schema>) {
  let loaded: Promise<Resolver<z.input<Schema>, unknown, z.output<Schema>>> | undefined;
  const load = () => {
    loaded ??= Promise.all([import("@hookform/resolvers/zod"), loadSchema()])
      .then(([{ zodResolver }, schema]) => zodResolver(schema))
      .catch((error: unknown) => {
        // The chunk did not load (offline, a new deploy): the next validation tries again.
        loaded = undefined;
        throw error;
      });
    return loaded;
  };
  const resolver: Resolver<z.input<Schema>, unknown, z.output<Schema>> = async (values, context, options) => {
    const resolve = await load().catch(() => null);
    if (resolve) return resolve(values, context, options);
    // Said, not swallowed: react-hook-form would drop the submit without a word.
    toast.error("The form could not load", { description: "Check your connection and try again." });
    // `root` is react-hook-form's form-wide error, which its generic field types cannot express.
    const errors = { root: { type: "load", message: "The form could not load" } } as FieldErrors<z.input<Schema>>;
    return { values: {}, errors };
  };
  return { resolver, preload: () => void load().catch(() => {}) };
}

/** A field's messages, each once, in the schema's order. */
export function messagesOf(error: FieldError | undefined): string[] {
  if (!error) return [];
  const all = error.types ? Object.values(error.types).flat() : [error.message];
  return [...new Set(all.filter((message): message is string => typeof message === "string"))];
}

/**
 * Puts the server's field errors (a taken username, a wrong current password) on the same
 * fields zod's go to, focusing the first. False when the error is about no field.
 */
export function setServerErrors<Values extends FieldValues>(
  error: TRPCClientErrorLike<AppRouter>,
  setError: UseFormSetError<Values>,
) {
  const fieldErrors = Object.entries(error.data?.zodError?.fieldErrors ?? {});
  fieldErrors.forEach(([field, messages], index) => {
    setError(field as Path<Values>, { type: "server", message: messages?.join(" ") }, { shouldFocus: index === 0 });
  });
  return fieldErrors.length > 0;
}
