-- The contact form gets a subject, and admins may delete messages from the inbox.

-- Messages sent before subjects existed keep a readable one.
alter table public.contact_messages
  add column subject text not null default 'No subject',
  add constraint contact_messages_subject_length check (btrim(subject) <> '' and char_length(subject) <= 150);

create index contact_messages_status_created_at_id_idx on public.contact_messages (status, created_at desc, id desc);

create policy "Admins can delete contact messages."
  on public.contact_messages for delete
  to authenticated
  using ((select public.is_admin()));

grant insert (subject) on public.contact_messages to anon, authenticated;
grant delete on public.contact_messages to authenticated;
