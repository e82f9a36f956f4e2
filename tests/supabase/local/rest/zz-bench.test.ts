import { it } from "vitest";
import { ALICE, clients, startBlog } from "./fixture.ts";
it("bench", async () => {
  const stack = await startBlog();
  const db = await clients(stack);
  const N = 1000;
  const time = async (fn: () => Promise<unknown>) => { for (let i = 0; i < 200; i++) await fn(); const t = performance.now(); for (let i = 0; i < N; i++) await fn(); return (performance.now() - t) / N; };
  const raw = await time(() => stack.db.query("select * from public.authors where id = $1", [ALICE]));
  const rest = await time(() => db.anon.from("authors").select().eq("id", ALICE));
  const rawTx = await time(() => stack.db.transaction(async (tx) => { await tx.query("select set_config('role','anon',true), set_config('request.jwt.claims','{}',true)"); await tx.query("select * from public.authors where id = $1", [ALICE]); }));
  console.log({ raw, rawTx, rest, ratio: rest / raw });
}, 60000);
