import { TRPCError } from "@trpc/server";
import { itemCreateInput, itemId, itemListInput } from "~/schemas/item";
import { liveInput } from "~/schemas/live";
import { databaseError } from "../errors";
import { liveEvents } from "../live/subscription";
import { afterCursor, toPage } from "../pagination";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

const itemColumns = "id, author_id, title, body, created_at, author:profiles!inner(username)";

/** What `list` returns per item, and what `onChange` sends (supabase/migrations/*_change_log.sql). */
export interface ItemRow {
  id: number;
  author_id: string;
  title: string;
  body: string;
  created_at: string;
  author: { username: string };
}

export const itemRouter = createTRPCRouter({
  list: publicProcedure.input(itemListInput).query(async ({ ctx, input }) => {
    const query = ctx.supabase
      .from("items")
      .select(itemColumns)
      .order("created_at", { ascending: false })
      .order("id", { ascending: false })
      .limit(input.limit + 1);
    const { data, error } = await afterCursor(query, input.cursor);
    if (error) throw databaseError(error);
    return toPage(data, input.limit);
  }),

  /** New and deleted items, for everyone: the board is public. */
  onChange: publicProcedure
    .input(liveInput)
    .subscription(({ ctx, input, signal }) =>
      liveEvents<ItemRow>(ctx, { table: "items", lastEventId: input?.lastEventId, signal, isVisible: () => true }),
    ),

  create: protectedProcedure.input(itemCreateInput).mutation(async ({ ctx, input }) => {
    // author_id defaults to auth.uid() and the insert policy checks it: the caller is the author.
    const { data, error } = await ctx.supabase.from("items").insert(input).select(itemColumns).single();
    if (error) throw databaseError(error);
    return data;
  }),

  delete: protectedProcedure.input(itemId).mutation(async ({ ctx, input }) => {
    // Row Level Security lets authors and admins delete; anyone else deletes nothing.
    const { data, error } = await ctx.supabase.from("items").delete().eq("id", input.id).select("id");
    if (error) throw databaseError(error);
    if (data.length > 0) return { id: input.id };
    const { data: existing, error: lookupError } = await ctx.supabase
      .from("items")
      .select("id")
      .eq("id", input.id)
      .maybeSingle();
    if (lookupError) throw databaseError(lookupError);
    // Items are public, so saying that it exists leaks nothing.
    if (existing)
      throw new TRPCError({ code: "FORBIDDEN", message: "Only its author or an admin can delete this item" });
    throw new TRPCError({ code: "NOT_FOUND", message: "This item no longer exists" });
  }),
});
