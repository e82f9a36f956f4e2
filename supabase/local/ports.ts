/**
 * The stack's ports as the Supabase CLI's are set: in supabase/config.toml. A port already
 * taken fails with a message naming the port, the setting that chose it and, where `ss` can
 * tell, the process holding it, instead of a bare EADDRINUSE.
 */
import { execFileSync } from "node:child_process";

export class PortInUseError extends Error {}

/** Runs `open` (a server's listen); an EADDRINUSE from it becomes a PortInUseError. */
export async function openPort<T>(port: number, setting: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    throw new PortInUseError(portInUseMessage(port, setting));
  }
}

export function portInUseMessage(port: number, setting: string): string {
  const holder = portHolder(port);
  return (
    `Port ${port} is already in use${holder ? ` by ${holder}` : ""}. ` +
    `supabase/config.toml sets it (${setting}): stop that process, or choose another port there.`
  );
}

/** "node (pid 123)" for the process listening on `port`, or null when it cannot be told. */
export function portHolder(port: number): string | null {
  try {
    const out = execFileSync("ss", ["-Hltnp", `sport = :${port}`], { encoding: "utf8", timeout: 2_000 });
    const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(out);
    return match ? `${match[1]} (pid ${match[2]})` : null;
  } catch {
    return null;
  }
}
