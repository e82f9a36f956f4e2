/**
 * The local Supabase in a process of its own, for the fault tests that stop or kill it, as
 * `npm run dev` runs it beside Next: opens (or reopens) the data folder it is given, serves
 * the HTTP API on 127.0.0.1 (on the port given, or a free one) and prints one JSON line with
 * its port and keys once it answers. No Postgres port: nothing here needs one.
 *   node tests/load/stack-process.ts <data-dir> [port]
 */
import type { AddressInfo } from "node:net";
import { openDatabase } from "../../supabase/local/database.ts";
import { serveHttp } from "../../supabase/local/http-server.ts";
import { loadSettings } from "../../supabase/local/settings.ts";
import { createLocalStack } from "../../supabase/local/stack.ts";

const [dataDir, port = "0"] = process.argv.slice(2);
if (!dataDir) throw new Error("usage: node tests/load/stack-process.ts <data-dir> [port]");

const db = await openDatabase(dataDir);
const stack = await createLocalStack(db, loadSettings(), "http://127.0.0.1");
const http = await serveHttp(stack, Number(port));
const { anonKey, serviceRoleKey } = stack.keys;
console.log(JSON.stringify({ port: (http.address() as AddressInfo).port, anonKey, serviceRoleKey }));

process.once("SIGTERM", async () => {
  http.closeAllConnections();
  http.close();
  // Closing PGlite flushes it to the folder.
  await db.close();
  process.exit(0);
});
