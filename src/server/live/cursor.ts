/** Change cursors (`tx:id`, see src/schemas/live.ts) in log order: negative, zero or positive as `a` is before, at or after `b`. */
export function compareCursors(a: string, b: string): number {
  const [aTx, aId] = parts(a);
  const [bTx, bId] = parts(b);
  if (aTx !== bTx) return aTx < bTx ? -1 : 1;
  return aId === bId ? 0 : aId < bId ? -1 : 1;
}

function parts(cursor: string): [bigint, bigint] {
  const [tx = "0", id = "0"] = cursor.split(":");
  return [BigInt(tx), BigInt(id)];
}
