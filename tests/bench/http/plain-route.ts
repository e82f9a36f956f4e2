/**
 * The baseline the app does not ship: plain Next API routes doing the same supabase-js work
 * as health.check, profile.get and auth.me, without tRPC, its context or its session rules.
 * tests/bench/http.ts copies this file into a throwaway copy of the app as
 * src/pages/api/plain/[work].ts and builds that.
 */
import { createClient } from "@supabase/supabase-js";
import type { NextApiRequest, NextApiResponse } from "next";

const supabase = createClient(process.env.SUPABASE_URL ?? "", process.env.SUPABASE_ANON_KEY ?? "", {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
});

export default async function plain(req: NextApiRequest, res: NextApiResponse) {
  if (req.query.work === "health") {
    const { error } = await supabase.from("profiles").select("id").limit(1);
    return res.json({ status: error ? "degraded" : "ok" });
  }
  if (req.query.work === "profile") {
    const username = String(req.query.username);
    const { data } = await supabase
      .from("profiles")
      .select("username, display_name, created_at")
      .eq("username", username)
      .maybeSingle();
    return res.json(data);
  }
  const token = req.cookies["sb-access-token"] ?? "";
  const { data: verified } = await supabase.auth.getClaims(token);
  if (!verified) return res.json(null);
  const { data } = await supabase
    .from("profiles")
    .select("username, display_name")
    .eq("id", verified.claims.sub)
    .setHeader("Authorization", `Bearer ${token}`)
    .maybeSingle();
  return res.json({ id: verified.claims.sub, profile: data });
}
