/** The committed Database type must match what `supabase gen types` makes of the migrations. */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { generateTypes, TYPES_PATH } from "../../supabase/local/types.ts";

it("src/server/supabase/database.gen.ts matches the migrations", async () => {
  const generated = await generateTypes();
  const committed = readFileSync(TYPES_PATH, "utf8");

  expect(committed === generated, "src/server/supabase/database.gen.ts is stale: run npm run db:types").toBe(true);
}, 60_000);
