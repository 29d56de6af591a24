import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/** Where Debian's postgresql-15 puts the server binaries; `pg_config --bindir` when on PATH. */
export function postgresBinDir(): string {
  const candidates = ["/usr/lib/postgresql/15/bin"];
  const fromConfig = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  if (fromConfig.status === 0) candidates.unshift(fromConfig.stdout.trim());
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl")));
  if (!found) {
    throw new Error(
      `PostgreSQL server binaries (initdb, pg_ctl) not found in ${candidates.join(" or ")}: run .ci/install-test-tools.sh (Debian package postgresql-15)`,
    );
  }
  return found;
}

/** A free TCP port on localhost (the server listens only on its unix socket, but the port names the socket). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<LocalPostgres>();
let exitHookInstalled = false;
/** A cluster left running outlives the test process (pg_ctl daemonizes): stop them on any exit. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const stopAll = () => {
    for (const pg of running) pg.stop();
  };
  process.once("exit", stopAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      stopAll();
      process.exit(130);
    });
  }
}

/**
 * A throwaway PostgreSQL cluster: initdb into a temporary folder, listening only on a unix socket
 * in that folder, trust authentication for the superuser `postgres`. The server refuses to run as
 * root, so as root it runs as the `postgres` OS user (its folder handed over with chown).
 */
export class LocalPostgres {
  readonly dir: string;
  readonly port: number;
  private readonly bin: string;
  private readonly runAs: { uid: number; gid: number } | undefined;
  private started = false;

  private constructor(dir: string, port: number, bin: string, runAs: { uid: number; gid: number } | undefined) {
    this.dir = dir;
    this.port = port;
    this.bin = bin;
    this.runAs = runAs;
  }

  /** initdb and start; the folder is removed by stop(). */
  static async start(name: string): Promise<LocalPostgres> {
    const bin = postgresBinDir();
    const runAs = process.getuid?.() === 0 ? osUser("postgres") : undefined;
    const dir = fs.mkdtempSync(path.join(runAs ? traversableTempBase(runAs.uid) : os.tmpdir(), `pg-${name}-`));
    if (runAs) fs.chownSync(dir, runAs.uid, runAs.gid);
    const pg = new LocalPostgres(dir, await freePort(), bin, runAs);
    installExitHook();
    running.add(pg);
    try {
      pg.run("initdb", ["-D", pg.dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
      const options = `-k ${dir} -p ${pg.port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40`;
      pg.run("pg_ctl", ["-D", pg.dataDir, "-l", path.join(dir, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
      pg.started = true;
    } catch (e) {
      pg.stop();
      throw e;
    }
    return pg;
  }

  get dataDir(): string {
    return path.join(this.dir, "data");
  }

  /** libpq conninfo of a database on this cluster, as the superuser. */
  url(database = "postgres"): string {
    return `host=${this.dir} port=${this.port} user=postgres dbname=${database}`;
  }

  /** Runs SQL through psql (stops at the first error) and returns its unaligned output. */
  psql(database: string, sql: string): string {
    return execFileSync(path.join(this.bin, "psql"), [this.url(database), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1"], {
      input: sql,
      encoding: "utf8",
      stdio: ["pipe", "pipe", "pipe"],
    });
  }

  /** Stops the server immediately and removes the folder; safe to call twice. */
  stop(): void {
    if (this.started) {
      this.run("pg_ctl", ["-D", this.dataDir, "-m", "immediate", "-w", "stop"], false);
      this.started = false;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
    running.delete(this);
  }

  get binDir(): string {
    return this.bin;
  }

  private run(tool: string, args: string[], check = true): void {
    const result = spawnSync(path.join(this.bin, tool), args, { encoding: "utf8", ...(this.runAs ?? {}) });
    if (check && result.status !== 0) {
      let log = "";
      try {
        log = fs.readFileSync(path.join(this.dir, "server.log"), "utf8");
      } catch {
        log = "";
      }
      throw new Error(`${tool} failed (exit ${result.status}): ${result.stderr || result.error?.message}${log}`);
    }
  }
}

/**
 * A temp folder the server's user can reach: os.tmpdir() when every folder on its path lets that
 * user through, else /tmp. Under jest, os.tmpdir() is the run's own folder, created 0700 for root
 * (test/temp-run.js), which the postgres user cannot enter; stop() and the exit hook remove the
 * cluster's folder wherever it is.
 */
function traversableTempBase(uid: number): string {
  const passable = (dir: string): boolean => {
    const st = fs.statSync(dir);
    return st.uid === uid || (st.mode & 0o001) !== 0;
  };
  const tmp = path.resolve(os.tmpdir());
  const chain = tmp.split(path.sep).map((_, i, parts) => parts.slice(0, i + 1).join(path.sep) || path.sep);
  return chain.every(passable) ? tmp : "/tmp";
}

function osUser(name: string): { uid: number; gid: number } {
  const line = fs
    .readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}:`));
  if (!line)
    throw new Error(`running as root needs the OS user ${name} to run the PostgreSQL server (created by the postgresql-15 package)`);
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}
