import { TRPCError } from "@trpc/server";
import { liveInput } from "~/schemas/live";
import { todoCreateInput, todoIdInput, todoListInput, todoUpdateInput } from "~/schemas/todo";
import { databaseError } from "../errors";
import { liveEvents } from "../live/subscription";
import { afterCursor, toPage } from "../pagination";
import { createTRPCRouter, protectedProcedure } from "../trpc";

const todoColumns = "id, title, done, created_at, updated_at";

// IMPORTANT: another user's to-do is NOT_FOUND, never FORBIDDEN: Row Level Security hides it,
// and the answer must not tell whether that id exists.
const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "This to-do does not exist" });

/** What `list` returns per to-do, and what `onChange` sends (supabase/migrations/*_change_log.sql). */
export interface TodoRow {
  id: number;
  title: string;
  done: boolean;
  created_at: string;
  updated_at: string;
}

export const todoRouter = createTRPCRouter({
  list: protectedProcedure.input(todoListInput).query(async ({ ctx, input }) => {
    // The owner filter repeats what Row Level Security enforces, so the planner uses the index.
    let query = ctx.supabase
      .from("todos")
      .select(todoColumns)
      .eq("owner_id", ctx.user.id)
      .order("created_at", { ascending: false })
      .order("id", { ascending: false })
      .limit(input.limit + 1);
    if (input.filter !== "all") query = query.eq("done", input.filter === "done");
    const { data, error } = await afterCursor(query, input.cursor);
    if (error) throw databaseError(error);
    return toPage(data, input.limit);
  }),

  /** What "N left" and "Clear completed" need, whichever filter the list shows. */
  counts: protectedProcedure.query(async ({ ctx }) => {
    const count = async (done: boolean) => {
      const { count, error } = await ctx.supabase
        .from("todos")
        .select("id", { count: "exact", head: true })
        .eq("owner_id", ctx.user.id)
        .eq("done", done);
      if (error) throw databaseError(error);
      return count ?? 0;
    };
    const [active, done] = await Promise.all([count(false), count(true)]);
    return { active, done };
  }),

  /** The caller's own to-do changes, from any of their tabs or devices; never anyone else's. */
  onChange: protectedProcedure.input(liveInput).subscription(({ ctx, input, signal }) =>
    liveEvents<TodoRow>(ctx, {
      table: "todos",
      lastEventId: input?.lastEventId,
      signal,
      isVisible: (change) => change.ownerId === ctx.user.id,
    }),
  ),

  create: protectedProcedure.input(todoCreateInput).mutation(async ({ ctx, input }) => {
    const { data, error } = await ctx.supabase.from("todos").insert(input).select(todoColumns).single();
    if (error) throw databaseError(error);
    return data;
  }),

  update: protectedProcedure.input(todoUpdateInput).mutation(async ({ ctx, input }) => {
    const { id, ...changes } = input;
    const { data, error } = await ctx.supabase
      .from("todos")
      .update(changes)
      .eq("id", id)
      .select(todoColumns)
      .maybeSingle();
    if (error) throw databaseError(error);
    if (!data) throw notFound();
    return data;
  }),

  delete: protectedProcedure.input(todoIdInput).mutation(async ({ ctx, input }) => {
    const { data, error } = await ctx.supabase.from("todos").delete().eq("id", input.id).select("id").maybeSingle();
    if (error) throw databaseError(error);
    if (!data) throw notFound();
    return data;
  }),

  clearCompleted: protectedProcedure.mutation(async ({ ctx }) => {
    const { data, error } = await ctx.supabase
      .from("todos")
      .delete()
      .eq("owner_id", ctx.user.id)
      .eq("done", true)
      .select("id");
    if (error) throw databaseError(error);
    return { deleted: data.length };
  }),
});
