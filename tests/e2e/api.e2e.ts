import { expect, inject, test } from "vitest";

const batchOf = (path: string, count: number) =>
  `${Array(count).fill(path).join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`;

test("a query's answer goes out whole, with its Content-Length", async () => {
  const response = await fetch(`${inject("appUrl")}/api/trpc/health.check`);
  const body = await response.arrayBuffer();

  expect(response.status).toBe(200);
  expect(response.headers.get("transfer-encoding")).toBeNull();
  expect(response.headers.get("content-length")).toBe(String(body.byteLength));
});

test("a batch asked for as a stream (httpBatchStreamLink) is still streamed", async () => {
  const response = await fetch(`${inject("appUrl")}/api/trpc/${batchOf("health.check", 2)}`, {
    headers: { "trpc-accept": "application/jsonl" },
  });
  const lines = (await response.text()).trim().split("\n");

  expect(response.status).toBe(200);
  expect(response.headers.get("transfer-encoding")).toBe("chunked");
  expect(response.headers.get("content-length")).toBeNull();
  expect(lines.length).toBeGreaterThan(1);
});
