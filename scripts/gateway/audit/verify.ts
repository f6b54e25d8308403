// Verifies an audit log's hash chain, streaming it line by line (constant memory in the number of entries).
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { AuditHead } from "./auditLog.ts";
import { type AuditEntry, GENESIS_HASH, parseEntryLine } from "./entry.ts";

export type VerifyResult =
  | { ok: true; entries: number; head: AuditHead }
  | {
      ok: false;
      /** The seq the first broken line should have had: entries 1..firstBrokenSeq-1 form a valid chain. */
      firstBrokenSeq: number;
      /** 1-based line number of the first broken line. */
      line: number;
      reason: string;
    };

/**
 * Checks every line of the log at `path`: each is a canonical, self-consistent entry, seq runs 1, 2, 3, ... and each
 * `prev` is the previous entry's hash. Reports the first break: an edited field, a deleted, inserted or reordered
 * line, bad JSON, or a truncated last line (no trailing newline). Throws only if the file cannot be read.
 */
export async function verifyAuditLog(path: string): Promise<VerifyResult> {
  // Only the bytes present now are read, so a log being appended to concurrently is checked as of this moment.
  const { size, endsWithNewline } = await sizeAndLastByte(path);
  if (size === 0) return { ok: true, entries: 0, head: { seq: 0, hash: GENESIS_HASH } };
  const stream = createReadStream(path, { encoding: "utf8", start: 0, end: size - 1 });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let seq = 0;
  let hash = GENESIS_HASH;
  let lineNo = 0;
  // Lines are checked one behind so the last one is known when it comes up (it may be truncated).
  let held: string | null = null;
  const check = (text: string, isLast: boolean): VerifyResult | null => {
    lineNo += 1;
    const fail = (reason: string): VerifyResult => ({ ok: false, firstBrokenSeq: seq + 1, line: lineNo, reason });
    if (isLast && !endsWithNewline) return fail("truncated last line (no trailing newline)");
    const parsed = parseEntryLine(text);
    if (!parsed.ok) return fail(parsed.reason);
    const entry: AuditEntry = parsed.entry;
    if (entry.seq !== seq + 1) {
      return fail(`seq ${entry.seq} where ${seq + 1} was expected (deleted, inserted, duplicated or reordered line)`);
    }
    if (entry.prev !== hash) return fail("prev does not match the previous entry's hash (inserted or replaced line)");
    seq = entry.seq;
    hash = entry.hash;
    return null;
  };
  try {
    for await (const text of lines) {
      if (held !== null) {
        const result = check(held, false);
        if (result !== null) return result;
      }
      held = text;
    }
    if (held !== null) {
      const result = check(held, true);
      if (result !== null) return result;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  return { ok: true, entries: seq, head: { seq, hash } };
}

async function sizeAndLastByte(path: string): Promise<{ size: number; endsWithNewline: boolean }> {
  const fh = await open(path, "r");
  try {
    const { size } = await fh.stat();
    if (size === 0) return { size, endsWithNewline: true };
    const buf = Buffer.alloc(1);
    await fh.read(buf, 0, 1, size - 1);
    return { size, endsWithNewline: buf[0] === 0x0a };
  } finally {
    await fh.close();
  }
}
