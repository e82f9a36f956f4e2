-- One public profile per auth user, created by a trigger from the sign-up metadata.

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  username text not null,
  display_name text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint profiles_username_key unique (username),
  constraint profiles_username_format check (username ~ '^[a-z0-9_]{3,24}$'),
  constraint profiles_display_name_length check (char_length(display_name) between 1 and 50)
);

create trigger profiles_set_updated_at
  before update on public.profiles
  for each row execute function private.set_updated_at();

alter table public.profiles enable row level security;

create policy "Profiles are viewable by everyone."
  on public.profiles for select
  to anon, authenticated
  using (true);

create policy "Individuals can update their own profile."
  on public.profiles for update
  to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));

-- IMPORTANT: Supabase's default privileges grant ALL on every new public table to anon and
-- authenticated; take them back and grant only what the policies above are meant to cover.
revoke all on public.profiles from anon, authenticated;
grant select on public.profiles to anon, authenticated;
grant update (username, display_name) on public.profiles to authenticated;

-- IMPORTANT: runs inside GoTrue's insert into auth.users, as GoTrue's role: security definer
-- so it may write public.profiles, and any error (a taken username, a malformed one) aborts
-- the sign-up as a whole instead of leaving a user without a profile.
create function private.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.profiles (id, username, display_name)
  values (
    new.id,
    -- Users created without a username (admin API, OAuth) get a unique placeholder.
    coalesce(new.raw_user_meta_data ->> 'username', 'user_' || left(replace(new.id::text, '-', ''), 12)),
    nullif(btrim(new.raw_user_meta_data ->> 'display_name'), '')
  );
  return new;
end
$$;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function private.handle_new_user();
