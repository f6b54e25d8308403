import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import {
  buildManifest,
  canonicalManifest,
  type Manifest,
  ManifestError,
  manifestHash,
  normalizeManifestPath,
  parseManifest,
} from "../../scripts/storage/manifest.ts";

const sha = (data: string): string => createHash("sha256").update(data, "utf8").digest("hex");
const EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

const tmp = await mkdtemp(path.join(os.tmpdir(), "tessera-manifest-"));
after(() => rm(tmp, { recursive: true, force: true }));

const one = (p: string): Manifest => ({ version: 1, files: [{ path: p, size: 0, sha256: EMPTY }] });

describe("canonical manifest", () => {
  it("the test's own constants are the sha256 of '' and 'abc'", () => {
    assert.equal(sha(""), EMPTY);
    assert.equal(sha("abc"), ABC);
  });

  it("known answer: canonical bytes and hash of a small manifest", () => {
    const manifest: Manifest = {
      version: 1,
      files: [
        { path: "b.txt", size: 3, sha256: ABC },
        { path: "a/x.bin", size: 0, sha256: EMPTY },
      ],
    };
    // Written out by hand: sorted by path, fixed key order, no whitespace.
    const literal =
      '{"version":1,"files":[' +
      '{"path":"a/x.bin","size":0,"sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},' +
      '{"path":"b.txt","size":3,"sha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}]}';
    assert.equal(canonicalManifest(manifest).toString("utf8"), literal);
    assert.equal(manifestHash(manifest), `0x${sha(literal)}`);
  });

  it("is stable regardless of input order, key order and whitespace", () => {
    const a = `{"version":1,"files":[{"path":"z","size":1,"sha256":"${ABC}"},{"path":"a/b","size":2,"sha256":"${EMPTY}"}]}`;
    const b = `{
      "files": [
        { "sha256": "${EMPTY}", "size": 2, "path": "a/b" },
        { "size": 1, "path": "z", "sha256": "${ABC}" }
      ],
      "version": 1
    }`;
    const ma = parseManifest(a);
    const mb = parseManifest(b);
    assert.deepEqual(canonicalManifest(ma), canonicalManifest(mb));
    assert.equal(manifestHash(ma), manifestHash(mb));
    assert.equal(canonicalManifest(ma).toString(), a.replace(/(\{"path":"z".*?\}),(\{.*?\})\]/, "$2,$1]"));
    // Round trip: parsing canonical bytes gives the same canonical bytes.
    assert.deepEqual(canonicalManifest(parseManifest(canonicalManifest(ma))), canonicalManifest(ma));
  });

  it("sorts by UTF-8 bytes, not by UTF-16 code units", () => {
    // U+FF21 is EF BC A1 in UTF-8, U+1F600 is F0 9F 98 80; in UTF-16 the emoji (D83D …) sorts first.
    const m: Manifest = {
      version: 1,
      files: ["\u{1F600}", "\uFF21", "B", "a0", "a-b", "a/b"].map((p) => ({ path: p, size: 0, sha256: EMPTY })),
    };
    const order = parseManifest(canonicalManifest(m)).files.map((f) => f.path);
    assert.deepEqual(order, ["B", "a-b", "a/b", "a0", "\uFF21", "\u{1F600}"]);
  });

  it("NFC-normalises paths, so composed and decomposed forms hash alike", () => {
    const composed = manifestHash(one("caf\u00e9.txt"));
    const decomposed = manifestHash(one("cafe\u0301.txt"));
    assert.equal(composed, decomposed);
    assert.ok(canonicalManifest(one("cafe\u0301.txt")).includes(Buffer.from("caf\u00e9", "utf8")));
  });

  it("escapes a double quote in a path as JSON does", () => {
    assert.equal(
      canonicalManifest(one('say "hi"')).toString(),
      `{"version":1,"files":[{"path":"say \\"hi\\"","size":0,"sha256":"${EMPTY}"}]}`,
    );
  });

  it("an empty manifest is valid", () => {
    assert.equal(canonicalManifest({ version: 1, files: [] }).toString(), '{"version":1,"files":[]}');
  });
});

