import { describe, expect, it } from "vitest";
import {
  canRegisterLineage,
  type LineageStepInput,
  lineageStep,
  offerBlockedByLineage,
  TOO_LATE,
} from "./lineageStep.ts";

const me = "0x00000000000000000000000000000000000000Aa";
const base: LineageStepInput = {
  hasRegistry: true,
  account: me,
  controller: "0x00000000000000000000000000000000000000aA",
  registered: false,
  offerCount: 0,
  picked: 0,
  skipped: false,
};

describe("lineageStep", () => {
  it("asks for parents (or a skip) for an asset of mine without lineage or offers", () => {
    expect(lineageStep(base)).toEqual({ kind: "pick" });
    expect(lineageStep({ ...base, picked: 2 })).toEqual({ kind: "ready" });
    expect(lineageStep({ ...base, skipped: true })).toEqual({ kind: "skipped" });
  });
  it("is too late once the asset has offers, and done once registered", () => {
    expect(lineageStep({ ...base, offerCount: 2, picked: 1 })).toEqual({ kind: "offered", offerCount: 2 });
    expect(lineageStep({ ...base, registered: true, offerCount: 3 })).toEqual({ kind: "registered" });
    expect(TOO_LATE).toBe(
      "This asset already has offers: its lineage can no longer be registered (it had to be before the first offer).",
    );
  });
  it("is the controller's only, and waits for the chain", () => {
    expect(lineageStep({ ...base, controller: "0x00000000000000000000000000000000000000bb" })).toEqual({
      kind: "not-controller",
    });
    expect(lineageStep({ ...base, offerCount: undefined })).toEqual({ kind: "loading" });
    expect(lineageStep({ ...base, registered: undefined })).toEqual({ kind: "loading" });
    expect(lineageStep({ ...base, hasRegistry: false })).toEqual({ kind: "unavailable" });
    expect(lineageStep({ ...base, account: undefined })).toEqual({ kind: "unavailable" });
  });
  it("holds back the first offer while ticked parents are not registered", () => {
    expect(offerBlockedByLineage({ kind: "ready" })).toMatch(/^Register the lineage first/);
    for (const kind of ["pick", "skipped", "registered", "loading"] as const) {
      expect(offerBlockedByLineage({ kind })).toBeUndefined();
    }
    expect(offerBlockedByLineage({ kind: "offered", offerCount: 1 })).toBeUndefined();
  });
  it("enables 'Register lineage' only when the registry accepts, with a wallet, once", () => {
    const ok = { step: { kind: "ready" } as const, accepted: true, walletReady: true, busy: false };
    expect(canRegisterLineage(ok)).toBe(true);
    expect(canRegisterLineage({ ...ok, accepted: false })).toBe(false);
    expect(canRegisterLineage({ ...ok, walletReady: false })).toBe(false);
    expect(canRegisterLineage({ ...ok, busy: true })).toBe(false);
    expect(canRegisterLineage({ ...ok, step: { kind: "pick" } })).toBe(false);
  });
});
