import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type ContractErrorName, type Hex, stringToHex, zeroHash } from "viem";
import {
  BITS,
  decodeRegisteredTerms,
  decodeTerms,
  deriveBitmaps,
  ENUMS,
  encodeTerms,
  findPreset,
  type LicensePreset,
  OPTIONAL_FIELDS,
  type OptionalField,
  presetFile,
  presets,
  type TermsStruct,
  termsHash,
} from "../../scripts/sdk/terms/codec.ts";
import { type RenderedTerms, renderTerms, renderTermsById } from "../../scripts/sdk/terms/render.ts";

const { viem } = await network.create();
const publicClient = await viem.getPublicClient();
const sender = (await viem.getWalletClients())[0]?.account.address;
assert.ok(sender, "a funded test account");

const EU_MEMBERS = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split(" ");

const code = (c: string): Hex => stringToHex(c, { size: 2 });
const sha256 = (text: string): Hex => `0x${createHash("sha256").update(text, "utf8").digest("hex")}`;
const presentBit = (field: OptionalField): number => 1 << OPTIONAL_FIELDS.indexOf(field);
const popcount = (bits: number): number => bits.toString(2).replaceAll("0", "").length;

/** Stand-in document hashes: the vectors carry none. */
function documentsOf(preset: LicensePreset): { legalTextHash: Hex; policyHash: Hex } {
  return { legalTextHash: sha256(`legal text of ${preset.id}`), policyHash: sha256(`policy of ${preset.id}`) };
}

function withoutBitmaps(preset: LicensePreset): LicensePreset {
  const { bitmaps: _derived, ...rest } = preset;
  return rest;
}

/** A copy of `struct` with the field at a dotted path ("caps.basis", as errors name it) set to `value`. */
function withField(struct: TermsStruct, path: string, value: unknown): TermsStruct {
  const copy = structuredClone(struct); // the struct holds bigints
  const keys = path.split(".");
  const last = keys.pop() ?? "";
  let target = copy as unknown as Record<string, unknown>;
  for (const key of keys) target = target[key] as Record<string, unknown>;
  assert.ok(last in target, `TermsStruct has no field ${path}`);
  target[last] = value;
  return copy;
}

function withTerritory(struct: TermsStruct, mode: "WORLDWIDE" | "ALLOW" | "DENY", codes: string[]): TermsStruct {
  return withField(struct, "territory", {
    mode: ENUMS.territoryMode.indexOf(mode),
    codes: codes.map(code),
    appliesToOutputs: false,
  });
}

async function deployRegistry() {
  return viem.deployContract("TermsRegistry");
}
type Registry = Awaited<ReturnType<typeof deployRegistry>>;

async function register(registry: Registry, struct: TermsStruct): Promise<bigint> {
  const hash = await registry.write.registerTerms([struct]);
  await publicClient.waitForTransactionReceipt({ hash });
  const id = await registry.read.termsIdOf([termsHash(struct)]);
  assert.notEqual(id, 0n, "registered terms must be found by their off-chain hash");
  return id;
}

const apache = encodeTerms(findPreset("apache-2.0"));

describe("terms codec", () => {
  it("mirrors the taxonomy of presets.json", () => {
    for (const [field, values] of Object.entries(presetFile.enums)) {
      const key = field as keyof typeof ENUMS;
      assert.deepEqual([...ENUMS[key]], values, `enum ${field}`);
    }
    for (const [field, names] of Object.entries(presetFile.bits)) {
      assert.deepEqual([...BITS[field as keyof typeof BITS]], names, `bits ${field}`);
    }
  });

  it("derives each vector's bitmaps from its names", () => {
    for (const preset of presets) assert.deepEqual(deriveBitmaps(preset), preset.bitmaps, preset.id);
  });

  it("round-trips every vector off-chain, key order included", () => {
    for (const preset of presets) {
      assert.equal(JSON.stringify(decodeTerms(encodeTerms(preset))), JSON.stringify(withoutBitmaps(preset)));
    }
  });

  it("round-trips the optional audit and liability cap amount", () => {
    const preset: LicensePreset = {
      ...withoutBitmaps(findPreset("enterprise-api")),
      liability: "CAPPED_AMOUNT",
      liabilityCapAmount: (2n ** 200n).toString(),
      audit: "NONE",
    };
    const decoded = decodeTerms(encodeTerms(preset));
    assert.deepEqual(decoded, preset);
    assert.equal(decoded.audit, "NONE", "a present zero-valued enum is kept");
  });

  it("rejects unknown names and duplicates", () => {
    const apachePreset = findPreset("apache-2.0");
    assert.throws(() => encodeTerms({ ...apachePreset, scope: "GLOBAL" as LicensePreset["scope"] }), /scope/);
    assert.throws(() => encodeTerms({ ...apachePreset, grants: ["use", "use"] }), /twice/);
    assert.throws(() => encodeTerms({ ...apachePreset, transfer: ["resellable" as "transferable"] }), /transfer/);
  });
});

