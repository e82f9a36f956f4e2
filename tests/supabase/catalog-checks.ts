/**
 * Catalog queries with their expected answers, shared by the PGlite suite and the real
 * PostgreSQL check so both servers are held to the same rules. Each query returns only
 * plain text columns, so psql's output and PGlite's rows compare directly.
 */
const PROJECT_SCHEMAS = "('public', 'private')";

export interface CatalogCheck {
  sql: string;
  expected: Record<string, string>[];
}

export const CATALOG_CHECKS: Record<string, CatalogCheck> = {
  "every table in public has row level security enabled": {
    sql: `select c.relname::text as "table" from pg_class c
          where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relrowsecurity
          order by 1`,
    expected: [],
  },
  "every table in public has at least one policy": {
    sql: `select c.relname::text as "table" from pg_class c
          where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
            and not exists (select 1 from pg_policy p where p.polrelid = c.oid)
          order by 1`,
    expected: [],
  },
  "no security definer function runs without a fixed search_path": {
    sql: `select p.oid::regprocedure::text as "function" from pg_proc p
          where p.pronamespace::regnamespace::text in ${PROJECT_SCHEMAS} and p.prosecdef
            and not exists (select 1 from unnest(p.proconfig) setting where setting like 'search_path=%')
          order by 1`,
    expected: [],
  },
  "every policy covers one action, names it in a sentence and targets a role": {
    sql: `select tablename::text as "table", policyname::text as policy from pg_policies
          where schemaname = 'public'
            and (cmd = 'ALL' or policyname !~ '^[A-Z][^.]*\\.$' or roles = '{public}')
          order by 1, 2`,
    expected: [],
  },
  "policies call auth.uid() and is_admin() once per statement, through (select ...)": {
    sql: `select tablename::text as "table", policyname::text as policy from pg_policies
          where schemaname = 'public'
            and regexp_replace(coalesce(qual, '') || coalesce(with_check, ''),
                               'SELECT (auth\\.uid\\(\\)|is_admin\\(\\))', '', 'g') ~ '(auth\\.uid|is_admin)\\('
          order by 1, 2`,
    expected: [],
  },
  "every foreign key column leads an index": {
    sql: `select c.conrelid::regclass::text as "table", a.attname::text as "column" from pg_constraint c
          join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
          where c.contype = 'f' and c.connamespace = 'public'::regnamespace
            and not exists (select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1])
          order by 1, 2`,
    expected: [],
  },
  "anon and authenticated hold exactly the table and column grants they need": {
    sql: `with grants as (
            select c.relname::text as "table", r.rolname::text as role, g.privilege_type::text as privilege
            from pg_class c cross join aclexplode(c.relacl) g join pg_roles r on r.oid = g.grantee
            where c.relnamespace = 'public'::regnamespace and r.rolname in ('anon', 'authenticated')
            union all
            select c.relname::text, r.rolname::text, g.privilege_type || '(' || a.attname || ')'
            from pg_attribute a join pg_class c on c.oid = a.attrelid
            cross join aclexplode(a.attacl) g join pg_roles r on r.oid = g.grantee
            where c.relnamespace = 'public'::regnamespace and r.rolname in ('anon', 'authenticated')
          )
          select "table", role, string_agg(privilege, ' ' order by privilege) as privileges
          from grants group by 1, 2 order by 1, 2`,
    expected: [
      {
        table: "contact_messages",
        role: "anon",
        privileges: "INSERT(email) INSERT(message) INSERT(name) INSERT(subject) INSERT(user_id)",
      },
      {
        table: "contact_messages",
        role: "authenticated",
        privileges:
          "DELETE INSERT(email) INSERT(message) INSERT(name) INSERT(subject) INSERT(user_id) SELECT UPDATE(status)",
      },
      {
        table: "conversations",
        role: "authenticated",
        privileges: "DELETE INSERT(owner_id) INSERT(title) SELECT",
      },
      { table: "items", role: "anon", privileges: "SELECT" },
      {
        table: "items",
        role: "authenticated",
        privileges: "DELETE INSERT(author_id) INSERT(body) INSERT(title) SELECT",
      },
      {
        table: "messages",
        role: "authenticated",
        privileges: "INSERT(content) INSERT(conversation_id) INSERT(role) SELECT",
      },
      { table: "profiles", role: "anon", privileges: "SELECT" },
      { table: "profiles", role: "authenticated", privileges: "SELECT UPDATE(display_name) UPDATE(username)" },
      {
        table: "todos",
        role: "authenticated",
        privileges: "DELETE INSERT(done) INSERT(owner_id) INSERT(title) SELECT UPDATE(done) UPDATE(title)",
      },
    ],
  },
  "only the service role may hit the rate limiter or the assistant budget, ask about sessions, list users, change roles or read the change log; only signed-in users may ask is_admin()":
    {
      sql: `select p.oid::regprocedure::text as "function", r.rolname::text as role
          from pg_proc p cross join pg_roles r
          where p.pronamespace = 'public'::regnamespace
            and r.rolname in ('anon', 'authenticated', 'service_role')
            and has_function_privilege(r.oid, p.oid, 'execute')
          order by 1, 2`,
      expected: [
        { function: "assistant_budget_hit(uuid,integer,integer)", role: "service_role" },
        { function: "assistant_budget_spend(uuid,integer)", role: "service_role" },
        { function: "assistant_budget_today(uuid)", role: "service_role" },
        { function: "change_log_position()", role: "service_role" },
        { function: "changes_since(text,integer)", role: "service_role" },
        { function: "is_admin()", role: "authenticated" },
        { function: "is_admin()", role: "service_role" },
        { function: "prune_changes(integer)", role: "service_role" },
        { function: "rate_limit_hit(text,integer,integer)", role: "service_role" },
        { function: "session_is_active(uuid)", role: "service_role" },
        { function: "set_user_role(uuid,uuid,text)", role: "service_role" },
        { function: "users_page(integer,timestamp with time zone,uuid)", role: "service_role" },
      ],
    },
  "the private schema is out of reach of the API roles": {
    sql: `select r.rolname::text as role from pg_roles r
          where r.rolname in ('anon', 'authenticated', 'service_role')
            and has_schema_privilege(r.oid, 'private', 'usage')
          order by 1`,
    expected: [],
  },
};
