/**
 * Relationships across the schemas PostgREST exposes (`[api] schemas`): a many-to-many whose
 * junction lives in another exposed schema is found (and counts in PGRST201) but PostgREST's
 * query then names the junction with the origin's schema, which Postgres refuses (404 42P01);
 * a junction in a schema that is not exposed, even one on `extra_search_path`, is none.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadSettings } from "../../../../supabase/local/settings.ts";
import { createLocalStack, type LocalStack } from "../../../../supabase/local/stack.ts";
import { startTestStack } from "../../../support/local-stack.ts";
import { rawRequest } from "./fixture.ts";

let stack: LocalStack;

const SCHEMA = `
create schema shop;
create table public.actors (id int primary key, name text not null);
create table public.films (id int primary key, title text not null);
create table shop.roles (
  actor_id int references public.actors (id),
  film_id int references public.films (id),
  primary key (actor_id, film_id)
);
create table public.bands (id int primary key, name text not null);
create table public.venues (id int primary key, name text not null);
create table public.gigs (band_id int references public.bands (id), venue_id int references public.venues (id), primary key (band_id, venue_id));
create table shop.gigs (band_id int references public.bands (id), venue_id int references public.venues (id), primary key (band_id, venue_id));
create table public.directors (id int primary key, name text not null);
create table public.studios (id int primary key, name text not null);
create table extensions.contracts (
  director_id int references public.directors (id),
  studio_id int references public.studios (id),
  primary key (director_id, studio_id)
);
insert into public.actors values (1, 'john');
insert into public.films values (12, 'douze');
insert into shop.roles values (1, 12);
`;

beforeAll(async () => {
  stack = await startTestStack({}, { schemas: ["public", "shop"] });
  await stack.db.exec(SCHEMA);
});

async function get(path: string, through = stack) {
  const response = await rawRequest(through, path, { token: through.keys.serviceRoleKey });
  return { status: response.status, body: await response.json() };
}

describe("many-to-many through a junction in another schema, as PostgREST v14", () => {
  it("a junction in another exposed schema is found, then PostgREST's query fails with 404 42P01", async () => {
    const failure = {
      status: 404,
      body: {
        code: "42P01",
        message: 'invalid reference to FROM-clause entry for table "roles"',
        details: 'There is an entry for table "roles", but it cannot be referenced from this part of the query.',
        hint: null,
      },
    };
    expect(await get("actors?select=name,films(title)")).toEqual(failure);
    expect(await get("films?select=title,actors!roles(name)")).toEqual(failure);
  });

  it("junctions of one name in two exposed schemas are ambiguous: PGRST201 lists both", async () => {
    const relationship = {
      cardinality: "many-to-many",
      embedding: "bands with venues",
      relationship: "gigs using gigs_band_id_fkey(band_id) and gigs_venue_id_fkey(venue_id)",
    };
    expect(await get("bands?select=name,venues(name)")).toEqual({
      status: 300,
      body: {
        code: "PGRST201",
        message: "Could not embed because more than one relationship was found for 'bands' and 'venues'",
        details: [relationship, relationship],
        hint: "Try changing 'venues' to one of the following: 'venues!gigs', 'venues!gigs'. Find the desired relationship in the 'details' key.",
      },
    });
  });

  it("a stack over the same database that exposes only public does not find the junction", async () => {
    const publicOnly = await createLocalStack(stack.db, loadSettings(), stack.url);
    await get("actors?select=name,films(title)");
    expect(await get("actors?select=name,films(title)", publicOnly)).toMatchObject({
      status: 400,
      body: { code: "PGRST200" },
    });
  });

  it("a junction in a schema that is only on extra_search_path is no relationship: PGRST200", async () => {
    expect(await get("directors?select=name,studios(name)")).toMatchObject({
      status: 400,
      body: {
        code: "PGRST200",
        message: "Could not find a relationship between 'directors' and 'studios' in the schema cache",
        details:
          "Searched for a foreign key relationship between 'directors' and 'studios' in the schema 'public', but no matches were found.",
      },
    });
  });
});
