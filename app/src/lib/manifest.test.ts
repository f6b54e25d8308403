import { describe, expect, it } from "vitest";
import { canonicalManifestBytes, parseManifest, sha256Hex } from "./manifest.ts";

describe("manifest", () => {
  it("hashes with crypto.subtle", async () => {
    expect(await sha256Hex(new TextEncoder().encode("abc"))).toBe(
      "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
  it("re-creates the canonical bytes (sorted by UTF-8 bytes, fixed key order)", () => {
    const h = "a".repeat(64);
    const bytes = canonicalManifestBytes({
      version: 1,
      files: [
        { path: "b.txt", size: 2, sha256: h },
        { path: "a/z.bin", size: 1, sha256: h },
      ],
    });
    expect(new TextDecoder().decode(bytes)).toBe(
      `{"version":1,"files":[{"path":"a/z.bin","size":1,"sha256":"${h}"},{"path":"b.txt","size":2,"sha256":"${h}"}]}`,
    );
  });
  it("rejects malformed manifests", () => {
    expect(() => parseManifest('{"version":2,"files":[]}')).toThrow();
    expect(() => parseManifest('{"version":1,"files":[{"path":"x","size":1,"sha256":"nothex"}]}')).toThrow();
    expect(parseManifest('{"version":1,"files":[]}').files).toEqual([]);
  });
});
