// Append-only, hash-chained audit log of gateway access (JSON lines).
//
// Each line is one AuditEntry (see entry.ts): `prev` is the previous entry's hash (64 zeros for the first) and
// `hash` is the sha256 of the entry's canonical line, so editing, deleting, inserting or reordering lines breaks the
// chain at the first affected entry; `node scripts/verify-audit.ts <file>` finds it (verify.ts).
//
// One process writes a log at a time: AuditLog funnels appends through an internal FIFO queue and writes them in
// batches, so concurrent appends never interleave or fork the chain, and an append never re-reads the file.
// `open` only reads the tail to recover the head (seq, hash) and refuses to continue a log whose last line is broken.
// Durability: "every" fsyncs each batch before its appends resolve; "interval" fsyncs at most every `syncIntervalMs`
// (and on close), trading the last moments of log on a crash for throughput.
//
// Anchoring (optional, not implemented here). The chain proves the log was not edited piecemeal, but whoever holds
// the file can rewrite all of it and recompute every hash. To make that detectable, periodically (say hourly, or
// every N entries) publish the head `{seq, hash}` on chain: either as an event from a minimal contract
// (`event AuditAnchor(uint256 seq, bytes32 head)` emitted by an `anchor(seq, head)` function restricted to the
// gateway operator) or as the calldata of a zero-value transaction the operator sends to itself. An auditor then
// checks that the entry at each anchored seq in the log still has the anchored hash; any rewrite before the latest
// anchor changes it. Entries after the latest anchor remain only as trustworthy as the operator.
import { type FileHandle, mkdir, open as openFile } from "node:fs/promises";
import { dirname } from "node:path";
import {
  type AuditEntry,
  checkFields,
  GENESIS_HASH,
  hashEntry,
  MAX_LINE_BYTES,
  parseEntryLine,
  serializeEntry,
  type UnhashedAuditEntry,
} from "./entry.ts";

export type Durability = "every" | "interval";

export interface AuditLogOptions {
  /** fsync policy; default "every". */
  durability?: Durability;
  /** fsync period for durability "interval", in ms; default 1000. */
  syncIntervalMs?: number;
}

/** What a caller supplies; seq, prev and hash are the log's. `time` defaults to now. */
export type AuditFields = Omit<AuditEntry, "seq" | "prev" | "hash" | "time"> & { time?: string | Date };

export interface AuditHead {
  seq: number;
  hash: string;
}

export class AuditLogError extends Error {
  override name = "AuditLogError";
}

interface Pending {
  entry: UnhashedAuditEntry;
  resolve: (entry: AuditEntry) => void;
  reject: (error: unknown) => void;
}

const TAIL_CHUNK = 64 * 1024;
/** Most entries written (and fsynced) together; bounds the size of one write. */
const MAX_BATCH = 1024;

export class AuditLog {
  readonly path: string;
  readonly #fh: FileHandle;
  readonly #durability: Durability;
  #seq: number;
  #hash: string;
  #queue: Pending[] = [];
  #draining: Promise<void> | null = null;
  #failed: unknown = null;
  #closed = false;
  #dirty = false;
  #timer: NodeJS.Timeout | null = null;

