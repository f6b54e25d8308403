import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type AuditFields, AuditLog, AuditLogError } from "../../scripts/gateway/audit/auditLog.ts";
import {
  type AuditEntry,
  canonicalLine,
  GENESIS_HASH,
  hashEntry,
  serializeEntry,
} from "../../scripts/gateway/audit/entry.ts";
import { verifyAuditLog } from "../../scripts/gateway/audit/verify.ts";

const CLI = path.resolve(import.meta.dirname, "../../scripts/verify-audit.ts");
const ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

function fields(i: number): AuditFields {
  return {
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60)),
    address: ADDRESS,
    licenseId: i % 3 === 0 ? null : String(i),
    assetId: String(1000 + i),
    version: 1 + (i % 4),
    path: `weights/shard-${i}.safetensors`,
    bytes: i % 3 === 0 ? 0 : 1024 * i,
    verdict: i % 3 === 0 ? "denied" : "served",
    ...(i % 3 === 0 ? { reason: "no license" } : {}),
  };
}

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe("gateway audit log", () => {
  let dir: string;
  let n = 0;
  const fresh = () => path.join(dir, `log-${++n}.jsonl`);

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "tessera-audit-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeLog(file: string, count: number): Promise<string[]> {
    const log = await AuditLog.open(file);
    for (let i = 1; i <= count; i++) await log.append(fields(i));
    await log.close();
    return (await readFile(file, "utf8")).split("\n").slice(0, -1);
  }

  /** Writes `lines` (joined by newlines, with a trailing one) to a new file and verifies it. */
  async function verifyLines(lines: string[], trailingNewline = true) {
    const file = fresh();
    await writeFile(file, lines.join("\n") + (trailingNewline ? "\n" : ""));
    return verifyAuditLog(file);
  }

  function reseal(entry: AuditEntry): string {
    const { hash: _, ...rest } = entry;
    return serializeEntry({ ...entry, hash: hashEntry(rest) });
  }

  it("hashes a fixed canonical line", () => {
    const e = { seq: 1, ...fields(1), time: "2026-01-01T00:00:01.000Z", prev: GENESIS_HASH };
    const { reason: _, ...noReason } = e;
    assert.equal(
      canonicalLine(noReason),
      `{"seq":1,"time":"2026-01-01T00:00:01.000Z","address":"${ADDRESS}","licenseId":"1","assetId":"1001",` +
        `"version":2,"path":"weights/shard-1.safetensors","bytes":1024,"verdict":"served","prev":"${GENESIS_HASH}"}`,
    );
    // Key order of the input does not matter.
    const shuffled = Object.fromEntries(Object.entries(noReason).reverse()) as typeof noReason;
    assert.equal(hashEntry(shuffled), hashEntry(noReason));
    assert.match(hashEntry(noReason), /^[0-9a-f]{64}$/);
  });

  it("round-trips append and verify", async () => {
    const file = fresh();
    const log = await AuditLog.open(file);
    assert.deepEqual(log.head(), { seq: 0, hash: GENESIS_HASH });
    const first = await log.append(fields(1));
    assert.equal(first.seq, 1);
    assert.equal(first.prev, GENESIS_HASH);
    const second = await log.append(fields(3));
    assert.equal(second.prev, first.hash);
    assert.equal(second.reason, "no license");
    assert.equal(second.licenseId, null);
    assert.deepEqual(log.head(), { seq: 2, hash: second.hash });
    await log.close();
    await assert.rejects(log.append(fields(4)), AuditLogError);

    const result = await verifyAuditLog(file);
    assert.deepEqual(result, { ok: true, entries: 2, head: { seq: 2, hash: second.hash } });
    const lines = (await readFile(file, "utf8")).split("\n");
    assert.deepEqual(lines, [serializeEntry(first), serializeEntry(second), ""]);
  });

  it("verifies an empty log", async () => {
    const file = fresh();
    await writeFile(file, "");
    assert.deepEqual(await verifyAuditLog(file), { ok: true, entries: 0, head: { seq: 0, hash: GENESIS_HASH } });
  });

  it("rejects invalid fields without touching the chain", async () => {
    const file = fresh();
    const log = await AuditLog.open(file);
    await assert.rejects(log.append({ ...fields(1), address: "alice" }), TypeError);
    await assert.rejects(log.append({ ...fields(1), bytes: -1 }), TypeError);
    await assert.rejects(log.append({ ...fields(1), licenseId: "0x01" }), TypeError);
    await assert.rejects(log.append({ ...fields(1), verdict: "ok" as "served" }), TypeError);
    await assert.rejects(log.append({ ...fields(1), time: "yesterday" }), TypeError);
    await assert.rejects(log.append({ ...fields(1), path: "x".repeat(70_000) }), RangeError);
    assert.equal((await log.append(fields(1))).seq, 1);
    await log.close();
    assert.equal((await verifyAuditLog(file)).ok, true);
  });

  describe("detects tampering at the first broken entry", () => {
    let lines: string[];
    let entries: AuditEntry[];
    before(async () => {
      lines = await writeLog(fresh(), 10);
      entries = lines.map((l) => JSON.parse(l) as AuditEntry);
    });

    const cases: [string, () => string[], number, number, RegExp, boolean?][] = [
      [
        "edited field",
        () => lines.map((l, i) => (i === 4 ? l.replace('"bytes":5120', '"bytes":1') : l)),
        5,
        5,
        /edited field/,
      ],
      [
        "edited field with a recomputed hash",
        () => lines.map((l, i) => (i === 4 ? reseal({ ...entries[4], bytes: 1 }) : l)),
        6,
        6,
        /prev does not match/,
      ],
      ["deleted line", () => lines.filter((_, i) => i !== 6), 7, 7, /seq 8 where 7 was expected/],
      ["deleted last line", () => lines.slice(0, 9), 0, 0, /./],
      [
        "reordered lines",
        () => [...lines.slice(0, 2), lines[3], lines[2], ...lines.slice(4)],
        3,
        3,
        /seq 4 where 3 was expected/,
      ],
      [
        "duplicated line",
        () => [...lines.slice(0, 5), lines[4], ...lines.slice(5)],
        6,
        6,
        /seq 5 where 6 was expected/,
      ],
      [
        "inserted forged entry",
        () => [...lines.slice(0, 3), reseal({ ...entries[3], path: "forged" }), ...lines.slice(3)],
        // The forged entry is self-consistent and links to entry 3; the real entry 4 (now line 5) breaks the chain.
        5,
        5,
        /seq 4 where 5 was expected/,
      ],
      ["bad JSON", () => lines.map((l, i) => (i === 1 ? l.slice(0, -1) : l)), 2, 2, /bad JSON/],
      ["blank line", () => [...lines.slice(0, 8), "", ...lines.slice(8)], 9, 9, /empty line/],
      ["non-canonical line", () => lines.map((l, i) => (i === 7 ? l.replace(",", ", ") : l)), 8, 8, /canonical/],
      ["truncated last line", () => [...lines.slice(0, 9), lines[9].slice(0, 40)], 10, 10, /truncated/, false],
      ["last line without its newline", () => lines, 10, 10, /truncated/, false],
    ];

    for (const [name, tamper, seq, line, reason, trailingNewline] of cases) {
      it(name, async () => {
        const result = await verifyLines(tamper(), trailingNewline ?? true);
        if (seq === 0) {
          // Removing the tail cannot be told from a shorter log: that is what anchoring the head is for.
          assert.deepEqual(result, { ok: true, entries: 9, head: { seq: 9, hash: entries[8].hash } });
          return;
        }
        assert.equal(result.ok, false);
        if (result.ok) return;
        assert.equal(result.firstBrokenSeq, seq);
        assert.equal(result.line, line);
        assert.match(result.reason, reason);
      });
    }
  });

  it("serialises 1,000 concurrent appends into one chain in call order", async () => {
    const file = fresh();
    const log = await AuditLog.open(file);
    const appended = await Promise.all(Array.from({ length: 1000 }, (_, i) => log.append(fields(i + 1))));
    assert.deepEqual(
      appended.map((e) => e.seq),
      Array.from({ length: 1000 }, (_, i) => i + 1),
    );
    appended.forEach((e, i) => {
      assert.equal(e.path, `weights/shard-${i + 1}.safetensors`);
    });
    assert.deepEqual(log.head(), { seq: 1000, hash: appended[999].hash });
    await log.close();
    const result = await verifyAuditLog(file);
    assert.deepEqual(result, { ok: true, entries: 1000, head: { seq: 1000, hash: appended[999].hash } });
    const seqs = (await readFile(file, "utf8"))
      .trimEnd()
      .split("\n")
      .map((l) => (JSON.parse(l) as AuditEntry).seq);
    assert.deepEqual(
      seqs,
      Array.from({ length: 1000 }, (_, i) => i + 1),
    );
  });

  it("continues the chain after reopening, with either durability", async () => {
    const file = fresh();
    const lines = await writeLog(file, 3);
    const last = JSON.parse(lines[2]) as AuditEntry;
    const log = await AuditLog.open(file, { durability: "interval", syncIntervalMs: 10 });
    assert.deepEqual(log.head(), { seq: 3, hash: last.hash });
    const next = await log.append(fields(4));
    assert.equal(next.seq, 4);
    assert.equal(next.prev, last.hash);
    await new Promise((r) => setTimeout(r, 30));
    await log.append(fields(5));
    await log.close();
    const reopened = await AuditLog.open(file);
    assert.deepEqual(await verifyAuditLog(file), { ok: true, entries: 5, head: reopened.head() });
    await reopened.close();
  });

  it("refuses to append to a log whose last line is broken", async () => {
    const lines = await writeLog(fresh(), 3);
    for (const [content, message] of [
      [`${lines.join("\n")}\n${lines[2].slice(0, 30)}`, /truncated/],
      [`${lines.join("\n")}\n{"seq":4}\n`, /last line .* broken/],
      [`${lines.join("\n")}\n\n`, /last line .* broken: empty line/],
      [`${lines.join("\n")}\n${lines[2].replace('"bytes":0', '"bytes":9')}\n`, /edited field/],
    ] as const) {
      const file = fresh();
      await writeFile(file, content);
      await assert.rejects(AuditLog.open(file), (e: unknown) => {
        assert.ok(e instanceof AuditLogError);
        assert.match(e.message, message);
        return true;
      });
      assert.equal(await readFile(file, "utf8"), content);
    }
  });

  describe("verify-audit CLI", () => {
    const noStack = (s: string) => assert.doesNotMatch(s, /\n\s+at |Error:/);

    it("exits 0 with a one-line summary on a valid log", async () => {
      const file = fresh();
      await writeLog(file, 4);
      const { code, stdout, stderr } = await runCli([file]);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /^OK .*: 4 entries, head seq 4 hash [0-9a-f]{64}\n$/);
      noStack(stderr);
    });

    it("exits 1 with one line on a broken chain", async () => {
      const file = fresh();
      const lines = await writeLog(file, 4);
      await writeFile(file, `${[lines[0], lines[2], lines[1], lines[3]].join("\n")}\n`);
      const { code, stdout, stderr } = await runCli([file]);
      assert.equal(code, 1);
      assert.equal(stdout, "");
      assert.match(stderr, /^BROKEN .*: first broken entry seq 2 \(line 2\): .*\n$/);
      noStack(stderr);
    });

    it("exits 2 on usage errors and missing files, without a stack trace", async () => {
      for (const args of [[], ["a", "b"], ["--bogus", "x"], [path.join(dir, "missing.jsonl")], [dir]]) {
        const { code, stdout, stderr } = await runCli(args);
        assert.equal(code, 2, `${args.join(" ")}: ${stderr}`);
        assert.equal(stdout, "");
        assert.match(stderr, /^verify-audit: [^\n]+\n$/);
        noStack(stderr);
      }
      const help = await runCli(["--help"]);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^Usage: node scripts\/verify-audit\.ts/);
    });
  });
});
