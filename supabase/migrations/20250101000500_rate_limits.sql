-- Fixed-window rate limiting shared by every server instance: one row per key in a schema
-- the REST API does not expose, hit through one function only the service role may call.

create table private.rate_limits (
  key text primary key,
  window_started_at timestamptz not null,
  hits integer not null
);

-- One atomic statement: concurrent calls for a key serialize on its row lock, so no two
-- requests can both take the last hit of a window.
create function public.rate_limit_hit(key text, max_hits integer, window_seconds integer)
returns table (allowed boolean, remaining integer, retry_after_seconds integer)
language sql
volatile
security definer
set search_path = ''
as $$
  insert into private.rate_limits as limits (key, window_started_at, hits)
  -- IMPORTANT: in SQL functions a column name wins over a parameter of the same name, so
  -- the `key` parameter is always written rate_limit_hit.key.
  values (rate_limit_hit.key, now(), 1)
  on conflict on constraint rate_limits_pkey do update
    set hits = case
          when limits.window_started_at + make_interval(secs => window_seconds) <= now() then 1
          else limits.hits + 1
        end,
        window_started_at = case
          when limits.window_started_at + make_interval(secs => window_seconds) <= now() then now()
          else limits.window_started_at
        end
  returning
    limits.hits <= max_hits,
    greatest(max_hits - limits.hits, 0),
    case
      when limits.hits <= max_hits then 0
      else greatest(ceil(extract(epoch from limits.window_started_at + make_interval(secs => window_seconds) - now())), 1)::integer
    end
$$;

-- IMPORTANT: Supabase's default privileges grant execute to anon and authenticated explicitly,
-- so revoking from public alone would leave them able to call it.
revoke execute on function public.rate_limit_hit(text, integer, integer) from public, anon, authenticated;
grant execute on function public.rate_limit_hit(text, integer, integer) to service_role;
