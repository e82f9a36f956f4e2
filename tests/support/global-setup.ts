import { ensureSnapshot } from "../../supabase/local/database.ts";

/** Builds the migrated-database snapshot once, before the test workers race to build it. */
export default async function setup() {
  await ensureSnapshot();
}
