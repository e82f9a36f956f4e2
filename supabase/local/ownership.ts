/**
 * One owner per data folder. IMPORTANT: two processes that open one PGlite folder both
 * write to it and silently lose each other's data, so a second process is refused, naming
 * the owner's pid; a lock left by a killed process is detected and taken over.
 * Not supported: folders shared between machines (the pid is only checked on this one).
 */
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export class DataFolderInUseError extends Error {}

interface Owner {
  pid: number;
  since: string;
}

/** Takes the folder's lock for this process; returns the function that releases it. */
export function claimDataFolder(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`;
  // On a fresh clone not even .supabase/ exists yet.
  mkdirSync(dirname(lockPath), { recursive: true });
  const me: Owner = { pid: process.pid, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createLock(lockPath, me)) {
      const release = () => {
        // Only our own lock: after a takeover the file may be someone else's.
        if (readOwner(lockPath)?.pid === me.pid) rmSync(lockPath, { force: true });
      };
      process.once("exit", release);
      return () => {
        process.removeListener("exit", release);
        release();
      };
    }
    const owner = readOwner(lockPath);
    if (owner && isAlive(owner.pid)) {
      throw new DataFolderInUseError(
        `The local Supabase data folder ${dataDir} is in use by process ${owner.pid} (since ${owner.since}). ` +
          "Stop that process, or reuse the stack it serves.",
      );
    }
    setAsideStaleLock(lockPath, owner);
  }
  throw new DataFolderInUseError(`Could not take the lock ${lockPath}: other processes keep taking it.`);
}

/** Atomic: the lock appears complete (written aside, then hard-linked) or not at all. */
function createLock(lockPath: string, owner: Owner) {
  const draft = `${lockPath}.${owner.pid}.draft`;
  writeFileSync(draft, JSON.stringify(owner));
  try {
    linkSync(draft, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return false;
  } finally {
    rmSync(draft, { force: true });
  }
}

/**
 * Moves a dead owner's lock aside. Another process may have taken it over in the meantime;
 * if what was moved is not the dead lock we read, it goes back (or, if a third process
 * already re-created the lock, it is dropped and the next attempt sees the live owner).
 */
function setAsideStaleLock(lockPath: string, stale: Owner | null) {
  const aside = `${lockPath}.${process.pid}.stale`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return;
  }
  const moved = readOwner(aside);
  if (moved && stale && moved.pid !== stale.pid && isAlive(moved.pid)) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // The lock exists again; its owner is found on the next attempt.
    }
  }
  rmSync(aside, { force: true });
}

function readOwner(lockPath: string): Owner | null {
  try {
    return JSON.parse(readFileSync(lockPath, "utf8"));
  } catch {
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
