/**
 * One owner per data folder. IMPORTANT: two processes that open one PGlite folder both
 * write to it and silently lose each other's data, so a second process is refused, naming
 * the owner's pid; a lock left by a killed process is detected and taken over.
 * Not supported: folders shared between machines (the pid is only checked on this one).
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";

export class DataFolderInUseError extends Error {}

/** Takes the folder's lock for this process; returns the function that releases it. */
export function claimDataFolder(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      closeSync(fd);
      const release = () => rmSync(lockPath, { force: true });
      process.once("exit", release);
      return () => {
        process.removeListener("exit", release);
        release();
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = readOwner(lockPath);
      if (owner && isAlive(owner.pid)) {
        throw new DataFolderInUseError(
          `The local Supabase data folder ${dataDir} is in use by process ${owner.pid} (since ${owner.since}). ` +
            "Stop that process, or reuse the stack it serves.",
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataFolderInUseError(`Could not take the lock ${lockPath}: another process keeps taking it.`);
}

function readOwner(lockPath: string): { pid: number; since: string } | null {
  try {
    return JSON.parse(readFileSync(lockPath, "utf8"));
  } catch {
    // Unreadable or half-written: its writer died mid-write, so nobody owns the folder.
    return null;
  }
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
