/**
 * The fuzzy set against the fuzzyset package's own examples (Data.FuzzySet's documentation),
 * and the hints against the doctests of PostgREST's Error.hs.
 */
import { describe, expect, it } from "vitest";
import { fuzzyGet, fuzzyGetOne, fuzzySetFrom, gramVector } from "../../../../supabase/local/rest/fuzzy.ts";
import { noRelBetweenHint, noRpcHint, tableNotFoundHint } from "../../../../supabase/local/rest/hints.ts";

// biome-ignore format: the library's list, as it prints it
const STATES = [
  "Alabama", "Alaska", "American Samoa", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
  "District of Columbia", "Florida", "Georgia", "Guam", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas",
  "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri",
  "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina",
  "North Dakota", "Northern Marianas Islands", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Puerto Rico",
  "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia",
  "Virgin Islands", "Washington", "West Virginia", "Wisconsin", "Wyoming",
];

describe("the fuzzy set, as Data.FuzzySet", () => {
  const states = fuzzySetFrom(STATES);

  it("counts the grams of the lower-cased, hyphen-padded string", () => {
    expect(Object.fromEntries(gramVector("Mississippi", 3))).toEqual({
      "-mi": 1,
      mis: 1,
      iss: 2,
      ssi: 2,
      sis: 1,
      sip: 1,
      ipp: 1,
      ppi: 1,
      "pi-": 1,
    });
    expect(Object.fromEntries(gramVector("xxxx", 2))).toEqual({ "-x": 1, xx: 3, "x-": 1 });
    expect(gramVector("intrent'srestaurantsomeoftrent'saunt'santswantsamtorentsomepants", 3).get("nts")).toBe(8);
  });

  it("keeps letters, digits, spaces and commas only", () => {
    expect([...gramVector("Destroido Corp.", 3).keys()]).toEqual([
      "-de",
      "des",
      "est",
      "str",
      "tro",
      "roi",
      "oid",
      "ido",
      "do ",
      "o c",
      " co",
      "cor",
      "orp",
      "rp-",
    ]);
    expect([...gramVector("(a, b)", 2).keys()]).toEqual(["-a", "a,", ", ", " b", "b-"]);
  });

  it("scores by Levenshtein similarity, best first", () => {
    expect(fuzzyGet(states, "Burger Islands")).toEqual([
      [0.7142857142857143, "Virgin Islands"],
      [0.5714285714285714, "Rhode Island"],
      [0.44, "Northern Marianas Islands"],
      [0.35714285714285715, "Maryland"],
    ]);
    expect(fuzzyGet(states, "Why-oh-me-ing")).toEqual([[0.5384615384615384, "Wyoming"]]);
    expect(fuzzyGet(states, "Connect a cat")).toEqual([[0.6923076923076923, "Connecticut"]]);
    expect(fuzzyGet(states, "CanOfSauce")).toEqual([[0.4, "Kansas"]]);
    const shaggy = fuzzySetFrom(["Shaggy Rogers", "Fred Jones", "Daphne Blake", "Velma Dinkley"]);
    expect(fuzzyGet(shaggy, "Shaggy Jones")).toEqual([
      [0.7692307692307693, "Shaggy Rogers"],
      [0.5, "Fred Jones"],
    ]);
  });

  it("gives the same scores to ties as the library (whose printed tie order came from another port)", () => {
    const scored = (query: string) => fuzzyGet(states, query).sort((a, b) => b[0] - a[0] || a[1].localeCompare(b[1]));
    expect(scored("Transylvania")).toEqual([
      [0.75, "Pennsylvania"],
      [0.3333333333333333, "Arkansas"],
      [0.3333333333333333, "California"],
      [0.3333333333333333, "Kansas"],
    ]);
    expect(scored("Alaskanbraskansas")).toEqual([
      [0.47058823529411764, "Arkansas"],
      [0.35294117647058826, "Alabama"],
      [0.35294117647058826, "Alaska"],
      [0.35294117647058826, "Kansas"],
      [0.35294117647058826, "Nebraska"],
    ]);
  });

  it("answers an exact match, case aside, alone at 1", () => {
    expect(fuzzyGet(states, "alaska")).toEqual([[1, "Alaska"]]);
  });

  it("returns the best match or nothing", () => {
    expect(fuzzyGetOne(fuzzySetFrom(["Jurassic Park", "Terminator", "The Matrix"]), "percolator")).toBe("Terminator");
    expect(fuzzyGetOne(states, "zzzzzz")).toBeNull();
    expect(fuzzyGetOne(states, "Burger Islands", 0.75)).toBeNull();
  });
});

describe("PostgREST's hints (Error.hs doctests)", () => {
  const procs = ["test", "another"];
  const procsDesc = [
    ["val", "param", "name"],
    ["id", "attr"],
  ];

  it.each([
    ["testt", ["val", "param", "name"], "Perhaps you meant to call the function api.test"],
    // 0.71 similar: under the 0.75 that table and function names need
    ["other", [], null],
    ["noclosealternative", [], null],
  ])("noRpcHint api %s", (name, keys, hint) => {
    expect(noRpcHint("api", name, keys, procs, [])).toBe(hint);
  });

  it.each([
    [["vall", "pqaram", "nam"], "Perhaps you meant to call the function api.test(name, param, val)"],
    [["val", "param"], "Perhaps you meant to call the function api.test(name, param, val)"],
    [["id", "attrs"], "Perhaps you meant to call the function api.test(attr, id)"],
    [["id"], "Perhaps you meant to call the function api.test(attr, id)"],
    [["noclosealternative"], null],
  ])("noRpcHint api test %j", (keys, hint) => {
    expect(noRpcHint("api", "test", keys, procs, procsDesc)).toBe(hint);
  });

  const children = ["directors", "roles", "actors"];
  it.each([
    ["film", "directors", null, "Perhaps you meant 'films' instead of 'film'."],
    ["films", "role", children, "Perhaps you meant 'roles' instead of 'role'."],
    ["films", "actors", children, null],
    ["noclosealternative", "roles", null, null],
    ["films", "noclosealternative", children, null],
  ])("noRelBetweenHint %s %s", (parent, child, targets, hint) => {
    expect(noRelBetweenHint(parent, child, ["films"], targets)).toBe(hint);
  });

  it("hints a table one or two edits away, not further", () => {
    const tables = ["projects", "clients"];
    expect(tableNotFoundHint("test", "projectx", tables)).toBe("Perhaps you meant the table 'test.projects'");
    expect(tableNotFoundHint("test", "projecxx", tables)).toBe("Perhaps you meant the table 'test.projects'");
    expect(tableNotFoundHint("test", "projxxxx", tables)).toBeNull();
  });

  it("gives no table hint in a schema of 500 tables or more", () => {
    const tables = Array.from({ length: 500 }, (_, i) => `table_${i}`);
    expect(tableNotFoundHint("api", "table_499x", tables)).toBeNull();
    expect(tableNotFoundHint("api", "table_499x", tables.slice(1))).toBe("Perhaps you meant the table 'api.table_499'");
  });
});
