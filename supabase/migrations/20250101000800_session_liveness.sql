-- Whether a session is still live: a signed-out (or globally revoked) session's row is gone
-- from auth.sessions at once, while its access tokens stay valid JWTs until they expire. The
-- server asks this after verifying a token, so a revoked session stops working everywhere.

create function public.session_is_active(session_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from auth.sessions s
    where s.id = session_is_active.session_id and (s.not_after is null or s.not_after > now())
  )
$$;

-- IMPORTANT: Supabase's default privileges grant execute to anon and authenticated explicitly,
-- so revoking from public alone would leave them able to probe sessions.
revoke execute on function public.session_is_active(uuid) from public, anon, authenticated;
grant execute on function public.session_is_active(uuid) to service_role;
