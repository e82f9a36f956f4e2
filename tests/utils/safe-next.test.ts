import { expect, test } from "vitest";
import { safeNextPath } from "~/utils/safe-next";

test.each([
  ["/todos?filter=active", "/todos?filter=active"],
  ["/account#password", "/account#password"],
  ["//evil.example", "/"],
  ["/\t/evil.example", "/"],
  ["/\n/evil.example", "/"],
  ["/\\evil.example", "/"],
  ["https://evil.example", "/"],
  ["javascript:alert(1)", "/"],
  [undefined, "/"],
  [["/a", "/b"], "/"],
])("next=%j goes to %j", (next, expected) => {
  expect(safeNextPath(next)).toBe(expected);
});
