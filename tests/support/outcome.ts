import { TRPCError } from "@trpc/server";
import { inputErrorsOf } from "~/server/errors";

/** "OK", or the tRPC code a call failed with: what an authorization matrix compares. */
export const outcomeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "OK",
    (error: unknown) => (error instanceof TRPCError ? error.code : String(error)),
  );

/** The field errors of a call that must fail as BAD_REQUEST, as the client receives them. */
export async function fieldErrorsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof TRPCError) || error.code !== "BAD_REQUEST") {
    throw new Error(`expected BAD_REQUEST, got ${error instanceof TRPCError ? error.code : "success"}`);
  }
  return inputErrorsOf(error.cause) ?? { formErrors: [], fieldErrors: {} };
}
