/**
 * A throwaway PostgreSQL cluster from the Debian `postgresql` package, for proving the
 * migrations on a real server: initdb in a temp dir, a free loopback port, the unix socket in
 * the same dir, driven through psql. As root it runs as the `postgres` system user, since
 * initdb refuses root.
 */
import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "../support/ports.ts";

const run = promisify(execFile);

/** The newest server's bin dir under /usr/lib/postgresql, or null when none is installed. */
export function findPostgresBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin") : null;
}

export interface PsqlResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

export class PostgresCluster {
  private readonly bin: string;
  private readonly dir: string;
  private readonly port: number;
  /** The command prefix that runs a server tool as the cluster's owner. */
  private readonly asUser: string[];

  private constructor(bin: string, dir: string, port: number, asUser: string[]) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asUser = asUser;
  }

  static async start(bin: string): Promise<PostgresCluster> {
    const dir = mkdtempSync(join(tmpdir(), "pg-migrations-"));
    const asUser = process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--"] : [];
    if (asUser.length) {
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
      const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
      chownSync(dir, uid, gid);
    }
    const cluster = new PostgresCluster(bin, dir, await freePort(), asUser);
    await cluster.asOwner("initdb", ["-D", join(dir, "data"), "-U", "postgres", "--auth=trust", "--no-sync"]);
    await cluster.asOwner("pg_ctl", [
      "-D",
      join(dir, "data"),
      "-l",
      join(dir, "server.log"),
      "-w",
      "-o",
      `-p ${cluster.port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      "start",
    ]);
    return cluster;
  }

  private asOwner(tool: string, args: string[]) {
    const [command = "", ...prefix] = [...this.asUser, join(this.bin, tool)];
    return run(command, [...prefix, ...args], { cwd: this.dir });
  }

  /** Runs SQL through psql as the superuser, stopping at the first error, quiet, tuples only. */
  async psql(sql: string, { singleTransaction = false } = {}): Promise<PsqlResult> {
    const args = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", this.dir, "-p", String(this.port)];
    args.push("-U", "postgres", "-d", "postgres", ...(singleTransaction ? ["-1"] : []), "-c", sql);
    try {
      const { stdout, stderr } = await run(join(this.bin, "psql"), args, { maxBuffer: 16 * 1024 * 1024 });
      return { ok: true, stdout, stderr };
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      return { ok: false, stdout: failed.stdout ?? "", stderr: failed.stderr ?? String(error) };
    }
  }

  async stop() {
    await this.asOwner("pg_ctl", ["-D", join(this.dir, "data"), "-m", "immediate", "stop"]).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
