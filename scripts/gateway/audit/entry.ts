// Audit log entries: the record shape, its canonical encoding and its hash.
//
// An entry's hash is the sha256 (hex) of its canonical line: the entry without `hash`, serialised as JSON with a
// fixed key order and no whitespace. The line stored in the log is the same JSON with `hash` appended as the last key,
// so each stored line is byte-for-byte reproducible from its parsed value (the verifier checks that too).
import { createHash } from "node:crypto";

export type AuditVerdict = "served" | "denied" | "error";

export interface AuditEntry {
  /** 1-based position in the log; consecutive. */
  seq: number;
  /** ISO 8601 UTC timestamp, exactly as `Date.prototype.toISOString` writes it. */
  time: string;
  /** Requester address (0x + 40 hex). Use the zero address when the requester could not be authenticated. */
  address: string;
  /** License token id as a decimal string, or null when no license was presented or resolved. */
  licenseId: string | null;
  /** Asset id as a decimal string. */
  assetId: string;
  /** Asset version number. */
  version: number;
  /** Requested file path within the asset version. */
  path: string;
  /** Bytes served (0 for denials). */
  bytes: number;
  verdict: AuditVerdict;
  /** Why the request was denied or failed; optional. */
  reason?: string;
  /** Hash of the previous entry, or GENESIS_HASH for seq 1. */
  prev: string;
  /** sha256 (hex) of this entry's canonical line. */
  hash: string;
}

export type UnhashedAuditEntry = Omit<AuditEntry, "hash">;

/** `prev` of the first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** Upper bound on the byte length of a stored line (appends beyond it are refused). */
export const MAX_LINE_BYTES = 64 * 1024;

const VERDICTS: readonly string[] = ["served", "denied", "error"];
const KEYS = new Set([
  "seq",
  "time",
  "address",
  "licenseId",
  "assetId",
  "version",
  "path",
  "bytes",
  "verdict",
  "reason",
  "prev",
  "hash",
]);
const HEX32 = /^[0-9a-f]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

function ordered(entry: UnhashedAuditEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {
    seq: entry.seq,
    time: entry.time,
    address: entry.address,
    licenseId: entry.licenseId,
    assetId: entry.assetId,
    version: entry.version,
    path: entry.path,
    bytes: entry.bytes,
    verdict: entry.verdict,
  };
  if (entry.reason !== undefined) out.reason = entry.reason;
  out.prev = entry.prev;
  return out;
}

/** Deterministic JSON of an entry without its hash (fixed key order, `reason` only when present). */
export function canonicalLine(entry: UnhashedAuditEntry): string {
  return JSON.stringify(ordered(entry));
}

/** sha256 (hex) of the entry's canonical line. */
export function hashEntry(entry: UnhashedAuditEntry): string {
  return createHash("sha256").update(canonicalLine(entry), "utf8").digest("hex");
}

/** The line stored in the log (without the trailing newline): the canonical line with `hash` as the last key. */
export function serializeEntry(entry: AuditEntry): string {
  const out = ordered(entry);
  out.hash = entry.hash;
  return JSON.stringify(out);
}

/** Checks the fields of an entry (everything but seq/prev/hash linkage); returns a problem or null. */
export function checkFields(e: Record<string, unknown>): string | null {
  if (typeof e.time !== "string" || !isIsoTime(e.time)) return "time is not an ISO 8601 UTC timestamp";
  if (typeof e.address !== "string" || !ADDRESS.test(e.address)) return "address is not a 0x-prefixed 20-byte hex";
  if (e.licenseId !== null && (typeof e.licenseId !== "string" || !DECIMAL.test(e.licenseId))) {
    return "licenseId is neither a decimal string nor null";
  }
  if (typeof e.assetId !== "string" || !DECIMAL.test(e.assetId)) return "assetId is not a decimal string";
  if (!isNonNegativeInteger(e.version)) return "version is not a non-negative integer";
  if (typeof e.path !== "string") return "path is not a string";
  if (!isNonNegativeInteger(e.bytes)) return "bytes is not a non-negative integer";
  if (typeof e.verdict !== "string" || !VERDICTS.includes(e.verdict)) return "verdict is not served, denied or error";
  if (e.reason !== undefined && typeof e.reason !== "string") return "reason is not a string";
  return null;
}

export type ParseResult = { ok: true; entry: AuditEntry } | { ok: false; reason: string };

/**
 * Parses one stored line and checks its shape, its own hash and that it is in canonical form.
 * Chain linkage (seq, prev) is the caller's business.
 */
export function parseEntryLine(line: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, reason: line.length === 0 ? "empty line" : "bad JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, reason: "not a JSON object" };
  }
  const e = value as Record<string, unknown>;
  for (const key of Object.keys(e)) {
    if (!KEYS.has(key)) return { ok: false, reason: `unexpected field ${JSON.stringify(key)}` };
  }
  if (!isNonNegativeInteger(e.seq) || e.seq < 1) return { ok: false, reason: "seq is not a positive integer" };
  const problem = checkFields(e);
  if (problem !== null) return { ok: false, reason: problem };
  if (typeof e.prev !== "string" || !HEX32.test(e.prev)) return { ok: false, reason: "prev is not a sha256 hex" };
  if (typeof e.hash !== "string" || !HEX32.test(e.hash)) return { ok: false, reason: "hash is not a sha256 hex" };
  const entry = e as unknown as AuditEntry;
  if (hashEntry(entry) !== entry.hash) return { ok: false, reason: "hash does not match the entry (edited field)" };
  if (serializeEntry(entry) !== line) return { ok: false, reason: "line is not in canonical form" };
  return { ok: true, entry };
}

function isNonNegativeInteger(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

function isIsoTime(s: string): boolean {
  const ms = Date.parse(s);
  return Number.isFinite(ms) && new Date(ms).toISOString() === s;
}