describe("TermsRegistry: vectors round-trip through the chain", async () => {
  const registry = await deployRegistry();

  for (const [index, preset] of presets.entries()) {
    it(preset.id, async () => {
      const documents = documentsOf(preset);
      const struct = encodeTerms(preset, documents);
      const hash = termsHash(struct);
      const expectedId = BigInt(index + 1);

      await viem.assertions.emitWithArgs(registry.write.registerTerms([struct]), registry, "TermsRegistered", [
        expectedId,
        hash,
        sender,
      ]);
      assert.equal(await registry.read.termsIdOf([hash]), expectedId);
      assert.equal(await registry.read.termsHashOf([expectedId]), hash);
      assert.equal(await registry.read.termsCount(), expectedId);

      const decoded = decodeRegisteredTerms(await registry.read.getTerms([expectedId]));
      const expected = withoutBitmaps(preset);
      assert.deepEqual(decoded.preset, expected);
      assert.equal(JSON.stringify(decoded.preset), JSON.stringify(expected), "key order");
      assert.equal(decoded.legalTextHash, documents.legalTextHash);
      assert.equal(decoded.policyHash, documents.policyHash);
      assert.deepEqual(deriveBitmaps(decoded.preset), preset.bitmaps);
    });
  }

  it("reports offer facts", async () => {
    const preset = findPreset("hunyuan3d-2.1");
    const hunyuan = encodeTerms(preset, documentsOf(preset));
    const hunyuanId = await registry.read.termsIdOf([termsHash(hunyuan)]);
    assert.deepEqual(await registry.read.offerFacts([hunyuanId]), [termsHash(hunyuan), false, true]);
    const transferable = encodeTerms({ ...findPreset("apache-2.0"), transfer: ["transferable", "sublicensable"] });
    const id = await register(registry, transferable);
    assert.deepEqual(await registry.read.offerFacts([id]), [termsHash(transferable), true, false]);
  });
});

describe("TermsRegistry: deduplication", async () => {
  const registry = await deployRegistry();

  it("returns the same id for the same terms and emits once", async () => {
    const first = await registry.write.registerTerms([apache]);
    const firstReceipt = await publicClient.waitForTransactionReceipt({ hash: first });
    assert.equal(firstReceipt.logs.length, 1);

    const { result } = await registry.simulate.registerTerms([apache]);
    assert.equal(result, 1n);
    const second = await registry.write.registerTerms([apache]);
    const secondReceipt = await publicClient.waitForTransactionReceipt({ hash: second });
    assert.equal(secondReceipt.status, "success");
    assert.equal(secondReceipt.logs.length, 0, "no second TermsRegistered");
    assert.equal(await registry.read.termsCount(), 1n);
  });

  it("gives terms with another legal text hash their own id", async () => {
    const amended = { ...apache, legalTextHash: sha256("Apache License, Version 2.0, January 2004") };
    assert.equal(await register(registry, amended), 2n);
    assert.equal(await registry.read.termsCount(), 2n);
  });

  it("answers zero for unknown ids and hashes", async () => {
    assert.equal(await registry.read.termsHashOf([99n]), zeroHash);
    assert.equal(await registry.read.termsIdOf([sha256("unknown")]), 0n);
  });
});

