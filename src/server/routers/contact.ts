import { TRPCError } from "@trpc/server";
import { contactMessageInput, inboxListInput, messageIdInput, messageStatusInput } from "~/schemas/contact";
import { liveInput } from "~/schemas/live";
import { databaseError } from "../errors";
import { liveEvents } from "../live/subscription";
import { logger } from "../log";
import { afterCursor, toPage } from "../pagination";
import { adminProcedure, createTRPCRouter, publicProcedure, rateLimitedProcedure } from "../trpc";

/** A person needs longer than this to fill the form in; a bot does not. */
export const MIN_FILL_MS = 3_000;

const inboxColumns = "id, name, email, subject, message, status, created_at";

/** What `list` returns per message, and what `onChange` sends (supabase/migrations/*_change_log.sql). */
export interface InboxRow {
  id: number;
  name: string;
  email: string;
  subject: string;
  message: string;
  status: "new" | "read" | "archived";
  created_at: string;
}

const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "This message no longer exists" });

export const contactRouter = createTRPCRouter({
  /** Issued with the form; `send` checks how long ago. */
  formToken: publicProcedure.query(({ ctx }) => ({ token: ctx.formTokens.issue() })),

  send: rateLimitedProcedure({ name: "contact.send", maxHits: 5, windowSeconds: 3600 })
    .input(contactMessageInput)
    .mutation(async ({ ctx, input }) => {
      const { website, formToken, ...message } = input;
      const age = ctx.formTokens.ageMs(formToken);
      // IMPORTANT: spam gets the same answer as a real message, so a bot learns nothing.
      if (website !== "" || age === null || age < MIN_FILL_MS) {
        logger.info(
          { requestId: ctx.requestId, honeypot: website !== "", formAgeMs: age },
          "contact message dropped as spam",
        );
        return { sent: true as const };
      }
      // No `.select()`: senders have no select grant, not even on their own message.
      const { error } = await ctx.supabase.from("contact_messages").insert(message);
      if (error) throw databaseError(error);
      return { sent: true as const };
    }),

  list: adminProcedure.input(inboxListInput).query(async ({ ctx, input }) => {
    let query = ctx.supabase
      .from("contact_messages")
      .select(inboxColumns)
      .order("created_at", { ascending: false })
      .order("id", { ascending: false })
      .limit(input.limit + 1);
    query = input.filter === "archived" ? query.eq("status", "archived") : query.neq("status", "archived");
    if (input.filter === "unread") query = query.eq("status", "new");
    const { data, error } = await afterCursor(query, input.cursor);
    if (error) throw databaseError(error);
    return toPage(data, input.limit);
  }),

  /** New, re-marked and deleted messages, for admins only (adminProcedure checks at subscribe). */
  onChange: adminProcedure.input(liveInput).subscription(({ ctx, input, signal }) =>
    liveEvents<InboxRow>(ctx, {
      table: "contact_messages",
      lastEventId: input?.lastEventId,
      signal,
      isVisible: () => ctx.user.role === "admin",
    }),
  ),

  unreadCount: adminProcedure.query(async ({ ctx }) => {
    const { count, error } = await ctx.supabase
      .from("contact_messages")
      .select("id", { count: "exact", head: true })
      .eq("status", "new");
    if (error) throw databaseError(error);
    return count ?? 0;
  }),

  setStatus: adminProcedure.input(messageStatusInput).mutation(async ({ ctx, input }) => {
    const { data, error } = await ctx.supabase
      .from("contact_messages")
      .update({ status: input.status })
      .eq("id", input.id)
      .select("id, status")
      .maybeSingle();
    if (error) throw databaseError(error);
    if (!data) throw notFound();
    return data;
  }),

  delete: adminProcedure.input(messageIdInput).mutation(async ({ ctx, input }) => {
    const { data, error } = await ctx.supabase
      .from("contact_messages")
      .delete()
      .eq("id", input.id)
      .select("id")
      .maybeSingle();
    if (error) throw databaseError(error);
    if (!data) throw notFound();
    return data;
  }),
});
