/**
 * What a command is (its name, arguments, options, environment, examples and action) and the help
 * text generated from that, so `--help` always lists exactly the options a command accepts.
 */
import type { ParseArgsOptionsConfig } from "node:util";
import type { OptionValues } from "./args.ts";
import { ENV_HELP, type EnvName } from "./config.ts";

export interface OptionDef {
  name: string;
  type: "string" | "boolean";
  /** Shown after the flag in help, e.g. "<amount>". */
  valueName?: string;
  description: string;
}

/** Options several commands share, with the environment variables behind them. */
export const SHARED = {
  rpc: {
    option: { name: "rpc-url", type: "string", valueName: "<url>", description: "JSON-RPC endpoint (TESSERA_RPC_URL)" },
    env: ["TESSERA_RPC_URL"],
  },
  signer: {
    option: {
      name: "keystore",
      type: "string",
      valueName: "<file>",
      description: "sign with a V3 JSON keystore instead of TESSERA_PRIVATE_KEY",
    },
    env: ["TESSERA_PRIVATE_KEY", "TESSERA_KEYSTORE_PASSWORD"],
  },
  gateway: {
    option: {
      name: "gateway-url",
      type: "string",
      valueName: "<url>",
      description: "download gateway (TESSERA_GATEWAY_URL)",
    },
    env: ["TESSERA_GATEWAY_URL"],
  },
  store: {
    option: { name: "store", type: "string", valueName: "<dir>", description: "asset store root (TESSERA_STORE)" },
    env: ["TESSERA_STORE"],
  },
  json: {
    option: { name: "json", type: "boolean", description: "print the result as JSON" },
    env: [],
  },
} as const satisfies Record<string, { option: OptionDef; env: readonly EnvName[] }>;

export type SharedName = keyof typeof SHARED;

export interface CommandContext {
  positionals: string[];
  values: OptionValues;
  env: NodeJS.ProcessEnv;
  /** Results (stdout). */
  out: NodeJS.WritableStream;
  /** Progress and notes (stderr). */
  err: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface Command {
  name: string;
  /** One line for `tessera --help`. */
  summary: string;
  /** What follows the command name in the usage line, e.g. "<offerId> [options]". */
  usage: string;
  /** A paragraph for `tessera <cmd> --help`. */
  description: string;
  options: readonly OptionDef[];
  shared: readonly SharedName[];
  examples: readonly string[];
  /** Resolves to the exit status (default 0). */
  run(ctx: CommandContext): Promise<number | undefined>;
}

const HELP_OPTION: OptionDef = { name: "help", type: "boolean", description: "show this help" };

/** Every option of a command, shared ones included, as parseArgs wants them. */
export function parseOptionsOf(command: Command): ParseArgsOptionsConfig {
  const all: OptionDef[] = [...command.options, ...command.shared.map((s) => SHARED[s].option), HELP_OPTION];
  const config: ParseArgsOptionsConfig = { help: { type: "boolean", short: "h" } };
  for (const o of all) if (o.name !== "help") config[o.name] = { type: o.type };
  return config;
}

function columns(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join("\n");
}

/** `tessera <cmd> --help`. */
export function commandHelp(command: Command): string {
  const options: OptionDef[] = [...command.options, ...command.shared.map((s) => SHARED[s].option)];
  const optionRows: [string, string][] = options.map((o) => [
    `--${o.name}${o.valueName ? ` ${o.valueName}` : ""}`,
    o.description,
  ]);
  optionRows.push(["-h, --help", HELP_OPTION.description]);
  const env = [...new Set(command.shared.flatMap((s) => SHARED[s].env))];
  const sections = [
    `Usage: tessera ${command.name} ${command.usage}`,
    command.description,
    `Options:\n${columns(optionRows)}`,
  ];
  if (env.length > 0) sections.push(`Environment:\n${columns(env.map((name) => [name, ENV_HELP[name]]))}`);
  sections.push(
    `Example${command.examples.length > 1 ? "s" : ""}:\n${command.examples.map((e) => `  ${e}`).join("\n")}`,
  );
  return `${sections.join("\n\n")}\n`;
}
