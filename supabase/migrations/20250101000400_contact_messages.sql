-- The contact form's inbox: anyone writes (the server rate-limits), only admins read.

create type public.contact_message_status as enum ('new', 'read', 'archived');

create table public.contact_messages (
  id bigint generated always as identity primary key,
  user_id uuid default auth.uid() references auth.users (id) on delete set null,
  name text not null,
  email text not null,
  message text not null,
  status public.contact_message_status not null default 'new',
  created_at timestamptz not null default now(),
  constraint contact_messages_name_length check (btrim(name) <> '' and char_length(name) <= 100),
  constraint contact_messages_email_format check (char_length(email) <= 254 and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  constraint contact_messages_message_length check (btrim(message) <> '' and char_length(message) <= 5000)
);

create index contact_messages_created_at_id_idx on public.contact_messages (created_at desc, id desc);
create index contact_messages_user_id_idx on public.contact_messages (user_id);

alter table public.contact_messages enable row level security;

create policy "Anyone can send a contact message as themselves."
  on public.contact_messages for insert
  to anon, authenticated
  with check (user_id is null or user_id = (select auth.uid()));

create policy "Admins can view contact messages."
  on public.contact_messages for select
  to authenticated
  using ((select public.is_admin()));

create policy "Admins can update contact messages."
  on public.contact_messages for update
  to authenticated
  using ((select public.is_admin()))
  with check ((select public.is_admin()));

-- IMPORTANT: senders get no select grant, so they insert without `.select()` (return=minimal).
revoke all on public.contact_messages from anon, authenticated;
revoke all on sequence public.contact_messages_id_seq from anon, authenticated;
grant insert (user_id, name, email, message) on public.contact_messages to anon, authenticated;
grant select on public.contact_messages to authenticated;
grant update (status) on public.contact_messages to authenticated;
