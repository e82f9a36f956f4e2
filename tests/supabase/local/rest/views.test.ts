/**
 * Relationships through views (supabase/local/rest/view-keys.ts): a view takes the keys of the
 * table columns it shows, so it embeds and is embedded like its table. Each answer is
 * PostgREST's, most after its EmbedDisambiguationSpec and fixtures (projects/clients/tasks,
 * agents/departments, the `job` view of a private table).
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import { beforeAll, describe, expect, it } from "vitest";
import { getSchemaCache } from "../../../../supabase/local/rest/schema-cache.ts";
import type { LocalStack } from "../../../../supabase/local/stack.ts";
import { startTestStack, supabaseAs } from "../../../support/local-stack.ts";
import { rawRequest } from "./fixture.ts";

const SCHEMA = `
create table public.clients (id int primary key, name text not null);
create table public.projects (id int primary key, name text not null, client_id int references public.clients (id));
create table public.tasks (id int primary key, name text not null, project_id int references public.projects (id));
create table public.passports (id int primary key, client_id int unique references public.clients (id));
create view public.projects_view as select id as project_key, name, client_id as client from public.projects;
create view public.projects_view_view as select project_key, name, client from public.projects_view;
create view public.clients_view as select id, name from public.clients;
create view public.task_details as
  select t.id, t.name, p.client_id from public.tasks t join public.projects p on p.id = t.project_id;
create view public.project_names as select id, name from public.projects;
create view public.task_projects as
  select t.id as task, p.id as project, t.name from public.tasks t join public.projects p on p.id = t.project_id;
create view public.projects_twice as select id, client_id as owner, client_id as payer from public.projects;
create view public.passports_view as select id as passport, client_id from public.passports;
create schema if not exists extensions;
create view extensions.project_rows as select id, client_id from public.projects;
create view public.project_rows as select id, client_id from extensions.project_rows;
create view private.project_rows as select id, client_id from public.projects;
create view public.private_project_rows as select id, client_id from private.project_rows;

create table public.departments (id int primary key, name text not null, head_id int);
create table public.agents (id int primary key, name text not null, department_id int references public.departments (id));
alter table public.departments
  add constraint departments_head_id_fkey foreign key (head_id) references public.agents (id);
create view public.departments_view as select id, name, head_id from public.departments;

create table public.players (id int primary key, name text not null);
create table public.teams (id int primary key, name text not null);
create table private.rosters (
  player_id int references public.players (id),
  team_id int references public.teams (id),
  primary key (player_id, team_id)
);
create view public.rosters as select player_id, team_id from private.rosters;

create table private.internal_jobs (id int primary key, parent_id int references private.internal_jobs (id));
create view public.jobs as select id, parent_id from private.internal_jobs;

insert into public.clients values (1, 'Microsoft'), (2, 'Apple');
insert into public.projects values (1, 'Windows 7', 1), (2, 'Windows 10', 1), (3, 'IOS', 2), (4, 'Orphan', null);
insert into public.tasks values (1, 'Design w7', 1), (2, 'Code w7', 1), (3, 'Design IOS', 3);
insert into public.passports values (10, 1);
insert into public.players values (1, 'ann'), (2, 'ben');
insert into public.teams values (1, 'red'), (2, 'blue');
insert into private.rosters values (1, 1), (2, 1), (2, 2);
insert into private.internal_jobs values (1, null), (2, 1);
`;

let stack: LocalStack;
let db: SupabaseClient;

beforeAll(async () => {
  stack = await startTestStack();
  await stack.db.exec(SCHEMA);
  db = supabaseAs(stack, stack.keys.serviceRoleKey);
});

describe("embedding through views", () => {
  it("embeds the table a renaming view's foreign key column points at", async () => {
    const { data, error } = await db.from("projects_view").select("name,clients(name)").eq("project_key", 3);
    expect(error).toBeNull();
    expect(data).toEqual([{ name: "IOS", clients: { name: "Apple" } }]);
  });

  it("embeds by the view's own name for the foreign key column", async () => {
    const { data } = await db.from("projects_view").select("name,client(name)").eq("project_key", 1);
    expect(data).toEqual([{ name: "Windows 7", client: { name: "Microsoft" } }]);
  });

  it("embeds a view's rows in the table it references, as an array", async () => {
    const { data } = await db.from("clients").select("name,projects_view(name)").eq("id", 2);
    expect(data).toEqual([{ name: "Apple", projects_view: [{ name: "IOS" }] }]);
  });

  it("embeds one view in another, both ways", async () => {
    const { data: toMany } = await db.from("clients_view").select("name,projects_view(name)").eq("id", 2);
    expect(toMany).toEqual([{ name: "Apple", projects_view: [{ name: "IOS" }] }]);
    const { data: toOne } = await db.from("projects_view").select("name,clients_view(name)").eq("project_key", 3);
    expect(toOne).toEqual([{ name: "IOS", clients_view: { name: "Apple" } }]);
  });

  it("follows a view of a view down to its table, on either side of the key", async () => {
    const { data: parent } = await db.from("projects_view_view").select("name,clients(name)").eq("project_key", 3);
    expect(parent).toEqual([{ name: "IOS", clients: { name: "Apple" } }]);
    const { data: child } = await db.from("tasks").select("name,projects_view_view(name)").eq("id", 3);
    expect(child).toEqual([{ name: "Design IOS", projects_view_view: { name: "IOS" } }]);
  });

  it("follows a view of a view through db-extra-search-path schemas, not through others", async () => {
    const { data } = await db.from("project_rows").select("id,clients(name)").eq("id", 3);
    expect(data).toEqual([{ id: 3, clients: { name: "Apple" } }]);
    const { error } = await db.from("private_project_rows").select("id,clients(name)");
    expect(error).toMatchObject({ code: "PGRST200" });
  });

  it("embeds through a joined table's key that a view shows", async () => {
    const { data } = await db.from("task_details").select("name,clients(name)").eq("id", 3);
    expect(data).toEqual([{ name: "Design IOS", clients: { name: "Apple" } }]);
  });

  it("finds no relationship for a view that does not show the foreign key column", async () => {
    const { error, status } = await db.from("project_names").select("name,clients(name)");
    expect(status).toBe(400);
    expect(error).toMatchObject({
      code: "PGRST200",
      message: "Could not find a relationship between 'project_names' and 'clients' in the schema cache",
      details:
        "Searched for a foreign key relationship between 'project_names' and 'clients' in the schema 'public', but no matches were found.",
    });
  });

  it.each([
    ["the constraint", "projects_view!tasks_project_id_fkey(name)"],
    ["the referencing column", "projects_view!project_id(name)"],
    ["the view's referenced column", "projects_view!project_key(name)"],
  ])("hints a view target by %s", async (_hint, embed) => {
    const { data } = await db.from("tasks").select(`name,${embed}`).eq("id", 1);
    expect(data).toEqual([{ name: "Design w7", projects_view: { name: "Windows 7" } }]);
  });

  it("leaves views out when a constraint or column names the target", async () => {
    const { data: byConstraint } = await db.from("tasks").select("name,tasks_project_id_fkey(name)").eq("id", 1);
    expect(byConstraint).toEqual([{ name: "Design w7", tasks_project_id_fkey: { name: "Windows 7" } }]);
    const { data: byColumn } = await db.from("tasks").select("name,project_id(name)").eq("id", 1);
    expect(byColumn).toEqual([{ name: "Design w7", project_id: { name: "Windows 7" } }]);
  });

  it("filters parents by an inner embedded view", async () => {
    const { data } = await db.from("clients").select("name,projects_view!inner(name)").eq("projects_view.name", "IOS");
    expect(data).toEqual([{ name: "Apple", projects_view: [{ name: "IOS" }] }]);
  });

  it("keeps the table's one-to-one cardinality through a view", async () => {
    const { data } = await db.from("clients").select("name,passports_view(passport)").order("id");
    expect(data).toEqual([
      { name: "Microsoft", passports_view: { passport: 10 } },
      { name: "Apple", passports_view: null },
    ]);
  });

  it("joins many-to-many through a view of a private junction table", async () => {
    const { data } = await db.from("players").select("name,teams(name)").eq("id", 1);
    expect(data).toEqual([{ name: "ann", teams: [{ name: "red" }] }]);
    const { data: hinted } = await db.from("teams").select("name,players!rosters(name)").eq("id", 2);
    expect(hinted).toEqual([{ name: "blue", players: [{ name: "ben" }] }]);
  });

  it("embeds parents and children through a view of a private self-referencing table", async () => {
    const { data } = await db.from("jobs").select("id,parent_id(*),children:jobs!parent_id(id,parent_id)").order("id");
    expect(data).toEqual([
      { id: 1, parent_id: null, children: [{ id: 2, parent_id: 1 }] },
      { id: 2, parent_id: { id: 1, parent_id: null }, children: [] },
    ]);
  });

  it("gives a view the primary key it shows, for the Location of an inserted row", async () => {
    const response = await rawRequest(stack, "projects_view", {
      method: "POST",
      body: JSON.stringify({ project_key: 5, name: "Vista", client: 1 }),
      headers: { "Content-Type": "application/json", Prefer: "return=headers-only" },
      token: stack.keys.serviceRoleKey,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("Location")).toBe("/projects_view?project_key=eq.5");
  });

  it("gives a join view showing two tables' keys one of them, not both together", async () => {
    const cache = await getSchemaCache(stack.db, { schemas: ["public"], extraSearchPath: [] });

    const key = cache.tables.get("public.task_projects")?.primaryKey;
    expect(key?.length).toBe(1);
    expect(["task", "project"]).toContain(key?.[0]);
  });
});

describe("ambiguous embeds through views", () => {
  it("lists each view column showing the same key column, in column order", async () => {
    const { error, status } = await db.from("projects_twice").select("id,clients(name)");
    expect(status).toBe(300);
    expect(error).toEqual({
      code: "PGRST201",
      message: "Could not embed because more than one relationship was found for 'projects_twice' and 'clients'",
      details: [
        {
          cardinality: "many-to-one",
          embedding: "projects_twice with clients",
          relationship: "projects_client_id_fkey using projects_twice(owner) and clients(id)",
        },
        {
          cardinality: "many-to-one",
          embedding: "projects_twice with clients",
          relationship: "projects_client_id_fkey using projects_twice(payer) and clients(id)",
        },
      ],
      hint: "Try changing 'clients' to one of the following: 'clients!projects_client_id_fkey', 'clients!projects_client_id_fkey'. Find the desired relationship in the 'details' key.",
    });
    const { data } = await db.from("projects_twice").select("id,clients!payer(name)").eq("id", 3);
    expect(data).toEqual([{ id: 3, clients: { name: "Apple" } }]);
  });

  it.each(["departments", "departments_view"])(
    "lists one-to-many before many-to-one, as PostgREST sorts them (%s)",
    async (target) => {
      const { error, status } = await db.from("agents").select(`*,${target}(*)`);
      expect(status).toBe(300);
      expect(error).toEqual({
        code: "PGRST201",
        message: `Could not embed because more than one relationship was found for 'agents' and '${target}'`,
        details: [
          {
            cardinality: "one-to-many",
            embedding: `agents with ${target}`,
            relationship: `departments_head_id_fkey using agents(id) and ${target}(head_id)`,
          },
          {
            cardinality: "many-to-one",
            embedding: `agents with ${target}`,
            relationship: `agents_department_id_fkey using agents(department_id) and ${target}(id)`,
          },
        ],
        hint: `Try changing '${target}' to one of the following: '${target}!departments_head_id_fkey', '${target}!agents_department_id_fkey'. Find the desired relationship in the 'details' key.`,
      });
    },
  );
});
