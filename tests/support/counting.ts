import type { SupabaseProject } from "~/server/supabase/clients";

/** A project no request can reach: for per-process memories that never call it themselves. */
export const unreachableProject: SupabaseProject = {
  url: "http://127.0.0.1:1",
  anonKey: "anon",
  serviceRoleKey: "service",
};

/** An async stand-in for a read or a check that answers `answer` and counts its calls. */
export function counting<T>(answer: T) {
  const call = async () => {
    call.calls++;
    return answer;
  };
  call.calls = 0;
  return call;
}
