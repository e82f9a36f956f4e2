-- Development data: three demo accounts (password "password123", dev only) and enough rows
-- for a signed-in demo user to see a living app. Profiles come from the sign-up trigger.

insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  confirmation_token, recovery_token, email_change_token_new, email_change
)
select
  '00000000-0000-0000-0000-000000000000', demo.id, 'authenticated', 'authenticated', demo.email,
  extensions.crypt('password123', extensions.gen_salt('bf', 10)), now(),
  '{"provider": "email", "providers": ["email"]}'::jsonb || demo.app_meta_data, demo.user_meta_data, now(), now(),
  '', '', '', ''
from (values
  ('a11ce000-0000-4000-8000-000000000001'::uuid, 'alice@example.com', '{}'::jsonb,
   '{"username": "alice", "display_name": "Alice Liddell"}'::jsonb),
  ('b0b00000-0000-4000-8000-000000000002'::uuid, 'bob@example.com', '{}'::jsonb,
   '{"username": "bob", "display_name": "Bob Builder"}'::jsonb),
  ('ad000000-0000-4000-8000-000000000003'::uuid, 'admin@example.com', '{"role": "admin"}'::jsonb,
   '{"username": "admin", "display_name": "Site Admin"}'::jsonb)
) as demo (id, email, app_meta_data, user_meta_data);

-- Hosted GoTrue signs users in through auth.identities; the embedded stack has no such table.
do $$
begin
  if to_regclass('auth.identities') is not null then
    execute $sql$
      insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
      select gen_random_uuid(), id::text, id,
             jsonb_build_object('sub', id::text, 'email', email, 'email_verified', true),
             'email', now(), now(), now()
      from auth.users
      where email in ('alice@example.com', 'bob@example.com', 'admin@example.com')
    $sql$;
  end if;
end
$$;

insert into public.items (author_id, title, body, created_at) values
  ('a11ce000-0000-4000-8000-000000000001', 'Welcome to the board', 'Anyone can read this; sign in to post.', now() - interval '3 days'),
  ('b0b00000-0000-4000-8000-000000000002', 'Can we fix it?', 'Yes we can.', now() - interval '2 days'),
  ('a11ce000-0000-4000-8000-000000000001', 'Down the rabbit hole', '', now() - interval '1 day'),
  ('ad000000-0000-4000-8000-000000000003', 'House rules', 'Be kind. Authors and admins can delete posts.', now() - interval '1 hour');

insert into public.todos (owner_id, title, done, created_at) values
  ('a11ce000-0000-4000-8000-000000000001', 'Follow the white rabbit', true, now() - interval '2 days'),
  ('a11ce000-0000-4000-8000-000000000001', 'Have tea with the Hatter', false, now() - interval '1 day'),
  ('a11ce000-0000-4000-8000-000000000001', 'Find the garden key', false, now()),
  ('b0b00000-0000-4000-8000-000000000002', 'Order more bricks', false, now() - interval '1 day'),
  ('b0b00000-0000-4000-8000-000000000002', 'Fix the roof', true, now());

insert into public.contact_messages (user_id, name, email, subject, message, status, created_at) values
  (null, 'Curious Visitor', 'visitor@example.org', 'Signing up', 'How do I create an account?', 'new', now() - interval '5 hours'),
  ('b0b00000-0000-4000-8000-000000000002', 'Bob Builder', 'bob@example.com', 'Thanks', 'Love the board!', 'read', now() - interval '1 day');
