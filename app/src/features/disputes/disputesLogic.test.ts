import { getAddress, type Hex, keccak256, stringToHex, zeroAddress, zeroHash } from "viem";
import { describe, expect, it } from "vitest";
import { disputesPlan } from "../studio/disputesOption.ts";
import {
  caseHistory,
  casesToRule,
  checkAppointee,
  type DeskCase,
  evidenceHashOf,
  foldDeskLogs,
  licenseDispute,
  offersArbitratedBy,
  rulingConsequence,
} from "./disputesLogic.ts";

const desk = getAddress("0xde5c000000000000000000000000000000000001");
const arbiter = getAddress("0xa4b1000000000000000000000000000000000001");
const other = getAddress("0xa4b1000000000000000000000000000000000002");
const creator = getAddress("0xc4ea000000000000000000000000000000000001");
const holder = getAddress("0x401d000000000000000000000000000000000001");
const h = (label: string): Hex => keccak256(stringToHex(label));

const dispute = (over: Partial<DeskCase> = {}): DeskCase => ({
  caseId: 1n,
  licenseId: 7n,
  assetId: 2n,
  offerId: 3n,
  claimant: creator,
  holder,
  arbiter,
  evidenceHash: h("evidence"),
  responseHash: zeroHash,
  rulingHash: zeroHash,
  status: "OPEN",
  filedAt: 100n,
  respondedAt: 0n,
  closedAt: 0n,
  responses: [],
  ...over,
});

describe("evidenceHashOf", () => {
  it("hashes trimmed text as UTF-8 and a file's bytes; nothing for empty input", () => {
    expect(evidenceHashOf("  the model was resold  ")).toBe(keccak256(stringToHex("the model was resold")));
    expect(evidenceHashOf("é")).toBe(keccak256(new Uint8Array([0xc3, 0xa9])));
    expect(evidenceHashOf(new Uint8Array([1, 2, 3]))).toBe(keccak256(new Uint8Array([1, 2, 3])));
    expect(evidenceHashOf("   ")).toBeUndefined();
    expect(evidenceHashOf(new Uint8Array())).toBeUndefined();
  });
});

describe("checkAppointee", () => {
  it("accepts any address but empty, malformed, zero and the desk itself", () => {
    expect(checkAppointee(` ${arbiter.toLowerCase()} `, desk)).toEqual({ ok: true, arbiter });
    expect(checkAppointee("", desk)).toEqual({ ok: false, problem: "Enter the address of the arbiter to appoint." });
    expect(checkAppointee("0x12", desk)).toEqual({ ok: false, problem: "The arbiter is not a valid address." });
    expect(checkAppointee(zeroAddress, desk)).toMatchObject({ ok: false, problem: /zero address/ });
    expect(checkAppointee(desk.toLowerCase(), desk)).toMatchObject({ ok: false, problem: /its own arbiter/ });
  });
});

describe("disputesPlan (the offer form's option)", () => {
  it("off: nothing; on: the desk as market arbiter and the typed address to appoint", () => {
    expect(disputesPlan({ enabled: false, arbiter: "junk" }, desk)).toEqual({});
    expect(disputesPlan({ enabled: true, arbiter }, desk)).toEqual({ marketArbiter: desk, appointee: arbiter });
    expect(disputesPlan({ enabled: true, arbiter: "" }, desk).problem).toMatch(/Enter the address/);
    expect(disputesPlan({ enabled: true, arbiter }, undefined).problem).toMatch(/no dispute desk/);
  });
});

describe("foldDeskLogs", () => {
  it("collects appointments, case ids in filing order and every response of each case", () => {
    const folded = foldDeskLogs([
      { eventName: "ArbiterAppointed", args: { offerId: 3n, assetId: 2n, arbiter } },
      { eventName: "ClaimFiled", args: { caseId: 1n } },
      { eventName: "ClaimResponded", args: { caseId: 1n, responseHash: h("r1") } },
      { eventName: "ClaimFiled", args: { caseId: 2n } },
      { eventName: "ClaimResponded", args: { caseId: 1n, responseHash: h("r2") } },
      { eventName: "ClaimUpheld", args: { caseId: 1n } },
    ]);
    expect(folded.appointments).toEqual([{ offerId: 3n, assetId: 2n, arbiter }]);
    expect(folded.caseIds).toEqual([1n, 2n]);
    expect(folded.responses.get("1")).toEqual([h("r1"), h("r2")]);
    expect(folded.responses.get("2")).toBeUndefined();
  });
});