describe("TermsRegistry: custom errors", async () => {
  const registry = await deployRegistry();
  const covered = new Set<string>();

  async function expectError<N extends ContractErrorName<Registry["abi"]>>(
    promise: Promise<unknown>,
    name: N,
    args: Parameters<typeof viem.assertions.revertWithCustomErrorWithArgs<Registry, N>>[3],
  ): Promise<void> {
    covered.add(name);
    await viem.assertions.revertWithCustomErrorWithArgs(promise, registry, name, args);
  }
  const registering = (struct: TermsStruct) => registry.write.registerTerms([struct]);

  it("TermsNotFound", async () => {
    await expectError(registry.read.getTerms([0n]), "TermsNotFound", [0n]);
    await expectError(registry.read.getTerms([7n]), "TermsNotFound", [7n]);
    await expectError(registry.read.offerFacts([7n]), "TermsNotFound", [7n]);
    await expectError(registry.read.isTerritoryAllowed([7n, code("US")]), "TermsNotFound", [7n]);
  });

  // [field as the registry names it, number of enum values]
  const enumCases: [string, number][] = [
    ["artifact", 5],
    ["scope", 4],
    ["outputOwner", 4],
    ["outputTraining", 8],
    ["derivatives", 4],
    ["territory.mode", 3],
    ["caps.basis", 3],
    ["caps.onExceed", 4],
    ["liability", 4],
    ["audit", 4],
  ];
  const withAudit = withField(apache, "present", presentBit("audit"));
  for (const [field, count] of enumCases) {
    it(`TermsInvalidEnum: ${field}`, async () => {
      for (const value of [count, 255]) {
        await expectError(registering(withField(withAudit, field, value)), "TermsInvalidEnum", [field, BigInt(value)]);
      }
    });
  }

  // [field, bit width]
  const bitmapCases: [string, number][] = [
    ["grants", 13],
    ["duties", 15],
    ["banned", 19],
    ["dataFlags", 15],
    ["term.terminatesOn", 4],
    ["transfer", 4],
    ["indemnity", 3],
    ["present", 11],
  ];
  for (const [field, width] of bitmapCases) {
    it(`TermsBitmapOutOfRange: ${field}`, async () => {
      const mask = 2 ** width - 1;
      const value = mask + 2 ** width; // every valid bit plus the first invalid one
      await expectError(registering(withField(apache, field, value)), "TermsBitmapOutOfRange", [
        field,
        BigInt(value),
        BigInt(mask),
      ]);
    });
  }

  // A non-zero value for each optional field, which the registry must refuse while marked absent.
  const absentValues: Record<OptionalField, unknown> = {
    "term.cureDays": 30,
    "term.remoteRestriction": true,
    "term.untilTerminated": true,
    "term.durationSeconds": 1n,
    "term.renewable": true,
    "territory.appliesToOutputs": true,
    family: "llama",
    liabilityCapMonths: 12,
    liabilityCapAmount: 1n,
    audit: 1,
    illustrative: true,
  };
  for (const field of OPTIONAL_FIELDS) {
    it(`TermsAbsentFieldNotEmpty: ${field}`, async () => {
      await expectError(registering(withField(apache, field, absentValues[field])), "TermsAbsentFieldNotEmpty", [
        field,
      ]);
    });
  }

  it("TermsInvalidTerritoryCode", async () => {
    for (const bad of ["0x6465", "0x4431", "0x0000", "0x4100", "0x5b41"] as const) {
      const struct = withField(withTerritory(apache, "DENY", ["FR"]), "territory.codes", [code("FR"), bad]);
      await expectError(registering(struct), "TermsInvalidTerritoryCode", [bad]);
    }
  });

  it("TermsDuplicateTerritoryCode", async () => {
    await expectError(registering(withTerritory(apache, "ALLOW", ["GB", "FR", "GB"])), "TermsDuplicateTerritoryCode", [
      code("GB"),
    ]);
  });

  it("TermsTooManyTerritoryCodes", async () => {
    const codes = Array.from({ length: 65 }, (_, i) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26)));
    await expectError(registering(withTerritory(apache, "DENY", codes)), "TermsTooManyTerritoryCodes", [65n, 64n]);
    const id = await register(registry, withTerritory(apache, "DENY", codes.slice(0, 64)));
    assert.equal((await registry.read.getTerms([id])).territory.codes.length, 64);
  });

  it("TermsWorldwideWithCodes", async () => {
    await expectError(registering(withTerritory(apache, "WORLDWIDE", ["US"])), "TermsWorldwideWithCodes", [1n]);
  });

  it("TermsEmptyTerritoryList", async () => {
    await expectError(registering(withTerritory(apache, "ALLOW", [])), "TermsEmptyTerritoryList", [1]);
    await expectError(registering(withTerritory(apache, "DENY", [])), "TermsEmptyTerritoryList", [2]);
  });

  it("covers every custom error of the registry", () => {
    const declared = registry.abi.filter((item) => item.type === "error").map((item) => item.name);
    assert.deepEqual([...covered].sort(), [...declared].sort());
  });
});

