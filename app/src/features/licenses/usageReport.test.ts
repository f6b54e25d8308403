import { afterEach, describe, expect, it, vi } from "vitest";
import { GatewayError, PlainError } from "../../lib/errors.ts";
import { fetchUsageReport, parseUsageReport, usageReportRefusal } from "./usageReport.ts";

const SIGNATURE = `0x${"ab".repeat(65)}` as const;
const body = (licenseId = "4294967297") => ({
  report: { licenseId, period: "20000", units: "42", issuedAt: "1728000000" },
  signature: SIGNATURE,
  period: { from: "2024-10-04", to: "2024-10-04" },
});
const session = { address: "0x0000000000000000000000000000000000000001" as const, token: "t", expiresAt: 0 };

afterEach(() => vi.unstubAllGlobals());

describe("the gateway's usage report", () => {
  it("parses the decimal strings into a report", () => {
    expect(parseUsageReport(body())).toEqual({
      report: { licenseId: 4294967297n, period: 20000n, units: 42n, issuedAt: 1728000000n },
      signature: SIGNATURE,
    });
  });
  it("refuses a malformed body", () => {
    for (const bad of [
      null,
      {},
      { ...body(), signature: "nope" },
      { ...body(), report: { ...body().report, units: 42 } },
    ]) {
      expect(() => parseUsageReport(bad)).toThrow("The gateway's usage report is malformed.");
    }
  });
  it("puts the route's 404s in plain words", () => {
    const words = (message: string) => usageReportRefusal(new GatewayError(404, "not_found", message))?.message;
    expect(words("no such route")).toBe(
      "This gateway cannot sign usage reports yet (it has no usage-report route): ask the licensor to update it.",
    );
    expect(words("license 5 has no metering plan with this gateway as its attester")).toMatch(
      /^The gateway does not attest this license's usage/,
    );
    expect(words("nothing was served under license 5 in its current period yet")).toBe(
      "The gateway has served nothing under this license this period yet: there is no usage to report.",
    );
    expect(words("no license 5")).toBe("The gateway has no usage report for this license: no license 5.");
    expect(usageReportRefusal(new GatewayError(403, "forbidden", "no"))).toBeUndefined();
  });
  it("fetches with the session, and a missing route says so", async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify(body()), { status: 200 }));
    vi.stubGlobal("fetch", fetch);
    const signed = await fetchUsageReport(session, 4294967297n);
    expect(signed.report.units).toBe(42n);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toMatch(/\/v1\/licenses\/4294967297\/usage-report$/);
    expect(init.headers).toEqual({ Authorization: "Bearer t" });

    await expect(fetchUsageReport(session, 7n)).rejects.toThrow("not 7");
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () => new Response(JSON.stringify({ error: "not_found", message: "no such route" }), { status: 404 }),
      ),
    );
    await expect(fetchUsageReport(session, 7n)).rejects.toBeInstanceOf(PlainError);
    await expect(fetchUsageReport(session, 7n)).rejects.toThrow(/no usage-report route/);
  });
});
