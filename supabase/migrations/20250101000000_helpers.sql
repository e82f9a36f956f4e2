-- Shared building blocks: a schema the REST API never exposes, the admin check every
-- policy uses, and the trigger that keeps `updated_at` honest.

create schema private;
revoke all on schema private from public;

-- Admins are users whose app_metadata.role is 'admin'. Only the admin API (service role)
-- can write app_metadata, so a user cannot promote themself by editing user_metadata.
create function public.is_admin()
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce((auth.jwt() -> 'app_metadata' ->> 'role') = 'admin', false)
$$;

revoke execute on function public.is_admin() from public, anon;
grant execute on function public.is_admin() to authenticated, service_role;

create function private.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