  private constructor(path: string, fh: FileHandle, head: AuditHead, options: AuditLogOptions) {
    this.path = path;
    this.#fh = fh;
    this.#seq = head.seq;
    this.#hash = head.hash;
    this.#durability = options.durability ?? "every";
    if (this.#durability === "interval") {
      const ms = options.syncIntervalMs ?? 1000;
      if (!(ms > 0)) throw new RangeError("syncIntervalMs must be positive");
      this.#timer = setInterval(() => {
        if (!this.#closed) this.#syncIfDirty().catch(() => {});
      }, ms);
      this.#timer.unref();
    } else if (this.#durability !== "every") {
      throw new RangeError(`unknown durability ${JSON.stringify(this.#durability)}`);
    }
  }

  /**
   * Opens (creating if needed) the log at `path` for appending. Reads only the last line to recover the head;
   * throws AuditLogError if that line is truncated or invalid (verify and repair the log first).
   */
  static async open(path: string, options: AuditLogOptions = {}): Promise<AuditLog> {
    await mkdir(dirname(path), { recursive: true });
    const fh = await openFile(path, "a+");
    try {
      const head = await readHead(fh, path);
      return new AuditLog(path, fh, head, options);
    } catch (error) {
      await fh.close();
      throw error;
    }
  }

  /** The last written entry's seq and hash (seq 0 and 64 zeros for an empty log). */
  head(): AuditHead {
    return { seq: this.#seq, hash: this.#hash };
  }

  /**
   * Appends an entry; resolves with it once written (and fsynced, with durability "every").
   * Entries take seq numbers in call order. Invalid fields are rejected before anything is queued.
   */
  append(fields: AuditFields): Promise<AuditEntry> {
    if (this.#closed) return Promise.reject(new AuditLogError(`audit log ${this.path} is closed`));
    if (this.#failed !== null) return Promise.reject(this.#poisoned());
    let entry: UnhashedAuditEntry;
    try {
      entry = toEntry(fields);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AuditEntry>((resolve, reject) => {
      this.#queue.push({ entry, resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  /** Waits for queued appends, fsyncs and closes the file. Further appends are rejected. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== null) clearInterval(this.#timer);
    await this.#draining;
    try {
      if (this.#dirty && this.#failed === null) await this.#fh.sync();
    } finally {
      await this.#fh.close();
    }
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.length <= MAX_BATCH ? this.#queue : this.#queue.slice(0, MAX_BATCH);
      this.#queue = batch === this.#queue ? [] : this.#queue.slice(MAX_BATCH);
      if (this.#failed !== null) {
        for (const p of batch) p.reject(this.#poisoned());
        continue;
      }
      let seq = this.#seq;
      let prev = this.#hash;
      const done: AuditEntry[] = [];
      const lines: string[] = [];
      for (const p of batch) {
        seq += 1;
        const unhashed: UnhashedAuditEntry = { ...p.entry, seq, prev };
        const entry: AuditEntry = { ...unhashed, hash: hashEntry(unhashed) };
        done.push(entry);
        lines.push(`${serializeEntry(entry)}\n`);
        prev = entry.hash;
      }
      try {
        await writeAll(this.#fh, Buffer.from(lines.join(""), "utf8"));
        this.#dirty = true;
        if (this.#durability === "every") await this.#syncIfDirty();
      } catch (error) {
        // The file may now end in a partial line; stop writing (reopening will refuse until it is repaired).
        this.#failed = error;
        for (const p of batch) p.reject(this.#poisoned());
        continue;
      }
      this.#seq = seq;
      this.#hash = prev;
      for (let i = 0; i < batch.length; i++) batch[i].resolve(done[i]);
    }
    this.#draining = null;
  }

  async #syncIfDirty(): Promise<void> {
    if (!this.#dirty) return;
    this.#dirty = false;
    await this.#fh.sync();
  }

  #poisoned(): AuditLogError {
    const cause = this.#failed instanceof Error ? this.#failed.message : String(this.#failed);
    return new AuditLogError(`audit log ${this.path} stopped after a failed write: ${cause}`, { cause: this.#failed });
  }
}

function toEntry(fields: AuditFields): UnhashedAuditEntry {
  const time = fields.time === undefined ? new Date() : fields.time;
  const entry: UnhashedAuditEntry = {
    seq: 0,
    time: time instanceof Date ? time.toISOString() : time,
    address: fields.address,
    licenseId: fields.licenseId,
    assetId: fields.assetId,
    version: fields.version,
    path: fields.path,
    bytes: fields.bytes,
    verdict: fields.verdict,
    prev: GENESIS_HASH,
  };
  if (fields.reason !== undefined) entry.reason = fields.reason;
  const problem = checkFields(entry as unknown as Record<string, unknown>);
  if (problem !== null) throw new TypeError(`invalid audit entry: ${problem}`);
  // seq and hashes have fixed widths; 40 bytes covers a 16-digit seq and its share of the line.
  const size = Buffer.byteLength(serializeEntry({ ...entry, hash: GENESIS_HASH }), "utf8") + 40;
  if (size > MAX_LINE_BYTES) throw new RangeError(`audit entry too large (${size} > ${MAX_LINE_BYTES} bytes)`);
  return entry;
}

async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buf.length) {
    const { bytesWritten } = await fh.write(buf, offset, buf.length - offset);
    offset += bytesWritten;
  }
}

/** Reads the last line of the log (backwards, at most MAX_LINE_BYTES) and returns its head. */
async function readHead(fh: FileHandle, path: string): Promise<AuditHead> {
  const { size } = await fh.stat();
  if (size === 0) return { seq: 0, hash: GENESIS_HASH };
  const last = Buffer.alloc(1);
  await fh.read(last, 0, 1, size - 1);
  if (last[0] !== 0x0a) {
    throw new AuditLogError(
      `audit log ${path}: the last line is truncated (no trailing newline); ` +
        "run `node scripts/verify-audit.ts` and repair the log before appending",
    );
  }
  // Find the newline before the last line, reading backwards in chunks.
  const end = size - 1;
  let start = 0;
  let pos = end;
  const chunks: Buffer[] = [];
  while (pos > 0) {
    const len = Math.min(TAIL_CHUNK, pos);
    const chunk = Buffer.alloc(len);
    await fh.read(chunk, 0, len, pos - len);
    const nl = chunk.lastIndexOf(0x0a);
    if (nl >= 0) {
      chunks.unshift(chunk.subarray(nl + 1));
      start = pos - len + nl + 1;
      break;
    }
    chunks.unshift(chunk);
    pos -= len;
    if (end - pos > MAX_LINE_BYTES) {
      throw new AuditLogError(`audit log ${path}: the last line is longer than ${MAX_LINE_BYTES} bytes`);
    }
  }
  const line = Buffer.concat(chunks).toString("utf8");
  const parsed = parseEntryLine(line);
  if (!parsed.ok) {
    throw new AuditLogError(
      `audit log ${path}: the last line (byte offset ${start}) is broken: ${parsed.reason}; ` +
        "run `node scripts/verify-audit.ts` and repair the log before appending",
    );
  }
  return { seq: parsed.entry.seq, hash: parsed.entry.hash };
}
