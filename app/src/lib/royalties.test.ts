import { keccak256, stringToBytes, zeroHash } from "viem";
import { describe, expect, it } from "vitest";
import {
  joinWords,
  offerRoyaltyLine,
  paysUpstreamSentence,
  percent,
  totalBps,
  totalSentence,
  trainingConfigHash,
  willOweSentence,
} from "./royalties.ts";

const crop = { splitId: 3n, bps: 1000 };
const llama = { splitId: 7n, bps: 250 };
const owners = new Map([["3", "CropSat-2025"]]);

describe("royalty words", () => {
  it("writes basis points as percentages", () => {
    expect(percent(1000)).toBe("10 %");
    expect(percent(250)).toBe("2.5 %");
    expect(percent(1)).toBe("0.01 %");
    expect(percent(5000)).toBe("50 %");
    expect(totalBps([crop, llama])).toBe(1250);
  });
  it("joins lists in English", () => {
    expect(joinWords([])).toBe("");
    expect(joinWords(["a"])).toBe("a");
    expect(joinWords(["a", "b"])).toBe("a and b");
    expect(joinWords(["a", "b", "c"])).toBe("a, b and c");
  });
  it("says what a derivative will owe before registering, naming the ancestor when known", () => {
    expect(willOweSentence([crop], owners)).toBe(
      "Every sale of this asset will pay 10 % to CropSat-2025's split (split 3).",
    );
    expect(willOweSentence([crop, llama], owners)).toBe(
      "Every sale of this asset will pay 10 % to CropSat-2025's split (split 3) and 2.5 % to split 7.",
    );
    expect(willOweSentence([], owners)).toBe(
      "Every sale of this asset will pay no upstream royalties: its parents' offers ask none.",
    );
    expect(totalSentence([crop, llama])).toBe("In all: 12.5 % of every sale and renewal goes upstream.");
  });
  it("says what a registered derivative pays upstream, and the offer card's line", () => {
    expect(paysUpstreamSentence([crop], owners)).toBe(
      "Each sale of this asset pays royalties upstream: 10 % to CropSat-2025 (split 3).",
    );
    expect(paysUpstreamSentence([crop, llama], new Map())).toBe(
      "Each sale of this asset pays royalties upstream: 10 % to split 3 and 2.5 % to split 7.",
    );
    expect(offerRoyaltyLine([crop])).toBe("Includes 10 % upstream royalties to its parents' creators.");
    expect(offerRoyaltyLine([crop, llama])).toBe("Includes 12.5 % upstream royalties to its parents' creators.");
    expect(offerRoyaltyLine([])).toBeUndefined();
  });
  it("hashes the training configuration's UTF-8, or records zero", () => {
    expect(trainingConfigHash("")).toBe(zeroHash);
    expect(trainingConfigHash("  \n")).toBe(zeroHash);
    expect(trainingConfigHash("lr=2e-5 épochs=3")).toBe(keccak256(stringToBytes("lr=2e-5 épochs=3")));
  });
});
