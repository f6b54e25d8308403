/**
 * `tessera verify-audit`: checks a gateway audit log's hash chain, with the exit statuses of
 * scripts/verify-audit.ts: 0 valid, 1 broken, 2 usage error or unreadable file.
 */
import { stat } from "node:fs/promises";
import { verifyAuditLog } from "../../gateway/audit/verify.ts";
import { expectPositionals } from "../lib/args.ts";
import type { Command } from "../lib/command.ts";
import { wantsJson } from "../lib/config.ts";
import { CliError, EXIT_FAILURE, UsageError } from "../lib/errors.ts";
import { printJson, println } from "../lib/output.ts";

export const verifyAuditCommand: Command = {
  name: "verify-audit",
  summary: "check the hash chain of a gateway audit log",
  usage: "<audit-log.jsonl> [options]",
  description:
    "Verifies the hash chain of a Tessera gateway audit log (JSON lines, each carrying the hash of the\n" +
    "previous one) and reports the first broken entry: an edited field, a deleted, inserted or reordered\n" +
    "line, bad JSON, or a truncated last line.\n" +
    "Exit status: 0 chain valid, 1 chain broken, 2 usage error or unreadable file.",
  options: [],
  shared: ["json"],
  examples: ["tessera verify-audit /var/lib/tessera/audit.jsonl"],
  async run(ctx) {
    expectPositionals("verify-audit", ctx.positionals, ["audit-log.jsonl"]);
    const file = ctx.positionals[0] ?? "";
    const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`${file}: ${err.code === "ENOENT" ? "no such file" : (err.code ?? "cannot read it")}`);
    });
    if (!info.isFile()) throw new UsageError(`${file}: not a regular file`);
    const result = await verifyAuditLog(file).catch((err: unknown) => {
      throw new UsageError(`${file}: cannot read it (${err instanceof Error ? err.message : String(err)})`);
    });
    if (wantsJson(ctx.values)) printJson(ctx, { file, ...result });
    if (!result.ok) {
      const broken = `${file}: audit chain broken at entry seq ${result.firstBrokenSeq} (line ${result.line}): ${result.reason}`;
      if (wantsJson(ctx.values)) return EXIT_FAILURE;
      throw new CliError(broken);
    }
    if (!wantsJson(ctx.values)) {
      println(ctx, `OK ${file}: ${result.entries} entries, head seq ${result.head.seq} hash ${result.head.hash}`);
    }
    return 0;
  },
};
