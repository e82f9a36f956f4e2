-- The assistant: private conversations with an AI model, and a daily budget per user.
-- People write their own questions; only the server (service role) writes the answers.

create table public.conversations (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  title text not null,
  created_at timestamptz not null default now(),
  constraint conversations_title_length check (btrim(title) <> '' and char_length(title) <= 80)
);

create index conversations_owner_id_created_at_id_idx on public.conversations (owner_id, created_at desc, id desc);

create type public.message_role as enum ('user', 'assistant');

-- 'streaming' while an answer arrives; 'incomplete' when it was stopped or failed midway.
create type public.message_status as enum ('complete', 'streaming', 'incomplete');

create table public.messages (
  id bigint generated always as identity primary key,
  conversation_id uuid not null references public.conversations (id) on delete cascade,
  role public.message_role not null,
  content text not null,
  status public.message_status not null default 'complete',
  -- IMPORTANT: unique, so two streams racing to answer one question cannot both call the model.
  reply_to bigint unique references public.messages (id) on delete cascade,
  -- Why an answer is incomplete, in words for the person who asked.
  error text,
  tokens integer,
  created_at timestamptz not null default now(),
  constraint messages_user_content_length check (role <> 'user' or (btrim(content) <> '' and char_length(content) <= 4000)),
  constraint messages_reply_to_assistant check ((role = 'assistant') = (reply_to is not null))
);

create index messages_conversation_id_created_at_id_idx on public.messages (conversation_id, created_at, id);

alter table public.conversations enable row level security;
alter table public.messages enable row level security;

create policy "Individuals can view their own conversations."
  on public.conversations for select
  to authenticated
  using (owner_id = (select auth.uid()));

create policy "Individuals can start their own conversations."
  on public.conversations for insert
  to authenticated
  with check (owner_id = (select auth.uid()));

create policy "Individuals can delete their own conversations."
  on public.conversations for delete
  to authenticated
  using (owner_id = (select auth.uid()));

create policy "Individuals can view the messages of their own conversations."
  on public.messages for select
  to authenticated
  using (exists (
    select 1 from public.conversations c where c.id = conversation_id and c.owner_id = (select auth.uid())
  ));

create policy "Individuals can ask questions in their own conversations."
  on public.messages for insert
  to authenticated
  with check (role = 'user' and exists (
    select 1 from public.conversations c where c.id = conversation_id and c.owner_id = (select auth.uid())
  ));

revoke all on public.conversations from anon, authenticated;
revoke all on public.messages from anon, authenticated;
revoke all on sequence public.messages_id_seq from anon, authenticated;
grant select, delete on public.conversations to authenticated;
grant insert (owner_id, title) on public.conversations to authenticated;
grant select on public.messages to authenticated;
grant insert (conversation_id, role, content) on public.messages to authenticated;

-- Requests and tokens per user per UTC day, in a schema the REST API does not expose.
create table private.assistant_budgets (
  user_id uuid not null references auth.users (id) on delete cascade,
  day date not null,
  requests integer not null default 0,
  tokens integer not null default 0,
  primary key (user_id, day)
);

-- One atomic statement, like rate_limit_hit: concurrent calls for a user serialize on the
-- day's row lock, so no two requests can both take the last one. A refused call counts nothing.
create function public.assistant_budget_hit(user_id uuid, max_requests integer, max_tokens integer)
returns table (allowed boolean, requests integer, tokens integer, resets_at timestamptz)
language sql
volatile
security definer
set search_path = ''
as $$
  with hit as (
    insert into private.assistant_budgets as budgets (user_id, day, requests)
    -- IMPORTANT: a column name wins over a parameter of the same name: write the function's name.
    select assistant_budget_hit.user_id, (now() at time zone 'utc')::date, 1
    where max_requests > 0 and max_tokens > 0
    on conflict on constraint assistant_budgets_pkey do update
      set requests = budgets.requests + 1
      where budgets.requests < max_requests and budgets.tokens < max_tokens
    returning budgets.requests, budgets.tokens
  ),
  today as (
    select b.requests, b.tokens from private.assistant_budgets b
    where b.user_id = assistant_budget_hit.user_id and b.day = (now() at time zone 'utc')::date
  )
  select
    exists (select 1 from hit),
    coalesce((select h.requests from hit h), (select t.requests from today t), 0),
    coalesce((select h.tokens from hit h), (select t.tokens from today t), 0),
    (((now() at time zone 'utc')::date + 1)::timestamp at time zone 'utc')
$$;

-- Adds what an answer used to today's count (a day that ended meanwhile is charged to the new one).
create function public.assistant_budget_spend(user_id uuid, tokens integer)
returns void
language sql
volatile
security definer
set search_path = ''
as $$
  insert into private.assistant_budgets as budgets (user_id, day, tokens)
  values (assistant_budget_spend.user_id, (now() at time zone 'utc')::date, greatest(assistant_budget_spend.tokens, 0))
  on conflict on constraint assistant_budgets_pkey do update
    set tokens = budgets.tokens + greatest(assistant_budget_spend.tokens, 0)
$$;

-- What is used of today's budget, counting nothing: for the page to say what is left.
create function public.assistant_budget_today(user_id uuid)
returns table (requests integer, tokens integer, resets_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select
    coalesce(b.requests, 0),
    coalesce(b.tokens, 0),
    (((now() at time zone 'utc')::date + 1)::timestamp at time zone 'utc')
  from (select 1) as one
  left join private.assistant_budgets b
    on b.user_id = assistant_budget_today.user_id and b.day = (now() at time zone 'utc')::date
$$;

-- IMPORTANT: Supabase's default privileges grant execute to anon and authenticated explicitly.
revoke execute on function public.assistant_budget_hit(uuid, integer, integer) from public, anon, authenticated;
revoke execute on function public.assistant_budget_spend(uuid, integer) from public, anon, authenticated;
revoke execute on function public.assistant_budget_today(uuid) from public, anon, authenticated;
grant execute on function public.assistant_budget_hit(uuid, integer, integer) to service_role;
grant execute on function public.assistant_budget_spend(uuid, integer) to service_role;
grant execute on function public.assistant_budget_today(uuid) to service_role;
