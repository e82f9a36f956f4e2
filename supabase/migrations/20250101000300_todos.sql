-- Private to-do lists: only the owner sees or touches their rows.

create table public.todos (
  id bigint generated always as identity primary key,
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  title text not null,
  done boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint todos_title_length check (btrim(title) <> '' and char_length(title) <= 200)
);

create index todos_owner_id_created_at_id_idx on public.todos (owner_id, created_at desc, id desc);

create trigger todos_set_updated_at
  before update on public.todos
  for each row execute function private.set_updated_at();

alter table public.todos enable row level security;

create policy "Individuals can view their own todos."
  on public.todos for select
  to authenticated
  using (owner_id = (select auth.uid()));

create policy "Individuals can create their own todos."
  on public.todos for insert
  to authenticated
  with check (owner_id = (select auth.uid()));

create policy "Individuals can update their own todos."
  on public.todos for update
  to authenticated
  using (owner_id = (select auth.uid()))
  with check (owner_id = (select auth.uid()));

create policy "Individuals can delete their own todos."
  on public.todos for delete
  to authenticated
  using (owner_id = (select auth.uid()));

revoke all on public.todos from anon, authenticated;
revoke all on sequence public.todos_id_seq from anon, authenticated;
grant select, delete on public.todos to authenticated;
grant insert (owner_id, title, done) on public.todos to authenticated;
grant update (title, done) on public.todos to authenticated;
