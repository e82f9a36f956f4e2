-- The change log behind live updates: triggers append every change to the tables the app
-- shows live, and each server process reads it with one keyset query per tick, whatever the
-- number of browsers it serves (src/server/live/change-feed.ts). It needs nothing but
-- PostgREST, so it works the same on hosted Supabase, the embedded stack and any number of
-- app instances. Readable by the service role only: rows carry private data (to-dos, inbox).

create table private.changes (
  id bigint generated always as identity,
  -- IMPORTANT: identity values are drawn before commit, so a reader ordering by id alone
  -- could pass a slow transaction's row before it commits and never see it. The reader only
  -- goes up to the oldest transaction still running (see public.changes_since).
  tx xid8 not null default pg_current_xact_id(),
  table_name text not null,
  operation text not null check (operation in ('insert', 'update', 'delete')),
  row_id bigint not null,
  -- Whose row it is (to-dos, items), for per-subscriber authorization; null for the inbox.
  owner_id uuid,
  -- The row as the app's list queries return it; null for deletes.
  row_data jsonb,
  created_at timestamptz not null default now(),
  primary key (tx, id)
);

create index changes_created_at_idx on private.changes (created_at);

-- Where pruning stopped: a cursor older than this may have lost changes.
create table private.change_log_horizon (
  singleton boolean primary key default true check (singleton),
  tx xid8 not null default '0',
  id bigint not null default 0
);
insert into private.change_log_horizon default values;

create function private.append_change(table_name text, operation text, row_id bigint, owner_id uuid, row_data jsonb)
returns void
language sql
set search_path = ''
as $$
  insert into private.changes (table_name, operation, row_id, owner_id, row_data)
  values (table_name, operation, row_id, owner_id, row_data)
$$;

-- The row shapes below are the list queries' selects (src/server/live/rows.ts); a test
-- compares each event with the list query's answer.
create function private.record_item_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    perform private.append_change('items', 'delete', old.id, old.author_id, null);
    return old;
  end if;
  perform private.append_change('items', lower(tg_op), new.id, new.author_id,
    jsonb_build_object(
      'id', new.id, 'author_id', new.author_id, 'title', new.title, 'body', new.body,
      'created_at', new.created_at,
      'author', (select jsonb_build_object('username', profiles.username)
                 from public.profiles as profiles where profiles.id = new.author_id)));
  return new;
end
$$;

create function private.record_todo_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    perform private.append_change('todos', 'delete', old.id, old.owner_id, null);
    return old;
  end if;
  perform private.append_change('todos', lower(tg_op), new.id, new.owner_id,
    jsonb_build_object(
      'id', new.id, 'title', new.title, 'done', new.done,
      'created_at', new.created_at, 'updated_at', new.updated_at));
  return new;
end
$$;

create function private.record_contact_message_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    perform private.append_change('contact_messages', 'delete', old.id, null, null);
    return old;
  end if;
  perform private.append_change('contact_messages', lower(tg_op), new.id, null,
    jsonb_build_object(
      'id', new.id, 'name', new.name, 'email', new.email, 'subject', new.subject,
      'message', new.message, 'status', new.status, 'created_at', new.created_at));
  return new;
end
$$;

create trigger items_record_change
  after insert or update or delete on public.items
  for each row execute function private.record_item_change();

create trigger todos_record_change
  after insert or update or delete on public.todos
  for each row execute function private.record_todo_change();

create trigger contact_messages_record_change
  after insert or update or delete on public.contact_messages
  for each row execute function private.record_contact_message_change();

-- Changes after a cursor ('tx:id'), oldest first, up to the oldest transaction still running:
-- everything before it has committed or never will, so no row can appear behind the cursor.
create function public.changes_since(after_cursor text, max_rows integer)
returns table (cursor text, table_name text, operation text, row_id bigint, owner_id uuid, row_data jsonb)
language sql
stable
security definer
set search_path = ''
as $$
  select changes.tx::text || ':' || changes.id, changes.table_name, changes.operation,
         changes.row_id, changes.owner_id, changes.row_data
  from private.changes as changes
  where (changes.tx, changes.id) > (split_part(after_cursor, ':', 1)::xid8, split_part(after_cursor, ':', 2)::bigint)
    and changes.tx < pg_snapshot_xmin(pg_current_snapshot())
  order by changes.tx, changes.id
  limit max_rows
$$;

-- Where a new reader starts (the newest readable change) and the oldest cursor still exact.
create function public.change_log_position()
returns table (head text, horizon text)
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
           (select changes.tx::text || ':' || changes.id from private.changes as changes
            where changes.tx < pg_snapshot_xmin(pg_current_snapshot())
            order by changes.tx desc, changes.id desc limit 1),
           horizon.tx::text || ':' || horizon.id),
         horizon.tx::text || ':' || horizon.id
  from private.change_log_horizon as horizon
$$;

-- Forgets changes older than the retention; readers behind the horizon resynchronize.
create function public.prune_changes(retention_seconds integer)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  newest_pruned record;
begin
  select changes.tx, changes.id into newest_pruned
  from private.changes as changes
  where changes.created_at < now() - make_interval(secs => retention_seconds)
  order by changes.tx desc, changes.id desc
  limit 1;
  if not found then
    return;
  end if;
  delete from private.changes as changes
  where (changes.tx, changes.id) <= (newest_pruned.tx, newest_pruned.id);
  update private.change_log_horizon set tx = newest_pruned.tx, id = newest_pruned.id;
end
$$;

revoke all on table private.changes, private.change_log_horizon from public, anon, authenticated;
revoke execute on function public.changes_since(text, integer) from public, anon, authenticated;
revoke execute on function public.change_log_position() from public, anon, authenticated;
revoke execute on function public.prune_changes(integer) from public, anon, authenticated;
grant execute on function public.changes_since(text, integer) to service_role;
grant execute on function public.change_log_position() to service_role;
grant execute on function public.prune_changes(integer) to service_role;