describe("manifest validation", () => {
  const invalidPaths: [string, string][] = [
    ["", "empty"],
    ["/abs", "absolute"],
    ["/", "absolute"],
    ["a/../b", '".." segment'],
    ["..", '".." segment'],
    ["../a", '".." segment'],
    ["a/..", '".." segment'],
    ["./a", '"." segment'],
    ["a/./b", '"." segment'],
    [".", '"." segment'],
    ["a\\b", "backslash"],
    ["..\\a", "backslash"],
    ["a\0b", "control character"],
    ["a\nb", "control character"],
    ["a\tb", "control character"],
    ["a\u007fb", "control character"],
    ["a\u0085b", "control character"],
    ["a//b", "empty segment"],
    ["a/", "empty segment"],
    ["a\ud800b", "not valid Unicode"],
    ["x".repeat(4097), "too long"],
  ];
  for (const [p, why] of invalidPaths) {
    const shown = JSON.stringify(p.length > 20 ? `${p.slice(0, 10)}…` : p).replace(
      /\p{Cc}/gu,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
    it(`rejects path ${shown} (${why})`, () => {
      assert.throws(
        () => canonicalManifest(one(p)),
        (err: unknown) => {
          assert.ok(err instanceof ManifestError);
          assert.match(err.message, new RegExp(why.replace(/[.*"\\]/g, "\\$&")));
          return true;
        },
      );
      assert.throws(() => normalizeManifestPath(p), ManifestError);
    });
  }

  it("accepts unusual but valid names", () => {
    for (const p of [
      "..a",
      "a..",
      ".hidden",
      "a/.b/c",
      "100%.txt",
      "%2e%2e",
      "spaces are fine",
      "C:x",
      "ünïcödé/文件",
    ]) {
      assert.equal(canonicalManifest(one(p)).length > 0, true, p);
    }
  });

  it("rejects duplicate paths, including NFC-equivalent ones", () => {
    const dup = (a: string, b: string): Manifest => ({
      version: 1,
      files: [
        { path: a, size: 0, sha256: EMPTY },
        { path: b, size: 0, sha256: EMPTY },
      ],
    });
    assert.throws(() => canonicalManifest(dup("a", "a")), /duplicate path/);
    assert.throws(() => canonicalManifest(dup("caf\u00e9", "cafe\u0301")), /duplicate path/);
    assert.throws(() => canonicalManifest(dup("a", "a/b")), /both a file and a directory/);
  });

  it("rejects bad sizes and hashes", () => {
    const entry = (size: unknown, sha256: unknown) => ({ version: 1, files: [{ path: "a", size, sha256 }] });
    for (const size of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN, "1", null]) {
      assert.throws(() => canonicalManifest(entry(size, EMPTY) as Manifest), /non-negative safe integer/, String(size));
    }
    for (const h of [EMPTY.toUpperCase(), EMPTY.slice(1), `${EMPTY}0`, `0x${EMPTY.slice(2)}`, "g".repeat(64), 1]) {
      assert.throws(() => canonicalManifest(entry(0, h) as Manifest), /64 lowercase hex/, String(h));
    }
    assert.doesNotThrow(() => canonicalManifest(entry(Number.MAX_SAFE_INTEGER, EMPTY) as Manifest));
  });

  it("parseManifest gives short, clear errors", () => {
    const cases: [string, RegExp][] = [
      ["{", /not valid JSON/],
      ["[]", /not an object/],
      ['{"version":2,"files":[]}', /unsupported manifest version: 2/],
      ['{"version":1}', /exactly the keys version, files/],
      ['{"version":1,"files":[],"extra":0}', /exactly the keys version, files/],
      ['{"version":1,"files":{}}', /files is not an array/],
      ['{"version":1,"files":[1]}', /files\[0\] is not an object/],
      [`{"version":1,"files":[{"path":"a","size":0}]}`, /files\[0\] must have exactly the keys/],
      [`{"version":1,"files":[{"path":"a","size":0,"sha256":"${EMPTY}","x":1}]}`, /files\[0\] must have exactly/],
      [`{"version":1,"files":[{"path":7,"size":0,"sha256":"${EMPTY}"}]}`, /path must be a string/],
    ];
    for (const [json, message] of cases) {
      assert.throws(
        () => parseManifest(json),
        (err: unknown) => err instanceof ManifestError && message.test(err.message),
      );
    }
    assert.throws(() => parseManifest(Buffer.from([0x7b, 0xff])), TypeError); // not UTF-8
  });
});

describe("buildManifest", () => {
  it("hashes every regular file under a directory, nested, with progress", async () => {
    const dir = path.join(tmp, "build");
    await mkdir(path.join(dir, "sub", "deeper"), { recursive: true });
    await mkdir(path.join(dir, "empty-dir"));
    await writeFile(path.join(dir, "b.txt"), "abc");
    await writeFile(path.join(dir, "sub", "deeper", "x.bin"), "");
    await writeFile(path.join(dir, "sub", "a.txt"), "hello");
    const seen: [number, number][] = [];
    const manifest = await buildManifest(dir, { onProgress: (done, total) => seen.push([done, total]) });
    assert.deepEqual(manifest, {
      version: 1,
      files: [
        { path: "b.txt", size: 3, sha256: ABC },
        { path: "sub/a.txt", size: 5, sha256: sha("hello") },
        { path: "sub/deeper/x.bin", size: 0, sha256: EMPTY },
      ],
    });
    assert.deepEqual(seen[0], [0, 8]);
    assert.deepEqual(seen.at(-1), [8, 8]);
    assert.ok(seen.every(([done, total], i) => total === 8 && (i === 0 || done >= (seen[i - 1]?.[0] ?? 0))));
  });

  it("rejects symlinks (to files and to directories) with a clear error", async () => {
    for (const target of ["file", "dir"]) {
      const dir = path.join(tmp, `link-${target}`);
      await mkdir(path.join(dir, "dir"), { recursive: true });
      await writeFile(path.join(dir, "file"), "x");
      await symlink(path.join(dir, target), path.join(dir, "link"));
      await assert.rejects(buildManifest(dir), (err: unknown) => {
        return err instanceof ManifestError && /symlinks are not allowed: "link"/.test(err.message);
      });
    }
  });

  it("rejects a symlinked root and a non-directory", async () => {
    const dir = path.join(tmp, "real");
    await mkdir(dir);
    await symlink(dir, path.join(tmp, "alias"));
    await assert.rejects(buildManifest(path.join(tmp, "alias")), /symlinks are not allowed/);
    await writeFile(path.join(tmp, "plain"), "x");
    await assert.rejects(buildManifest(path.join(tmp, "plain")), /not a directory/);
  });
});