describe("TermsRegistry: territory", async () => {
  const registry = await deployRegistry();
  const allowed = async (id: bigint, c: string | Hex) =>
    registry.read.isTerritoryAllowed([id, c.startsWith("0x") ? (c as Hex) : code(c)]);

  it("Hunyuan: DENY EU, GB, KR", async () => {
    const id = await register(registry, encodeTerms(findPreset("hunyuan3d-2.1")));
    assert.equal(await allowed(id, "DE"), false, "DE is an EU member state");
    assert.equal(await allowed(id, "GR"), false);
    assert.equal(await allowed(id, "GB"), false);
    assert.equal(await allowed(id, "KR"), false);
    assert.equal(await allowed(id, "EU"), false);
    assert.equal(await allowed(id, "US"), true);
    assert.equal(await allowed(id, "CH"), true);
    assert.equal(await allowed(id, "0x0000"), false, "undeclared");
    assert.equal(await allowed(id, "de"), false, "malformed fails closed");
  });

  it("enterprise API: DENY a sanctions list", async () => {
    const id = await register(registry, encodeTerms(findPreset("enterprise-api")));
    for (const c of ["CU", "IR", "KP", "SY"]) assert.equal(await allowed(id, c), false, c);
    assert.equal(await allowed(id, "US"), true);
    assert.equal(await allowed(id, "DE"), true);
  });

  it("WORLDWIDE allows everything, even undeclared", async () => {
    const id = await register(registry, apache);
    for (const c of ["US", "DE", "KP", "0x0000"]) assert.equal(await allowed(id, c), true, c);
  });

  it("ALLOW lists allow only what they list", async () => {
    const id = await register(registry, withTerritory(apache, "ALLOW", ["US", "CA"]));
    assert.equal(await allowed(id, "US"), true);
    assert.equal(await allowed(id, "CA"), true);
    assert.equal(await allowed(id, "MX"), false);
    assert.equal(await allowed(id, "0x0000"), false);
    assert.deepEqual(await registry.read.offerFacts([id]), [await registry.read.termsHashOf([id]), false, true]);
  });

  it("ALLOW EU expands to exactly the 27 member states", async () => {
    const id = await register(registry, withTerritory(apache, "ALLOW", ["EU", "CH"]));
    const letters = Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i));
    const all = letters.flatMap((a) => letters.map((b) => a + b));
    const answers = await Promise.all(all.map((c) => allowed(id, c)));
    const allowedCodes = all.filter((_, i) => answers[i]);
    assert.deepEqual(allowedCodes, [...EU_MEMBERS, "CH", "EU"].sort());
  });
});

