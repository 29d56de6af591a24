import { type Command, CommanderError } from "commander";

export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * Parses `args` (without node and script) with a commander program the caller declared, the way
 * the tools report usage: `--help` prints and exits 0; a bad option prints `<name>: <problem>` and
 * the usage line and exits 2. Returns the exit code to stop with, or undefined to go on.
 */
export function parseArgs(program: Command, args: readonly string[], io: CommandIo, usage: string): number | undefined {
  program.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: () => undefined });
  try {
    program.parse([...args], { from: "user" });
    return undefined;
  } catch (err) {
    if (err instanceof CommanderError && err.code === "commander.helpDisplayed") return 0;
    io.stderr(`${program.name()}: ${err instanceof Error ? err.message : String(err)}\n${usage}\n`);
    return 2;
  }
}
