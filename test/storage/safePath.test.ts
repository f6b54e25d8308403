import assert from "node:assert/strict";
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import {
  assertInsideRoot,
  checkRelativePath,
  resolveStorePath,
  resolveVersionDir,
  UnsafePathError,
} from "../../scripts/storage/safePath.ts";

const tmp = await realpath(await mkdtemp(path.join(os.tmpdir(), "tessera-safepath-")));
after(() => rm(tmp, { recursive: true, force: true }));

// A root that does not exist: resolveStorePath must decide without touching the disk.
const ghost = path.join(tmp, "does-not-exist");

const unsafe = (fn: () => unknown, message: RegExp) =>
  assert.throws(fn, (err: unknown) => err instanceof UnsafePathError && message.test(err.message));

describe("resolveStorePath (lexical, before any disk access)", () => {
  it("maps to <root>/<assetId>/<version>/files/<path>", () => {
    assert.equal(
      resolveStorePath(ghost, "42", "1.0.0", "a/b.txt"),
      path.join(ghost, "42", "1.0.0", "files", "a", "b.txt"),
    );
    assert.equal(resolveVersionDir(ghost, "0xabc", "v2-rc_1"), path.join(ghost, "0xabc", "v2-rc_1"));
    // Legitimate names that merely look odd.
    for (const p of ["..a", "a..", ".hidden", "100%.txt", "a%zz", "%", "a%2Fb"]) {
      assert.ok(resolveStorePath(ghost, "1", "1", p).startsWith(path.join(ghost, "1", "1", "files")), p);
    }
  });

  const traversal: [string, RegExp][] = [
    ["..", /dot segment/],
    ["../x", /dot segment/],
    ["a/../../x", /dot segment/],
    ["a/..", /dot segment/],
    ["./a", /dot segment/],
    ["a/./b", /dot segment/],
    ["%2e%2e/x", /dot segment in path \(percent-encoded\)/],
    ["%2E%2E/x", /percent-encoded/],
    ["%2E./x", /percent-encoded/],
    [".%2e/x", /percent-encoded/],
    ["a/%2e", /percent-encoded/],
    ["%252e%252e/x", /percent-encoded/],
    ["%25252E%25252E/x", /percent-encoded/],
    ["..%2fx", /percent-encoded/],
    ["a%2F..%2F..%2Fx", /percent-encoded/],
    ["%2fetc/passwd", /absolute path \(percent-encoded\)/],
    ["..%5cx", /backslash in path \(percent-encoded\)/],
    ["a%00b", /NUL in path \(percent-encoded\)/],
    ["%2525252525252e", /too deeply/],
    ["/etc/passwd", /absolute path/],
    ["/", /absolute path/],
    ["C:/x", /absolute path/],
    ["c:\\x", /backslash|absolute/],
    ["a\\..\\..\\x", /backslash/],
    ["a\0b", /NUL/],
    ["a\nb", /control character/],
    ["a//b", /empty segment/],
    ["", /empty path/],
  ];
  for (const [p, message] of traversal) {
    it(`rejects ${JSON.stringify(p)}`, () => unsafe(() => resolveStorePath(ghost, "1", "1", p), message));
  }

  it("rejects bad asset ids and versions", () => {
    for (const id of ["", ".", "..", "../x", "a/b", "a\\b", ".staging", "-x", "a\0", "%2e%2e", "x".repeat(129)]) {
      unsafe(() => resolveStorePath(ghost, id, "1", "f"), /invalid assetId/);
      unsafe(() => resolveStorePath(ghost, "1", id, "f"), /invalid version/);
    }
  });

  it("returns the NFC form of a path", () => {
    assert.equal(checkRelativePath("cafe\u0301"), "caf\u00e9");
  });
});

describe("assertInsideRoot (after realpath)", () => {
  it("accepts files inside the root, even when the root itself is reached through a symlink", async () => {
    const root = path.join(tmp, "root");
    await mkdir(path.join(root, "1", "1", "files"), { recursive: true });
    await writeFile(path.join(root, "1", "1", "files", "ok"), "x");
    await symlink(root, path.join(tmp, "root-alias"));
    const viaAlias = resolveStorePath(path.join(tmp, "root-alias"), "1", "1", "ok");
    assert.equal(
      await assertInsideRoot(path.join(tmp, "root-alias"), viaAlias),
      path.join(root, "1", "1", "files", "ok"),
    );
  });

  it("rejects a symlinked file, directory or version leading out of the root", async () => {
    const root = path.join(tmp, "root2");
    const outside = path.join(tmp, "outside");
    await mkdir(path.join(outside, "dir"), { recursive: true });
    await writeFile(path.join(outside, "secret"), "secret");
    await writeFile(path.join(outside, "dir", "secret"), "secret");
    const files = path.join(root, "1", "1", "files");
    await mkdir(files, { recursive: true });
    await symlink(path.join(outside, "secret"), path.join(files, "file-link"));
    await symlink(path.join(outside, "dir"), path.join(files, "dir-link"));
    await symlink(outside, path.join(root, "2"));
    for (const [asset, rel] of [
      ["1", "file-link"],
      ["1", "dir-link/secret"],
      ["2", "secret"],
    ] as const) {
      const target = asset === "2" ? path.join(root, "2", "secret") : resolveStorePath(root, asset, "1", rel);
      await assert.rejects(assertInsideRoot(root, target), UnsafePathError);
    }
  });
});
