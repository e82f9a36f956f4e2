-- What the admin pages read from auth.users, for the service role only (the server's named
-- admin tasks). Roles are written through GoTrue's admin API, never here.

-- GoTrue's admin API pages users by offset, so sign-ups between two pages would shift rows
-- into the next page twice; this reads them by keyset on (created_at, id), newest first.
create function public.users_page(page_size integer, after_created_at timestamptz default null, after_id uuid default null)
returns table (id uuid, email text, username text, role text, created_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select users.id, users.email::text, profiles.username,
         coalesce(users.raw_app_meta_data ->> 'role', 'user'), users.created_at
  from auth.users as users
  left join public.profiles as profiles on profiles.id = users.id
  where after_created_at is null
     or users.created_at < after_created_at
     or (users.created_at = after_created_at and users.id < after_id)
  order by users.created_at desc, users.id desc
  limit page_size
$$;

-- Lets the server refuse to demote the last admin.
create function public.admin_count()
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select count(*)::integer from auth.users where raw_app_meta_data ->> 'role' = 'admin'
$$;

-- IMPORTANT: Supabase's default privileges grant execute to anon and authenticated explicitly,
-- so revoking from public alone would leave them able to list every user.
revoke execute on function public.users_page(integer, timestamptz, uuid) from public, anon, authenticated;
revoke execute on function public.admin_count() from public, anon, authenticated;
grant execute on function public.users_page(integer, timestamptz, uuid) to service_role;
grant execute on function public.admin_count() to service_role;
