import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, open, readdir, realpath, rm, symlink, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { after, describe, it } from "node:test";
import { LocalAssetStore } from "../../scripts/storage/localStore.ts";
import { buildManifest, manifestHash } from "../../scripts/storage/manifest.ts";
import { UnsafePathError } from "../../scripts/storage/safePath.ts";
import { StoreError } from "../../scripts/storage/store.ts";

const tmp = await realpath(await mkdtemp(path.join(os.tmpdir(), "tessera-store-")));
after(() => rm(tmp, { recursive: true, force: true }));

const sha = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");
const text = async (stream: Readable): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
};
const storeError = (code: string) => (err: unknown) => err instanceof StoreError && err.code === code;
let n = 0;
const freshStore = () => new LocalAssetStore(path.join(tmp, `store-${++n}`));

const ALPHABET = "abcdefghijklmnopqrstuvwxyz";

describe("LocalAssetStore", () => {
  it("puts a directory and reads back manifest, stat and files", async () => {
    const src = path.join(tmp, "src");
    await mkdir(path.join(src, "weights"), { recursive: true });
    await writeFile(path.join(src, "README.md"), "# model");
    await writeFile(path.join(src, "weights", "w.bin"), ALPHABET);
    const store = freshStore();
    assert.equal(await store.hasVersion("7", "1"), false);
    const manifest = await store.putVersion("7", "1", src);
    assert.deepEqual(manifest, await buildManifest(src));
    assert.equal(await store.hasVersion("7", "1"), true);
    assert.deepEqual(await store.getManifest("7", "1"), manifest);
    assert.deepEqual(await store.stat("7", "1", "weights/w.bin"), { size: 26, sha256: sha(ALPHABET) });
    assert.equal(await text(await store.createReadStream("7", "1", "README.md")), "# model");
    assert.deepEqual(await readdir(path.join(store.root, "7", "1")), ["files", "manifest.json"]);
    assert.deepEqual(await readdir(path.join(store.root, ".staging")), []);
    await assert.rejects(store.getManifest("7", "2"), storeError("NOT_FOUND"));
    await assert.rejects(store.stat("7", "1", "nope"), storeError("NOT_FOUND"));
    // manifest.json is not a file of the version, so it cannot be read through the store.
    await assert.rejects(store.createReadStream("7", "1", "../manifest.json"), UnsafePathError);
  });

  it("puts a list of files; the same content again is a no-op, different content a CONFLICT", async () => {
    const store = freshStore();
    const files = [
      { path: "b.txt", data: "abc" },
      { path: "a/x.bin", data: new Uint8Array() },
    ];
    const manifest = await store.putVersion("1", "1", files);
    assert.equal(manifest.files[0]?.path, "a/x.bin");
    assert.deepEqual(await store.putVersion("1", "1", [...files].reverse()), manifest);
    await assert.rejects(store.putVersion("1", "1", [{ path: "b.txt", data: "abd" }]), storeError("CONFLICT"));
    assert.equal(manifestHash(await store.getManifest("1", "1")), manifestHash(manifest));
    await assert.rejects(
      store.putVersion("1", "2", [
        { path: "a", data: "" },
        { path: "a", data: "" },
      ]),
      /duplicate/,
    );
    await assert.rejects(store.putVersion("1", "2", [{ path: "../a", data: "" }]), /".." segment/);
    await assert.rejects(store.putVersion("../1", "2", [{ path: "a", data: "" }]), UnsafePathError);
  });

  it("checks an expected manifest while copying", async () => {
    const store = freshStore();
    const expected = { version: 1 as const, files: [{ path: "f", size: 3, sha256: sha("abc") }] };
    assert.deepEqual(await store.putVersion("1", "1", [{ path: "f", data: "abc" }], { expected }), expected);
    await assert.rejects(
      store.putVersion("1", "2", [{ path: "f", data: "abX" }], { expected }),
      storeError("INTEGRITY"),
    );
    assert.equal(await store.hasVersion("1", "2"), false);
  });

  it("serves byte ranges: inclusive start/end, open end, suffix, empty", async () => {
    const store = freshStore();
    await store.putVersion("1", "1", [
      { path: "abc", data: ALPHABET },
      { path: "empty", data: "" },
    ]);
    const read = async (range?: Parameters<LocalAssetStore["createReadStream"]>[3]) =>
      text(await store.createReadStream("1", "1", "abc", range));
    assert.equal(await read(), ALPHABET);
    assert.equal(await read({ start: 0, end: 0 }), "a");
    assert.equal(await read({ start: 2, end: 4 }), "cde");
    assert.equal(await read({ start: 25, end: 25 }), "z");
    assert.equal(await read({ start: 20 }), "uvwxyz");
    assert.equal(await read({ start: 20, end: 1000 }), "uvwxyz");
    assert.equal(await read({ suffix: 3 }), "xyz");
    assert.equal(await read({ suffix: 1000 }), ALPHABET);
    for (const bad of [{ start: 26 }, { start: 5, end: 4 }, { start: -1 }, { suffix: 0 }, { start: 1.5 }]) {
      await assert.rejects(read(bad), storeError("RANGE"), JSON.stringify(bad));
    }
    assert.equal(await text(await store.createReadStream("1", "1", "empty")), "");
    await assert.rejects(store.createReadStream("1", "1", "empty", { start: 0 }), storeError("RANGE"));
    await assert.rejects(store.createReadStream("1", "1", "empty", { suffix: 1 }), storeError("RANGE"));
  });

  it("putVersion is atomic: a failure mid-copy leaves no version behind", async () => {
    const store = freshStore();
    const files = [
      { path: "a", data: "x".repeat(3 << 20) },
      { path: "b", data: "second" },
    ];
    const boom = new Error("disk on fire");
    await assert.rejects(
      store.putVersion("1", "1", files, {
        onProgress: (done) => {
          if (done > 1 << 20) throw boom; // part of the way through the first file
        },
      }),
      (err) => err === boom,
    );
    assert.equal(await store.hasVersion("1", "1"), false);
    assert.equal(existsSync(path.join(store.root, "1", "1")), false);
    assert.deepEqual(await readdir(path.join(store.root, ".staging")), []);
    // A source file vanishing after the first file was copied: same outcome.
    const gone = path.join(tmp, "gone");
    await writeFile(gone, "soon gone");
    const source = [
      { path: "a", data: "first" },
      { path: "z", source: gone },
    ];
    const put = store.putVersion("1", "1", source, {
      onProgress: (done) => {
        if (done === 5) void unlink(gone);
      },
    });
    await assert.rejects(put, /ENOENT/);
    assert.equal(existsSync(path.join(store.root, "1", "1")), false);
    // Nothing stale blocks a later, successful put.
    await store.putVersion("1", "1", files);
    assert.equal(await store.hasVersion("1", "1"), true);
  });

  it("detects a tampered file by re-hashing", async () => {
    const store = freshStore();
    await store.putVersion("1", "1", [
      { path: "a", data: "original" },
      { path: "b", data: "bbbb" },
    ]);
    assert.deepEqual(await store.verify("1", "1"), []);
    const files = path.join(store.root, "1", "1", "files");
    await writeFile(path.join(files, "a"), "tampered"); // same length, different bytes
    await writeFile(path.join(files, "extra"), "?");
    assert.deepEqual(await store.verify("1", "1"), [
      { path: "a", problem: "sha256" },
      { path: "extra", problem: "unexpected" },
    ]);
    // A full read fails (a small file before any byte, a large one at the end) instead of serving
    // tampered bytes as genuine.
    await assert.rejects(async () => text(await store.createReadStream("1", "1", "a")), storeError("INTEGRITY"));
    await writeFile(path.join(files, "b"), "b");
    await assert.rejects(store.createReadStream("1", "1", "b"), storeError("INTEGRITY"));
    await rm(path.join(files, "b"));
    assert.deepEqual(
      (await store.verify("1", "1")).find((p) => p.path === "b"),
      { path: "b", problem: "missing" },
    );
  });

  it("refuses symlinks that lead out of the root", async () => {
    const store = freshStore();
    await store.putVersion("1", "1", [{ path: "dir/f", data: "inside" }]);
    const outside = path.join(tmp, "outside");
    await mkdir(outside, { recursive: true });
    await writeFile(path.join(outside, "f"), "secret");
    const files = path.join(store.root, "1", "1", "files");
    await rm(path.join(files, "dir"), { recursive: true });
    await symlink(outside, path.join(files, "dir"));
    await assert.rejects(store.createReadStream("1", "1", "dir/f"), UnsafePathError);
    assert.deepEqual(await store.verify("1", "1"), [
      { path: "dir", problem: "unexpected" },
      { path: "dir/f", problem: "not a file" },
    ]);
    // A symlink inside the root is refused too (O_NOFOLLOW): stored files are never links.
    await rm(path.join(files, "dir"));
    await mkdir(path.join(files, "dir"));
    await writeFile(path.join(files, "dir", "real"), "inside");
    await symlink(path.join(files, "dir", "real"), path.join(files, "dir", "f"));
    await assert.rejects(store.createReadStream("1", "1", "dir/f"), UnsafePathError);
    // A symlinked asset directory leading outside.
    await mkdir(path.join(outside, "9", "1"), { recursive: true });
    await writeFile(path.join(outside, "9", "1", "manifest.json"), '{"version":1,"files":[]}');
    await symlink(path.join(outside, "9"), path.join(store.root, "9"));
    await assert.rejects(store.getManifest("9", "1"), UnsafePathError);
    await assert.rejects(store.putVersion("9", "2", [{ path: "f", data: "" }]), UnsafePathError);
    // Traversal never reaches the disk.
    await assert.rejects(store.createReadStream("1", "1", "%2e%2e/%2e%2e/manifest.json"), UnsafePathError);
    await assert.rejects(store.stat("1", "1", "/etc/passwd"), UnsafePathError);
  });

  it("hashes a 64 MiB file by streaming without growing memory by more than 32 MiB", async () => {
    const dir = path.join(tmp, "large");
    await mkdir(dir);
    const expected = createHash("sha256");
    const handle = await open(path.join(dir, "big.bin"), "w");
    const block = Buffer.alloc(1 << 20);
    for (let i = 0; i < 64; i++) {
      block.fill(i);
      block.writeUInt32BE(i, 0);
      expected.update(block);
      await handle.write(block);
    }
    await handle.close();
    const size = 64 << 20;
    const before = process.memoryUsage().rss;
    let peak = before;
    let last = 0;
    const manifest = await buildManifest(dir, {
      onProgress: (done, total) => {
        assert.equal(total, size);
        last = done;
        peak = Math.max(peak, process.memoryUsage().rss);
      },
    });
    peak = Math.max(peak, process.memoryUsage().rss);
    assert.equal(last, size);
    assert.deepEqual(manifest.files, [{ path: "big.bin", size, sha256: expected.digest("hex") }]);
    const growth = peak - before;
    assert.ok(growth < 32 << 20, `RSS grew by ${(growth / 2 ** 20).toFixed(1)} MiB`);
  });
});
