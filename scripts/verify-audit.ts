// Verifies a gateway audit log's hash chain: node scripts/verify-audit.ts <file>
// Exit 0: chain valid (one-line summary). Exit 1: chain broken (first broken entry). Exit 2: usage or read error.
import { stat } from "node:fs/promises";
import { verifyAuditLog } from "./gateway/audit/verify.ts";

const USAGE = `Usage: node scripts/verify-audit.ts <audit-log.jsonl>

Verifies the hash chain of a Tessera gateway audit log (JSON lines; each entry carries the hash of
the previous one) and reports the first broken entry: an edited field, a deleted, inserted or
reordered line, bad JSON, or a truncated last line.

Exit status: 0 chain valid, 1 chain broken, 2 usage error or unreadable file.`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const options = argv.filter((a) => a.startsWith("-") && a !== "-");
  if (options.length > 0 || argv.length !== 1) {
    const why = options.length > 0 ? `unknown option ${options[0]}` : "expected exactly one file";
    console.error(`verify-audit: ${why} (see --help)`);
    return 2;
  }
  const file = argv[0];
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      console.error(`verify-audit: ${file}: not a regular file`);
      return 2;
    }
  } catch (error) {
    console.error(`verify-audit: ${file}: ${describe(error)}`);
    return 2;
  }
  const result = await verifyAuditLog(file);
  if (result.ok) {
    console.log(`OK ${file}: ${result.entries} entries, head seq ${result.head.seq} hash ${result.head.hash}`);
    return 0;
  }
  console.error(
    `BROKEN ${file}: first broken entry seq ${result.firstBrokenSeq} (line ${result.line}): ${result.reason}`,
  );
  return 1;
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`verify-audit: ${describe(error)}`);
    process.exitCode = 2;
  },
);
