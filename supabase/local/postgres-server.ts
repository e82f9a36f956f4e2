/**
 * The Postgres wire protocol on 127.0.0.1:54322, as the Supabase CLI serves it, so `psql` and
 * `supabase gen types` connect. Several clients may connect; PGlite still runs one statement
 * at a time, and a client's open transaction holds the database until it ends.
 * Not supported: TLS, passwords (any is accepted), cancel requests.
 */
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import type { LocalStack } from "./local-stack.ts";

export async function servePostgres(stack: LocalStack, port: number) {
  const server = new PGLiteSocketServer({
    db: sharedWithApi(stack),
    port,
    host: "127.0.0.1",
    maxConnections: 16,
  });
  await server.start();
  return server;
}

/**
 * The database as the socket server sees it: each statement it runs first takes a turn
 * from the API (stack.takeTurn), and keeps it while that client's transaction is open.
 */
function sharedWithApi(stack: LocalStack): PGlite {
  const { db } = stack;
  let endTurn: (() => void) | null = null;
  const inTurn = async <T>(run: () => Promise<T>) => {
    endTurn ??= await stack.takeTurn();
    try {
      return await run();
    } finally {
      if (!db.isInTransaction()) {
        endTurn?.();
        endTurn = null;
      }
    }
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === "runExclusive") return <T>(fn: () => Promise<T>) => inTurn(() => target.runExclusive(fn));
      // The server rolls back a disconnected client's open transaction with `exec`.
      if (property === "exec") return (sql: string) => inTurn(() => target.exec(sql));
      // Only a client's own transaction counts: an API request's must not stall the queue.
      if (property === "isInTransaction") return () => endTurn !== null && target.isInTransaction();
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
