#!/usr/bin/env node
/**
 * `tessera`: the command-line tool for Tessera. Creators list assets and publish offers; buyers buy,
 * renew and fetch licensed files through the gateway. This file only dispatches: it finds the
 * command, parses its arguments, runs it, and turns any failure into one line on stderr
 * (`tessera: <sentence>`) with exit status 1, or 2 for usage errors.
 */
import { COMMANDS } from "./commands/index.ts";
import { parseCommandArgs } from "./lib/args.ts";
import { type Command, type CommandContext, commandHelp, parseOptionsOf } from "./lib/command.ts";
import { ENV_HELP } from "./lib/config.ts";
import { describeError, EXIT_USAGE, exitCodeOf, UsageError } from "./lib/errors.ts";

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const envWidth = Math.max(...Object.keys(ENV_HELP).map((k) => k.length));
  return `Usage: tessera <command> [arguments] [options]

Licensing marketplace for AI models and datasets: list assets, sell and buy licenses, fetch files.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Environment (flags override):
${Object.entries(ENV_HELP)
  .map(([name, text]) => `  ${name.padEnd(envWidth)}  ${text}`)
  .join("\n")}

Exit status: 0 success, 1 failure, 2 usage error. Run tessera <command> --help for its options.

Example:
  TESSERA_PRIVATE_KEY=0x… tessera buy 1 && tessera fetch 1 --out ./model
`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(mainHelp());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command: Command | undefined = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    const what = name.startsWith("-") ? `unknown option ${name}` : `unknown command "${name}"`;
    throw new UsageError(`${what} (see tessera --help)`);
  }
  const { positionals, values } = parseCommandArgs(command.name, rest, parseOptionsOf(command));
  if (values.help === true) {
    process.stdout.write(commandHelp(command));
    return 0;
  }
  const ctx: CommandContext = { positionals, values, env: process.env, out: process.stdout, err: process.stderr };
  return (await command.run(ctx)) ?? 0;
}

function fail(err: unknown): void {
  process.stderr.write(`tessera: ${describeError(err)}\n`);
  process.exitCode = exitCodeOf(err);
}

// Nothing may escape as a stack trace, not even from a stray promise.
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, fail);
