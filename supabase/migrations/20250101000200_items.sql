-- The public board: anyone reads, signed-in users post as themselves.

create table public.items (
  id bigint generated always as identity primary key,
  author_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  title text not null,
  body text not null default '',
  created_at timestamptz not null default now(),
  constraint items_title_length check (btrim(title) <> '' and char_length(title) <= 120),
  constraint items_body_length check (char_length(body) <= 2000)
);

create index items_created_at_id_idx on public.items (created_at desc, id desc);
create index items_author_id_idx on public.items (author_id);

alter table public.items enable row level security;

create policy "Items are viewable by everyone."
  on public.items for select
  to anon, authenticated
  using (true);

create policy "Signed-in users can post items as themselves."
  on public.items for insert
  to authenticated
  with check (author_id = (select auth.uid()));

create policy "Authors and admins can delete items."
  on public.items for delete
  to authenticated
  using (author_id = (select auth.uid()) or (select public.is_admin()));

revoke all on public.items from anon, authenticated;
-- Identity columns draw from their sequence without any grant on it.
revoke all on sequence public.items_id_seq from anon, authenticated;
grant select on public.items to anon, authenticated;
grant insert (author_id, title, body), delete on public.items to authenticated;