describe("what each side sees", () => {
  it("the arbiter: its own cases, open first; its offers", () => {
    const cases = [
      dispute({ caseId: 1n, status: "DISMISSED" }),
      dispute({ caseId: 2n, arbiter: other }),
      dispute({ caseId: 3n }),
    ];
    expect(casesToRule(cases, arbiter.toLowerCase() as Hex).map((c) => c.caseId)).toEqual([3n, 1n]);
    expect(casesToRule(cases, undefined)).toEqual([]);
    const appointments = [
      { offerId: 3n, assetId: 2n, arbiter },
      { offerId: 4n, assetId: 2n, arbiter: other },
    ];
    expect(offersArbitratedBy(appointments, other).map((a) => a.offerId)).toEqual([4n]);
  });

  it("the holder: the open case, the upheld one that revoked the license, every case", () => {
    const cases = [
      dispute({ caseId: 1n, status: "WITHDRAWN" }),
      dispute({ caseId: 2n, licenseId: 8n }),
      dispute({ caseId: 3n }),
    ];
    const open = licenseDispute(cases, 7n);
    expect(open.open?.caseId).toBe(3n);
    expect(open.revokedBy).toBeUndefined();
    expect(open.cases.map((c) => c.caseId)).toEqual([1n, 3n]);
    const revoked = licenseDispute([dispute({ status: "UPHELD" })], 7n);
    expect(revoked).toMatchObject({ open: undefined, revokedBy: { caseId: 1n } });
    expect(licenseDispute(cases, 9n).cases).toEqual([]);
  });

  it("a case's history: filed, each response (the latest with its time), then the ruling", () => {
    expect(caseHistory(dispute())).toEqual([{ label: "Claim filed with evidence", hash: h("evidence"), at: 100n }]);
    const ruled = dispute({
      status: "UPHELD",
      responses: [h("r1"), h("r2")],
      responseHash: h("r2"),
      respondedAt: 150n,
      rulingHash: h("ruling"),
      closedAt: 200n,
    });
    expect(caseHistory(ruled)).toEqual([
      { label: "Claim filed with evidence", hash: h("evidence"), at: 100n },
      { label: "Holder responded (1 of 2)", hash: h("r1"), at: undefined },
      { label: "Holder responded (2 of 2)", hash: h("r2"), at: 150n },
      { label: "Upheld by the arbiter: license revoked", hash: h("ruling"), at: 200n },
    ]);
    expect(caseHistory(dispute({ status: "DISMISSED", rulingHash: h("no"), closedAt: 9n })).at(-1)).toEqual({
      label: "Dismissed by the arbiter",
      hash: h("no"),
      at: 9n,
    });
    expect(caseHistory(dispute({ status: "WITHDRAWN", closedAt: 9n })).at(-1)).toEqual({
      label: "Withdrawn by the claimant",
      at: 9n,
    });
    // Responses known only from the record (no events read): the latest one.
    expect(caseHistory(dispute({ responseHash: h("r"), respondedAt: 120n }))[1]).toEqual({
      label: "Holder responded",
      hash: h("r"),
      at: 120n,
    });
  });

  it("states a ruling's consequences before it is confirmed", () => {
    expect(rulingConsequence("uphold", dispute())).toBe(
      "Uphold case 1? License 7 is revoked in the same transaction: its holder's access ends in that block. Rulings are final.",
    );
    expect(rulingConsequence("dismiss", dispute())).toBe(
      "Dismiss case 1? License 7 stays as it is and the claim is closed. Rulings are final.",
    );
  });
});
