import * as fs from "node:fs";
import * as path from "node:path";
import { LocalPostgres } from "../../lib/migration/local-postgres";

/** Running, not exited: an exited server may linger as a zombie until init reaps it (state Z). */
const alive = (pid: number): boolean => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
};

describe("throwaway PostgreSQL cluster", () => {
  test("serves SQL on its own socket, then stop() ends the server and removes its folder", async () => {
    const pg = await LocalPostgres.start("probe");
    let pid = 0;
    try {
      pid = Number(fs.readFileSync(path.join(pg.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
      expect(alive(pid)).toBe(true);
      expect(
        pg
          .psql("postgres", "select current_setting('unix_socket_directories') = $$" + pg.dir + "$$, current_setting('listen_addresses')")
          .trim(),
      ).toBe("t|");
    } finally {
      pg.stop();
    }
    // pg_ctl -w stop returns once the postmaster has exited.
    expect(alive(pid)).toBe(false);
    expect(fs.existsSync(pg.dir)).toBe(false);
    expect(() => pg.stop()).not.toThrow();
  }, 60_000);
});
