-- Role changes as one transaction, for the service role only (the server's user.setRole).
-- Checking "is the caller an admin, is this the last admin" through the Auth admin API and
-- then writing the role took several requests, so two admins demoting each other at the
-- same moment could both pass the check and leave the project without an admin.

-- IMPORTANT: the role lives in auth.users.raw_app_meta_data, which GoTrue copies into the
-- user's access token at its next refresh; GoTrue reads it from this table, so writing it
-- here is what its admin API does, minus the race (and minus GoTrue's audit log entry).
-- Refusals use PostgREST's custom statuses (PTxxx answers HTTP xxx), with words for the user.
create function public.set_user_role(acting_admin uuid, target_user uuid, new_role text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  target_role text;
begin
  if new_role not in ('user', 'admin') then
    raise exception 'Unknown role %', new_role using errcode = '22023';
  end if;
  -- IMPORTANT: one role change at a time. A second one waits here until the first commits,
  -- and its reads below then see the first one's outcome (PostgREST runs read committed).
  -- Role changes that bypass this function (Studio, the Auth admin API) are not held back.
  perform pg_advisory_xact_lock(hashtext('public.set_user_role'));
  if not exists (select 1 from auth.users where id = acting_admin and raw_app_meta_data ->> 'role' = 'admin') then
    raise exception 'Only admins can do this' using errcode = 'PT403';
  end if;
  select coalesce(raw_app_meta_data ->> 'role', 'user') into target_role from auth.users where id = target_user;
  if not found then
    raise exception 'This user does not exist' using errcode = 'PT404';
  end if;
  if target_role = 'admin' and new_role <> 'admin'
     and (select count(*) from auth.users where raw_app_meta_data ->> 'role' = 'admin') <= 1 then
    raise exception 'Promote another admin first: this is the last one' using errcode = 'PT412';
  end if;
  update auth.users
  set raw_app_meta_data = coalesce(raw_app_meta_data, '{}'::jsonb) || jsonb_build_object('role', new_role),
      updated_at = now()
  where id = target_user;
end
$$;

-- IMPORTANT: Supabase's default privileges grant execute to anon and authenticated explicitly,
-- so revoking from public alone would let any user make themselves an admin.
revoke execute on function public.set_user_role(uuid, uuid, text) from public, anon, authenticated;
grant execute on function public.set_user_role(uuid, uuid, text) to service_role;

-- set_user_role counts the admins itself, under its lock.
drop function public.admin_count();