describe("TermsRenderer", async () => {
  const registry = await deployRegistry();
  const renderer = await viem.deployContract("TermsRenderer");
  const render = (struct: TermsStruct) => renderTerms(publicClient, renderer.address, struct);
  const rendered = new Map<string, RenderedTerms>();

  /** The sentences of `list` in `full` that are not in `base`, asserting `base` is a subset. */
  function added(full: readonly string[], base: readonly string[]): string[] {
    for (const sentence of base) assert.ok(full.includes(sentence), `"${sentence}" disappeared`);
    return full.filter((sentence) => !base.includes(sentence));
  }

  for (const preset of presets) {
    it(`${preset.id}: one sentence per set bit, each list holding its own kind`, async () => {
      const struct = encodeTerms(preset);
      const id = await register(registry, struct);
      const out = await renderTermsById(publicClient, renderer.address, registry.address, id);
      assert.deepEqual(await render(struct), out, "by id and by value agree");
      rendered.set(preset.id, out);

      for (const s of out.may) assert.match(s, /^You may (?!not )/);
      for (const s of out.must) assert.match(s, /^You must /);
      for (const s of out.mayNot) assert.match(s, /^You may not /);
      for (const s of out.notes) assert.doesNotMatch(s, /^You (may|must) /);
      for (const list of Object.values(out)) {
        assert.equal(new Set(list).size, list.length, "no sentence twice");
        for (const s of list) assert.doesNotMatch(s, /[~%#@$|]/, "no table syntax leaks");
      }

      const [noGrants, noDuties, noBans, noData] = await Promise.all([
        render({ ...struct, grants: 0 }),
        render({ ...struct, duties: 0 }),
        render({ ...struct, banned: 0 }),
        render({ ...struct, dataFlags: 0 }),
      ]);
      assert.equal(added(out.may, noGrants.may).length, popcount(struct.grants), "may: one per grant");
      assert.equal(added(out.must, noDuties.must).length, popcount(struct.duties), "must: one per duty");
      assert.equal(added(out.mayNot, noBans.mayNot).length, popcount(struct.banned), "mayNot: one per ban");
      assert.equal(added(out.notes, noData.notes).length, popcount(struct.dataFlags), "notes: one per data flag");
    });
  }

  it("says exact sentences", () => {
    const get = (id: string): RenderedTerms => {
      const out = rendered.get(id);
      assert.ok(out, `${id} was rendered`);
      return out;
    };
    assert.ok(get("apache-2.0").may.includes("You may fine-tune (modify) the model."));
    assert.ok(get("apache-2.0").must.includes("You must include a copy of the license."));
    assert.ok(get("apache-2.0").notes.includes("It ends if you bring a patent claim over it."));
    assert.ok(get("cc-by-nc-4.0").may.includes("You may modify the dataset."));
    assert.ok(get("cc-by-nc-4.0").mayNot.includes("You may not use it for commercial purposes."));
    assert.ok(get("cc-by-4.0").notes.includes("It ends if you breach it and do not cure the breach within 30 days."));
    const llama2 = get("llama2");
    assert.ok(llama2.mayNot.includes("You may not use it for military purposes."));
    assert.ok(llama2.must.includes("You must obtain a separate license above 700,000,000 monthly active users."));
    assert.ok(llama2.mayNot.includes("You may not use its outputs to improve models outside the llama family."));
    assert.ok(llama2.notes.includes("The law of US-CA governs it."));
    assert.ok(get("llama3.1").must.includes('You must start the names of derived models you distribute with "Llama".'));
    assert.ok(get("llama3.1").must.includes('You must display "Built with Llama" on products that use it.'));
    const hunyuan = get("hunyuan3d-2.1");
    assert.ok(hunyuan.mayNot.includes("You may not use it in: EU, GB, KR."));
    assert.ok(hunyuan.mayNot.includes("You may not use its outputs in: EU, GB, KR."));
    assert.ok(get("mdl-cropland").mayNot.includes("You may not distribute derivatives."));
    const enterprise = get("enterprise-api");
    assert.ok(enterprise.must.includes("You must move to the next tier above 1,000,000 calls per 30 days."));
    assert.ok(enterprise.must.includes("You must move to the next tier above 50 seats."));
    assert.ok(enterprise.notes.includes("Liability is capped at the fees paid in the last 12 months."));
    assert.ok(enterprise.notes.includes("A data processing agreement is required."));
    assert.ok(enterprise.notes.includes("The license lasts 365 days."));
    assert.equal(
      get("cdla-permissive-2.0").notes[0],
      "Summary of Community Data License Agreement – Permissive 2.0 (CDLA-Permissive-2.0); the legal text governs.",
    );
  });

  it("escapes strings into valid JSON", async () => {
    const name = 'A "quoted"\\ name\nwith\ttabs \u0001';
    const out = await render({ ...apache, name, nameRule: 'Q"', duties: 1 << BITS.duties.indexOf("namePrefix") });
    assert.equal(out.notes[0], `Summary of ${name} (Apache-2.0); the legal text governs.`);
    assert.ok(out.must.includes('You must start the names of derived models you distribute with "Q"".'));
  });

  it("renders the TLP level as one sentence", async () => {
    const tlp = (names: string[]) => names.reduce((bits, n) => bits | (1 << BITS.dataFlags.indexOf(n as never)), 0);
    assert.ok(
      (await render({ ...apache, dataFlags: tlp(["tlpLow", "tlpHigh"]) })).notes.includes("It is marked TLP:RED."),
    );
    assert.ok((await render({ ...apache, dataFlags: tlp(["tlpHigh"]) })).notes.includes("It is marked TLP:AMBER."));
  });

  it("bubbles TermsNotFound for unknown ids", async () => {
    await viem.assertions.revertWithCustomErrorWithArgs(
      renderer.read.renderTermsById([registry.address, 999n]),
      registry,
      "TermsNotFound",
      [999n],
    );
  });
});
