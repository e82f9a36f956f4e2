import { zodResolver } from "@hookform/resolvers/zod";
import type { TRPCClientErrorLike } from "@trpc/client";
import {
  type DefaultValues,
  type FieldError,
  type FieldValues,
  type Path,
  type UseFormSetError,
  useForm,
} from "react-hook-form";
import type { z } from "zod";
import type { AppRouter } from "~/server/routers/_app";

/**
 * A form driven by a procedure's own zod schema: validated on blur, then on every change,
 * with every broken rule collected (`criteriaMode: "all"`) so each message shows once.
 */
export function useZodForm<Schema extends z.ZodType<FieldValues, FieldValues>>(
  schema: Schema,
  defaultValues: DefaultValues<z.input<Schema>>,
  // A one-line entry form that stays focused uses "onSubmit": leaving it empty is no mistake.
  mode: "onTouched" | "onSubmit" = "onTouched",
) {
  return useForm<z.input<Schema>, unknown, z.output<Schema>>({
    resolver: zodResolver(schema),
    defaultValues,
    mode,
    criteriaMode: "all",
  });
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
