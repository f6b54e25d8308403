import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { type Address, getAddress, zeroAddress } from "viem";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConsortiumProposal } from "../../../../scripts/sdk/actions/consortium/getConsortium.ts";
import { shortAddress } from "../../lib/format.ts";
import type { ConsortiumDetail, ConsortiumView } from "./consortiumData.ts";

const NOW = Date.UTC(2026, 10, 25, 8, 0) / 1000;
const CONSORTIUM = getAddress("0xa16e02e87b7454126e5e10d957a927a7f5b5d2be");
const A = getAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
const B = getAddress("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
/** The viewer: admitted by proposal 1, after proposal 2 was created. */
const C = getAddress("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
const USDC = getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3");

const mocks = vi.hoisted(() => ({
  view: undefined as unknown,
  wallet: { address: undefined as Address | undefined, ready: true },
  vote: vi.fn(),
}));

vi.mock("../../lib/tessera.ts", () => ({
  useTessera: () => ({
    address: mocks.wallet.address,
    ready: mocks.wallet.ready,
    wrongChain: false,
    client: { wallet: {}, contracts: {} },
  }),
  useChainNow: () => NOW,
  withHashes: (client: unknown) => client,
}));
vi.mock("./consortiumData.ts", () => ({
  useConsortiumView: () => mocks.view,
  useNomination: () => ({ isPending: false, data: undefined }),
  nominateConsortium: vi.fn(),
}));
vi.mock("../../../../scripts/sdk/actions/consortium/vote.ts", () => ({ vote: mocks.vote }));

afterEach(cleanup);

import ConsortiumPage from "./ConsortiumPage.tsx";

const proposal = (p: Partial<ConsortiumProposal> & Pick<ConsortiumProposal, "proposalId" | "action">) =>
  ({
    kind: p.action.kind,
    payload: "0x",
    creator: A,
    createdAt: BigInt(NOW - 86_400),
    expiresAt: BigInt(NOW + 2 * 86_400),
    snapshot: 1,
    totalWeight: 100n,
    yesWeight: 0n,
    noWeight: 0n,
    status: "ACTIVE",
    voted: false,
    ...p,
  }) as ConsortiumProposal;

function detail(): ConsortiumDetail {
  return {
    address: CONSORTIUM,
    market: zeroAddress,
    splitId: 4n,
    thresholdBps: 5_100,
    lifetime: 3n * 86_400n,
    totalWeight: 100n,
    epoch: 1,
    members: [
      { account: A, weight: 60n },
      { account: B, weight: 30n },
      { account: C, weight: 10n },
    ],
    proposals: [
      proposal({
        proposalId: 1n,
        action: { kind: "ADMIT_MEMBER", account: C, weight: 10n },
        snapshot: 0,
        totalWeight: 90n,
        yesWeight: 90n,
        status: "EXECUTED",
      }),
      proposal({
        proposalId: 2n,
        action: { kind: "ADD_ASSET", assetId: 7n },
        snapshot: 0,
        totalWeight: 90n,
        yesWeight: 60n,
        status: "PASSED",
      }),
      proposal({
        proposalId: 3n,
        action: {
          kind: "PUBLISH_OFFER",
          offer: {
            assetId: 5n,
            termsId: 3n,
            price: 50_000_000_000_000_000n,
            currency: zeroAddress,
            duration: 30n * 86_400n,
            maxSupply: 0,
            allVersions: false,
            arbiter: zeroAddress,
            royaltyBps: 0,
          },
        },
        yesWeight: 30n,
        noWeight: 10n,
      }),
      proposal({ proposalId: 4n, action: { kind: "REMOVE_MEMBER", account: B }, voted: true, noWeight: 10n }),
    ],
    pooledAssets: [5n],
    pooledOffers: [],
    revenue: [
      {
        currency: zeroAddress,
        unsynced: 100_000_000_000_000_000n,
        undistributed: 0n,
        owed: [],
        owedToAccount: 10_000_000_000_000_000n,
      },
      { currency: USDC, unsynced: 0n, undistributed: 0n, owed: [], owedToAccount: 0n },
    ],
    genuine: true,
    weightAt: new Map([
      [0, 0n],
      [1, 10n],
    ]),
    nominations: new Map([["7", { controller: C, pendingController: zeroAddress }]]),
    termsNames: new Map([["3", "Apache License 2.0"]]),
  };
}

const titles: Record<string, string> = { "5": "CropSat-2025", "7": "Aurora-7B" };
const currencyInfo = (a: Address) =>
  a === zeroAddress ? { address: a, symbol: "ETH", decimals: 18 } : { address: a, symbol: "dUSDC", decimals: 6 };

function setView(data: ConsortiumDetail | undefined) {
  mocks.view = {
    detail: { isPending: false, isError: false, data, refetch: vi.fn() } as unknown as ConsortiumView["detail"],
    index: undefined,
    hasFactory: true,
    currency: currencyInfo,
    currencies: new Map([
      [zeroAddress, currencyInfo(zeroAddress)],
      [USDC.toLowerCase(), currencyInfo(USDC)],
    ]),
    assetTitle: (id: bigint) => titles[id.toString()],
    myAssets: [],
    pooledOffers: [],
  } satisfies Partial<ConsortiumView> as unknown;
}

function show() {
  const client = new QueryClient();
  return render(
    <QueryClientProvider client={client}>
      <ConsortiumPage consortium={CONSORTIUM} />
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  mocks.wallet.address = C;
  mocks.wallet.ready = true;
  mocks.vote.mockReset();
  setView(detail());
});

describe("ConsortiumPage", () => {
  it("shows members, pooled assets and every proposal in plain words", () => {
    show();
    expect(screen.getByRole("heading", { level: 1, name: `Consortium ${shortAddress(CONSORTIUM)}` })).toBeTruthy();
    expect(screen.getByTestId("membership").textContent).toBe(
      "You are a member, with weight 10 (10 %): you use every pooled asset without a license.",
    );
    const members = screen.getByRole("region", { name: "Members" });
    expect(
      within(members)
        .getAllByRole("row")
        .map((r) => r.textContent),
    ).toEqual(["MemberWeightShare", `0x7099…79C8${A}6060 %`, `0x3C44…93BC${B}3030 %`, `0x90F7…b906${C}you1010 %`]);
    const assets = screen.getByRole("region", { name: "Pooled assets" });
    expect(within(assets).getByRole("link", { name: "CropSat-2025" }).getAttribute("href")).toBe("#/asset/5");

    const headings = within(screen.getByRole("region", { name: "Proposals" }))
      .getAllByRole("heading", { level: 3 })
      .map((h) => h.textContent);
    expect(headings).toEqual([
      "Proposal 4: Remove member 0x3C44…93BC",
      "Proposal 3: Publish an offer on asset 5 (CropSat-2025): 0.05 ETH, 30 days, terms #3 (Apache License 2.0)",
      "Proposal 2: Pool asset 7 (Aurora-7B)",
      "Proposal 1: Admit 0x90F7…b906 with weight 10",
    ]);
  });

  it("says why each button is disabled, and votes where allowed", async () => {
    mocks.vote.mockResolvedValue({ hash: `0x${"ab".repeat(32)}`, weight: 10n });
    show();
    const card = (n: number) => screen.getByRole("article", { name: new RegExp(`^Proposal ${n}:`) });
    const button = (n: number, name: string) => within(card(n)).getByRole("button", { name }) as HTMLButtonElement;

    // Proposal 4: already voted; not passed.
    expect(button(4, "Vote yes").disabled).toBe(true);
    expect(card(4).textContent).toContain("Voting: Already voted: you voted on this proposal.");
    expect(card(4).textContent).toContain("Execute: Not passed yet: it needs 51 more yes weight.");

    // Proposal 2: passed before the viewer joined; the asset is not nominated yet, and the viewer controls it.
    expect(within(card(2)).getByText("Passed")).toBeTruthy();
    expect(button(2, "Vote no").disabled).toBe(true);
    expect(card(2).textContent).toContain(
      "Voting: You joined after this proposal was created, so you cannot vote on it.",
    );
    expect(button(2, "Execute").disabled).toBe(true);
    expect(card(2).textContent).toContain(
      "Execute: Asset 7's controller (0x90F7…b906) must nominate the consortium first.",
    );
    expect(button(2, "Nominate the consortium").disabled).toBe(false);

    // Proposal 1: executed, no buttons.
    expect(within(card(1)).queryByRole("button")).toBeNull();
    expect(card(1).textContent).toContain("Executed: its action is done.");

    // Proposal 3: open, the viewer may vote.
    expect(card(3).textContent).toContain("Voting closes in 2 days.");
    expect(card(3).textContent).toContain("Yes 30 of 100 weight (30 %), no 10 (10 %); passing needs 51 (51 %).");
    fireEvent.click(button(3, "Vote yes"));
    await waitFor(() => expect(screen.getByText(/Yes vote on proposal 3: confirmed/)).toBeTruthy());
    expect(mocks.vote).toHaveBeenCalledWith(expect.anything(), {
      consortium: CONSORTIUM,
      proposalId: 3n,
      support: true,
    });
  });

  it("shows what the member is owed per currency, with Claim or why not", () => {
    show();
    const earnings = screen.getByRole("region", { name: "Earnings" });
    expect(within(earnings).getByTestId("owed-ETH").textContent).toBe("0.01 ETH");
    expect(within(earnings).getByTestId("unsynced-ETH").textContent).toBe("0.1 ETH");
    expect((within(earnings).getByRole("button", { name: "Claim ETH" }) as HTMLButtonElement).disabled).toBe(false);
    expect((within(earnings).getByRole("button", { name: "Claim dUSDC" }) as HTMLButtonElement).disabled).toBe(true);
    expect(within(earnings).getByText("Nothing to claim in dUSDC yet.")).toBeTruthy();
  });

  it("explains to an outsider that only members propose and vote", () => {
    mocks.wallet.address = getAddress("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
    setView({ ...detail(), weightAt: new Map() });
    show();
    expect(screen.getByTestId("membership").textContent).toBe("You are not a member of this consortium.");
    const form = screen.getByRole("form", { name: "New proposal" });
    expect((within(form).getByRole("button", { name: "Propose" }) as HTMLButtonElement).disabled).toBe(true);
    expect(within(form).getByText("Only members can propose: you are not a member of this consortium.")).toBeTruthy();
    expect(screen.getAllByText("Voting: Only members can vote: you are not a member.").length).toBe(3);
  });

  it("refuses a look-alike contract", () => {
    setView(undefined);
    show();
    expect(screen.getByText(/is not a consortium created by this marketplace's factory/)).toBeTruthy();
  });
});
