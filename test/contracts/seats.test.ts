/**
 * SeatRegistry: seats on organisation licenses. The holder (or an approved operator) assigns users
 * with expiries, up to the terms' `caps.seats`; a seat entitles its user at the gateway while the
 * license is active, the assigning holder still holds it and the seat has not expired, and never
 * beyond the license's expiry. Every function, error and event is exercised on the real market.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ContractReturnType, WalletClient } from "@nomicfoundation/hardhat-viem/types";
import { artifacts, network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import {
  type Address,
  type ContractErrorName,
  getAddress,
  type Hash,
  parseEventLogs,
  zeroAddress,
  zeroHash,
} from "viem";
import { encodeTerms, type LicensePreset, termsHash } from "../../scripts/sdk/terms/codec.ts";
import {
  buy,
  contentHash,
  DAY,
  type Fixture,
  LicenseStatus,
  mineAt,
  now,
  type OfferHandle,
  type OfferParams,
  PERPETUAL_EXPIRY,
  preset,
  territory,
  tesseraFixture,
} from "./fixture.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;

type Seats = ContractReturnType<"SeatRegistry">;
type SeatError = ContractErrorName<Seats["abi"]>;

// ---------------------------------------------------------------- terms and fixture

const variant = (base: string, changes: Partial<LicensePreset>): LicensePreset => {
  const { bitmaps: _derived, ...rest } = preset(base);
  return { ...rest, ...changes };
};

/** The enterprise preset: 50 seats, not transferable. */
const ENTERPRISE = preset("enterprise-api");
/** The enterprise terms, transferable and with two seats (small enough to fill in a test). */
const ENTERPRISE_TRANSFERABLE = variant("enterprise-api", {
  id: "enterprise-api-transferable-2-seats",
  transfer: ["transferable"],
  caps: { ...ENTERPRISE.caps, seats: 2 },
});

async function registerTerms(f: Fixture, p: LicensePreset): Promise<bigint> {
  const struct = encodeTerms(p);
  await f.registry.write.registerTerms([struct]);
  const id = await f.registry.read.termsIdOf([termsHash(struct)]);
  assert.notEqual(id, 0n, `terms ${p.id} registered`);
  return id;
}

/** The market fixture, the enterprise terms, offers under them and a SeatRegistry over the market. */
async function seatsFixture(conn: NetworkConnection) {
  const f = await tesseraFixture(conn);
  const seats = await conn.viem.deployContract("SeatRegistry", [f.market.address, f.registry.address]);
  const enterprise = await registerTerms(f, ENTERPRISE);
  const enterpriseTransferable = await registerTerms(f, ENTERPRISE_TRANSFERABLE);
  const base: OfferParams = {
    ...f.baseOffer,
    termsId: enterprise,
    arbiter: f.wallets.arbiter.account.address,
  };
  const defs = {
    /** Enterprise terms on the model: 30 days, this version, with an arbiter. */
    org: base,
    /** Enterprise terms, every version, a year. */
    orgAll: { ...base, allVersions: true, duration: 365n * DAY },
    /** Enterprise terms, perpetual. */
    orgPerpetual: { ...base, duration: 0n },
    /** Transferable enterprise terms (two seats) on the dataset. */
    orgTransferable: { ...base, assetId: f.assets.dataset, termsId: enterpriseTransferable },
  } satisfies Record<string, OfferParams>;
  const offers = {} as Record<keyof typeof defs, OfferHandle>;
  for (const [key, params] of Object.entries(defs) as [keyof typeof defs, OfferParams][]) {
    await f.market.write.createOffer([params], { account: f.wallets.creator.account });
    const id = (await f.market.read.counts())[1];
    offers[key] = { id, params, termsHash: (await f.market.read.offers([id])).termsHash };
  }
  return { ...f, seats, termsIds: { enterprise, enterpriseTransferable }, seatOffers: offers };
}
type SFixture = Fixture & {
  seats: Seats;
  termsIds: { enterprise: bigint; enterpriseTransferable: bigint };
  seatOffers: Record<"org" | "orgAll" | "orgPerpetual" | "orgTransferable", OfferHandle>;
};
const load = () => networkHelpers.loadFixture(seatsFixture) as Promise<SFixture>;

/** A license under `offer`, bought by `holder` (default: buyer), and the block it was bought in. */
async function license(f: SFixture, offer: OfferHandle, holder: WalletClient = f.wallets.buyer) {
  const { licenseId, timestamp } = await buy(f, offer, { from: holder, territory: territory("US") });
  const info = await f.market.read.licenseInfo([licenseId]);
  return { licenseId, boughtAt: timestamp, expiresAt: info.expiresAt, assetId: info.assetId };
}

/** A code-less address to seat: users need not sign anything. */
const user = (i: number): Address => getAddress(`0x5ea7${i.toString(16).padStart(36, "0")}`);
const as = (w: WalletClient) => ({ account: w.account });

/** Seat errors a test has seen raised. */
const raised = new Set<string>();

async function expectSeatError(
  f: SFixture,
  call: Promise<Hash>,
  name: SeatError,
  args: readonly unknown[],
): Promise<void> {
  // The table of errors is untyped here; each test passes the values its error names.
  await viem.assertions.revertWithCustomErrorWithArgs(call, f.seats, name, [...args] as never);
  raised.add(name);
}

/** Assigns a seat and checks the ERC-4907 event. */
async function seat(f: SFixture, licenseId: bigint, who: Address, expires: bigint, by = f.wallets.buyer) {
  const tx = f.seats.write.setUser([licenseId, who, expires], as(by));
  await viem.assertions.emitWithArgs(tx, f.seats, "UpdateUser", [licenseId, who, expires]);
}

async function seatsOf(f: SFixture, licenseId: bigint) {
  const [users, expires] = await f.seats.read.seatsOf([licenseId]);
  return users.map((u, i) => ({ user: u, expires: expires[i] }));
}

// ---------------------------------------------------------------- assigning seats

describe("SeatRegistry: assigning, updating and freeing seats", () => {
  it("deploys over the market and its terms registry", async () => {
    const f = await load();
    assert.equal(await f.seats.read.market(), getAddress(f.market.address));
    assert.equal(await f.seats.read.termsRegistry(), getAddress(f.registry.address));
  });

  it("setUser assigns a seat: UpdateUser, seatsOf, seatCount, seatCap, userExpires, seatLicenseOf, accessExpiry", async () => {
    const f = await load();
    const { licenseId, boughtAt, expiresAt, assetId } = await license(f, f.seatOffers.org);
    const until = boughtAt + 10n * DAY;
    assert.equal(await f.seats.read.seatCount([licenseId]), 0n);
    assert.deepEqual(await seatsOf(f, licenseId), []);
    await seat(f, licenseId, user(1), until);

    assert.deepEqual(await seatsOf(f, licenseId), [{ user: user(1), expires: until }]);
    assert.equal(await f.seats.read.seatCount([licenseId]), 1n);
    assert.equal(await f.seats.read.seatCap([licenseId]), 50n, "the enterprise preset's caps.seats");
    assert.equal(await f.seats.read.userExpires([licenseId, user(1)]), until);
    assert.equal(await f.seats.read.userExpires([licenseId, user(2)]), 0n);
    assert.equal(await f.seats.read.seatLicenseOf([user(1), assetId]), licenseId);
    assert.equal(await f.seats.read.seatLicenseOf([user(2), assetId]), 0n);
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 1n]), until);
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 0n]), 0n, "version 0 is never covered");
    assert.equal(await f.seats.read.accessExpiry([user(1), f.assets.dataset, 1n]), 0n, "another asset");
    assert.equal(await f.seats.read.accessExpiry([user(2), assetId, 1n]), 0n);
    // The seat is the registry's: the market itself does not entitle the user.
    assert.equal(await f.market.read.accessExpiry([user(1), assetId, 1n]), 0n);
    assert.ok(until < expiresAt);
  });

  it("updating a seat changes its expiry, not the count", async () => {
    const f = await load();
    const { licenseId, boughtAt, assetId } = await license(f, f.seatOffers.org);
    await seat(f, licenseId, user(1), boughtAt + DAY);
    await seat(f, licenseId, user(1), boughtAt + 2n * DAY);
    assert.equal(await f.seats.read.seatCount([licenseId]), 1n);
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 1n]), boughtAt + 2n * DAY);
    await seat(f, licenseId, user(1), boughtAt + DAY + 1n); // shortening is an update too
    assert.equal(await f.seats.read.userExpires([licenseId, user(1)]), boughtAt + DAY + 1n);
  });

  it("expires = 0 frees a seat (UpdateUser with 0); the last seat takes its place in seatsOf", async () => {
    const f = await load();
    const { licenseId, boughtAt, assetId } = await license(f, f.seatOffers.org);
    for (const i of [1, 2, 3]) await seat(f, licenseId, user(i), boughtAt + BigInt(i) * DAY);
    await seat(f, licenseId, user(1), 0n);
    assert.deepEqual(await seatsOf(f, licenseId), [
      { user: user(3), expires: boughtAt + 3n * DAY },
      { user: user(2), expires: boughtAt + 2n * DAY },
    ]);
    assert.equal(await f.seats.read.seatCount([licenseId]), 2n);
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 1n]), 0n);
    assert.equal(await f.seats.read.seatLicenseOf([user(1), assetId]), 0n);
    await seat(f, licenseId, user(2), 0n);
    await seat(f, licenseId, user(3), 0n);
    assert.deepEqual(await seatsOf(f, licenseId), []);
  });

  it("freeing a seat nobody holds: SeatNotAssigned", async () => {
    const f = await load();
    const { licenseId, boughtAt } = await license(f, f.seatOffers.org);
    await expectSeatError(f, f.seats.write.setUser([licenseId, user(1), 0n], as(f.wallets.buyer)), "SeatNotAssigned", [
      licenseId,
      user(1),
    ]);
    await seat(f, licenseId, user(1), boughtAt + DAY);
    await seat(f, licenseId, user(1), 0n);
    await expectSeatError(f, f.seats.write.setUser([licenseId, user(1), 0n], as(f.wallets.buyer)), "SeatNotAssigned", [
      licenseId,
      user(1),
    ]);
  });

  it("no seat for the zero address or for the holder itself (already entitled): SeatInvalidUser", async () => {
    const f = await load();
    const { licenseId, boughtAt } = await license(f, f.seatOffers.org);
    const holder = getAddress(f.wallets.buyer.account.address);
    for (const who of [zeroAddress, holder]) {
      await expectSeatError(
        f,
        f.seats.write.setUser([licenseId, who, boughtAt + DAY], as(f.wallets.buyer)),
        "SeatInvalidUser",
        [licenseId, who],
      );
    }
    // Not through an operator either.
    await f.market.write.setApprovalForAll([f.wallets.stranger.account.address, true], as(f.wallets.buyer));
    await expectSeatError(
      f,
      f.seats.write.setUser([licenseId, holder, boughtAt + DAY], as(f.wallets.stranger)),
      "SeatInvalidUser",
      [licenseId, holder],
    );
  });

  it("an expiry that is not in the future: SeatInvalidExpiry with the block's time", async () => {
    const f = await load();
    const { licenseId } = await license(f, f.seatOffers.org);
    const t = (await now(f)) + 100n;
    for (const expires of [t, t - 50n, 1n]) {
      await networkHelpers.time.setNextBlockTimestamp(t);
      await expectSeatError(
        f,
        f.seats.write.setUser([licenseId, user(1), expires], as(f.wallets.buyer)),
        "SeatInvalidExpiry",
        [licenseId, expires, t],
      );
    }
    await networkHelpers.time.setNextBlockTimestamp(t + 1n);
    await seat(f, licenseId, user(1), t + 2n); // one second of seat is fine
  });

  it("a license that does not exist: the market's LicenseNotFound; the read paths answer 0", async () => {
    const f = await load();
    const missing = (f.seatOffers.org.id << 32n) | 99n;
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.seats.write.setUser([missing, user(1), (await now(f)) + DAY], as(f.wallets.buyer)),
      f.market,
      "LicenseNotFound",
      [missing],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.seats.write.clearSeats([missing], as(f.wallets.buyer)),
      f.market,
      "LicenseNotFound",
      [missing],
    );
    await assert.rejects(f.seats.read.seatsOf([missing]), /LicenseNotFound/);
    await assert.rejects(f.seats.read.seatCount([missing]), /LicenseNotFound/);
    await assert.rejects(f.seats.read.seatCap([missing]), /LicenseNotFound/);
    assert.equal(await f.seats.read.userExpires([missing, user(1)]), 0n);
    assert.equal(await f.seats.read.accessExpiry([user(1), f.assets.model, 1n]), 0n);
  });
});

// ---------------------------------------------------------------- who may assign

describe("SeatRegistry: who may assign", () => {
  it("attack: seat assigned by a non-holder", async () => {
    const f = await load();
    const { licenseId, boughtAt, assetId } = await license(f, f.seatOffers.org);
    const holder = getAddress(f.wallets.buyer.account.address);
    const stranger = f.wallets.stranger;
    const strangerAddress = getAddress(stranger.account.address);
    // A stranger seats itself, or a friend, on someone else's license; or frees its seats.
    for (const who of [strangerAddress, user(1)]) {
      await expectSeatError(
        f,
        f.seats.write.setUser([licenseId, who, boughtAt + DAY], as(stranger)),
        "SeatNotLicenseHolder",
        [licenseId, holder, strangerAddress],
      );
    }
    await seat(f, licenseId, user(1), boughtAt + DAY);
    await expectSeatError(f, f.seats.write.setUser([licenseId, user(1), 0n], as(stranger)), "SeatNotLicenseHolder", [
      licenseId,
      holder,
      strangerAddress,
    ]);
    await expectSeatError(f, f.seats.write.clearSeats([licenseId], as(stranger)), "SeatNotLicenseHolder", [
      licenseId,
      holder,
      strangerAddress,
    ]);
    // The asset's creator has no say over its licensees' seats either.
    const creator = getAddress(f.wallets.creator.account.address);
    await expectSeatError(
      f,
      f.seats.write.setUser([licenseId, user(2), boughtAt + DAY], as(f.wallets.creator)),
      "SeatNotLicenseHolder",
      [licenseId, holder, creator],
    );
    assert.equal(await f.seats.read.accessExpiry([strangerAddress, assetId, 1n]), 0n);
    assert.deepEqual(await seatsOf(f, licenseId), [{ user: user(1), expires: boughtAt + DAY }]);
  });

  it("an operator approved for the license (getApproved) may assign and free seats", async () => {
    const f = await load();
    const { licenseId, boughtAt, assetId } = await license(f, f.seatOffers.org);
    const operator = f.wallets.buyer3;
    await f.market.write.approve([operator.account.address, licenseId], as(f.wallets.buyer));
    await seat(f, licenseId, user(1), boughtAt + DAY, operator);
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 1n]), boughtAt + DAY);
    // The operator may seat itself: it is not the holder.
    await seat(f, licenseId, getAddress(operator.account.address), boughtAt + DAY, operator);
    await seat(f, licenseId, user(1), 0n, operator);
    await viem.assertions.emitWithArgs(f.seats.write.clearSeats([licenseId], as(operator)), f.seats, "SeatsCleared", [
      licenseId,
      getAddress(f.wallets.buyer.account.address),
    ]);
  });

  it("an operator approved for all the holder's tokens (isApprovedForAll) may assign; revoked, it may not", async () => {
    const f = await load();
    const { licenseId, boughtAt } = await license(f, f.seatOffers.org);
    const operator = f.wallets.buyer3;
    await f.market.write.setApprovalForAll([operator.account.address, true], as(f.wallets.buyer));
    await seat(f, licenseId, user(1), boughtAt + DAY, operator);
    await f.market.write.setApprovalForAll([operator.account.address, false], as(f.wallets.buyer));
    await expectSeatError(
      f,
      f.seats.write.setUser([licenseId, user(2), boughtAt + DAY], as(operator)),
      "SeatNotLicenseHolder",
      [licenseId, getAddress(f.wallets.buyer.account.address), getAddress(operator.account.address)],
    );
  });
});

// ---------------------------------------------------------------- the cap

describe("SeatRegistry: the terms' seat cap", () => {
  it("attack: seat count above the terms' cap", async () => {
    const f = await load();
    const { licenseId, boughtAt, assetId } = await license(f, f.seatOffers.org);
    const cap = BigInt(ENTERPRISE.caps.seats);
    assert.equal(cap, 50n);
    assert.equal(await f.seats.read.seatCap([licenseId]), cap);
    const until = boughtAt + 20n * DAY;
    for (let i = 1; i <= Number(cap); i++) {
      await f.seats.write.setUser([licenseId, user(i), until], as(f.wallets.buyer));
    }
    assert.equal(await f.seats.read.seatCount([licenseId]), cap);
    await expectSeatError(
      f,
      f.seats.write.setUser([licenseId, user(51), until], as(f.wallets.buyer)),
      "SeatCapExceeded",
      [licenseId, cap + 1n, cap],
    );
    // An operator cannot go around it, and updating a taken seat at the cap is fine.
    await f.market.write.approve([f.wallets.buyer3.account.address, licenseId], as(f.wallets.buyer));
    await expectSeatError(
      f,
      f.seats.write.setUser([licenseId, user(52), until], as(f.wallets.buyer3)),
      "SeatCapExceeded",
      [licenseId, cap + 1n, cap],
    );
    await seat(f, licenseId, user(50), until + 1n);
    // Freeing one makes room for one.
    await seat(f, licenseId, user(7), 0n);
    await seat(f, licenseId, user(51), until);
    assert.equal(await f.seats.read.seatCount([licenseId]), cap);
    assert.equal(await f.seats.read.accessExpiry([user(7), assetId, 1n]), 0n);
    assert.equal(await f.seats.read.accessExpiry([user(51), assetId, 1n]), until);
  });

  it("at the cap, seats whose own expiry has passed are reclaimed for a new one", async () => {
    const f = await load();
    const { licenseId, boughtAt } = await license(f, f.seatOffers.orgTransferable); // two seats
    assert.equal(await f.seats.read.seatCap([licenseId]), 2n);
    await seat(f, licenseId, user(1), boughtAt + DAY);
    await seat(f, licenseId, user(2), boughtAt + 10n * DAY);
    await expectSeatError(
      f,
      f.seats.write.setUser([licenseId, user(3), boughtAt + 10n * DAY], as(f.wallets.buyer)),
      "SeatCapExceeded",
      [licenseId, 3n, 2n],
    );
    await mineAt(f, boughtAt + DAY); // user(1)'s seat ends
    assert.equal(await f.seats.read.seatCount([licenseId]), 2n, "a lapsed seat stays counted until reclaimed");
    const tx = f.seats.write.setUser([licenseId, user(3), boughtAt + 10n * DAY], as(f.wallets.buyer));
    await viem.assertions.emitWithArgs(tx, f.seats, "UpdateUser", [licenseId, user(1), 0n]);
    assert.deepEqual(await seatsOf(f, licenseId), [
      { user: user(2), expires: boughtAt + 10n * DAY },
      { user: user(3), expires: boughtAt + 10n * DAY },
    ]);
  });

  it("terms with caps.seats = 0 offer no seats: SeatsNotOffered", async () => {
    const f = await load();
    assert.equal(f.terms.worldwideLocked.preset.caps.seats, 0);
    const { licenseId, boughtAt } = await license(f, f.offers.eth); // Apache-2.0
    assert.equal(await f.seats.read.seatCap([licenseId]), 0n);
    await expectSeatError(
      f,
      f.seats.write.setUser([licenseId, user(1), boughtAt + DAY], as(f.wallets.buyer)),
      "SeatsNotOffered",
      [licenseId, f.terms.worldwideLocked.id],
    );
    assert.equal(await f.seats.read.seatCount([licenseId]), 0n);
  });
});

// ---------------------------------------------------------------- validity over time

describe("SeatRegistry: when a seat entitles", () => {
  it("a seat entitles up to its expiry - 1, not from its expiry on", async () => {
    const f = await load();
    const { licenseId, boughtAt, assetId } = await license(f, f.seatOffers.org);
    const until = boughtAt + 5n * DAY;
    await seat(f, licenseId, user(1), until);
    await mineAt(f, until - 1n);
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 1n]), until);
    await mineAt(f, until);
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 1n]), 0n);
    assert.equal(await f.seats.read.userExpires([licenseId, user(1)]), 0n);
    // Still listed (stored) until freed or reclaimed; renewable by the holder.
    assert.deepEqual(await seatsOf(f, licenseId), [{ user: user(1), expires: until }]);
    await seat(f, licenseId, user(1), until + DAY);
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 1n]), until + DAY);
  });

  it("a seat expiry beyond the license's is accepted and capped by the license's at read time", async () => {
    const f = await load();
    const { licenseId, expiresAt, assetId } = await license(f, f.seatOffers.org);
    await seat(f, licenseId, user(1), expiresAt + 100n * DAY);
    await seat(f, licenseId, user(2), PERPETUAL_EXPIRY); // "as long as the license"
    for (const who of [user(1), user(2)]) {
      assert.equal(await f.seats.read.accessExpiry([who, assetId, 1n]), expiresAt);
      assert.equal(await f.seats.read.userExpires([licenseId, who]), expiresAt);
    }
    // A renewal carries the seats with it.
    await f.market.write.renew([licenseId, 1n, f.seatOffers.org.params.price], {
      account: f.wallets.buyer.account,
      value: f.seatOffers.org.params.price,
    });
    const renewed = expiresAt + f.seatOffers.org.params.duration;
    assert.equal(await f.seats.read.accessExpiry([user(2), assetId, 1n]), renewed);
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 1n]), renewed);
  });

  it("on a perpetual license a perpetual seat is perpetual (2^64 - 1)", async () => {
    const f = await load();
    const { licenseId, expiresAt, assetId, boughtAt } = await license(f, f.seatOffers.orgPerpetual);
    assert.equal(expiresAt, PERPETUAL_EXPIRY);
    await seat(f, licenseId, user(1), PERPETUAL_EXPIRY);
    await seat(f, licenseId, user(2), boughtAt + DAY);
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 1n]), PERPETUAL_EXPIRY);
    assert.equal(await f.seats.read.accessExpiry([user(2), assetId, 1n]), boughtAt + DAY);
  });

  it("license expiry ends every seat in that block; no seat can be assigned until it is renewed", async () => {
    const f = await load();
    const { licenseId, expiresAt, assetId } = await license(f, f.seatOffers.org);
    await seat(f, licenseId, user(1), PERPETUAL_EXPIRY);
    await mineAt(f, expiresAt - 1n);
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 1n]), expiresAt);
    await mineAt(f, expiresAt);
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 1n]), 0n, "ended in the expiry's block");
    assert.equal(await f.seats.read.userExpires([licenseId, user(1)]), 0n);
    await expectSeatError(
      f,
      f.seats.write.setUser([licenseId, user(2), PERPETUAL_EXPIRY], as(f.wallets.buyer)),
      "SeatLicenseNotActive",
      [licenseId, LicenseStatus.EXPIRED],
    );
    // Freeing works whatever the status.
    await seat(f, licenseId, user(1), 0n);
  });

  it("revocation ends every seat in that block, for good", async () => {
    const f = await load();
    const { licenseId, assetId, boughtAt } = await license(f, f.seatOffers.org);
    await seat(f, licenseId, user(1), PERPETUAL_EXPIRY);
    await seat(f, licenseId, user(2), boughtAt + DAY);
    await f.market.write.revoke([licenseId, zeroHash], as(f.wallets.arbiter));
    for (const who of [user(1), user(2)]) {
      assert.equal(await f.seats.read.accessExpiry([who, assetId, 1n]), 0n);
      assert.equal(await f.seats.read.userExpires([licenseId, who]), 0n);
    }
    await expectSeatError(
      f,
      f.seats.write.setUser([licenseId, user(3), boughtAt + DAY], as(f.wallets.buyer)),
      "SeatLicenseNotActive",
      [licenseId, LicenseStatus.REVOKED],
    );
    await expectSeatError(
      f,
      f.seats.write.setUser([licenseId, user(1), boughtAt + DAY], as(f.wallets.buyer)),
      "SeatLicenseNotActive",
      [licenseId, LicenseStatus.REVOKED],
    );
    await seat(f, licenseId, user(2), 0n);
  });

  it("a burned (lapsed) license: the gateway path answers 0 rather than reverting", async () => {
    const f = await load();
    const { licenseId, expiresAt, assetId } = await license(f, f.seatOffers.org);
    await seat(f, licenseId, user(1), PERPETUAL_EXPIRY);
    await mineAt(f, expiresAt);
    await f.market.write.burnLapsed([licenseId], as(f.wallets.buyer));
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 1n]), 0n);
    assert.equal(await f.seats.read.userExpires([licenseId, user(1)]), 0n);
    // The user can be seated on the holder's new license.
    const next = await license(f, f.seatOffers.org);
    await seat(f, next.licenseId, user(1), PERPETUAL_EXPIRY);
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 1n]), next.expiresAt);
  });

  it("versions: a version-bound license's seat covers its version only, an all-versions one every published version", async () => {
    const f = await load();
    const bound = await license(f, f.seatOffers.org, f.wallets.buyer);
    const all = await license(f, f.seatOffers.orgAll, f.wallets.buyer2);
    await seat(f, bound.licenseId, user(1), PERPETUAL_EXPIRY, f.wallets.buyer);
    await seat(f, all.licenseId, user(2), PERPETUAL_EXPIRY, f.wallets.buyer2);
    await f.market.write.publishVersion([f.assets.model, contentHash("model v2"), ""], as(f.wallets.creator));
    const model = f.assets.model;
    assert.equal(await f.seats.read.accessExpiry([user(1), model, 1n]), bound.expiresAt);
    assert.equal(await f.seats.read.accessExpiry([user(1), model, 2n]), 0n);
    assert.equal(await f.seats.read.accessExpiry([user(2), model, 1n]), all.expiresAt);
    assert.equal(await f.seats.read.accessExpiry([user(2), model, 2n]), all.expiresAt);
    assert.equal(await f.seats.read.accessExpiry([user(2), model, 3n]), 0n, "not yet published");
    assert.equal(await f.seats.read.accessExpiry([user(2), model, 0n]), 0n);
    // Same answers as the market gives the holders themselves.
    for (const v of [0n, 1n, 2n, 3n]) {
      const holderBound = await f.market.read.accessExpiry([f.wallets.buyer.account.address, model, v]);
      const holderAll = await f.market.read.accessExpiry([f.wallets.buyer2.account.address, model, v]);
      assert.equal((await f.seats.read.accessExpiry([user(1), model, v])) !== 0n, holderBound !== 0n);
      assert.equal((await f.seats.read.accessExpiry([user(2), model, v])) !== 0n, holderAll !== 0n);
    }
  });
});

// ---------------------------------------------------------------- one seat per asset

describe("SeatRegistry: one license per user and asset", () => {
  it("a user seated on one license cannot be seated on another of the same asset: SeatUserSeatedElsewhere", async () => {
    const f = await load();
    const first = await license(f, f.seatOffers.org, f.wallets.buyer);
    const second = await license(f, f.seatOffers.orgAll, f.wallets.buyer2); // same asset
    const until = first.boughtAt + 5n * DAY;
    await seat(f, first.licenseId, user(1), until, f.wallets.buyer);
    await expectSeatError(
      f,
      f.seats.write.setUser([second.licenseId, user(1), PERPETUAL_EXPIRY], as(f.wallets.buyer2)),
      "SeatUserSeatedElsewhere",
      [user(1), f.assets.model, first.licenseId],
    );
    // Another asset is another question.
    const dataset = await license(f, f.seatOffers.orgTransferable, f.wallets.buyer2);
    await seat(f, dataset.licenseId, user(1), PERPETUAL_EXPIRY, f.wallets.buyer2);
    assert.equal(await f.seats.read.seatLicenseOf([user(1), f.assets.dataset]), dataset.licenseId);
    assert.equal(await f.seats.read.seatLicenseOf([user(1), f.assets.model]), first.licenseId);

    // Once the first seat lapses, the second license may seat the user; the lapsed seat is freed.
    await mineAt(f, until);
    const tx = f.seats.write.setUser([second.licenseId, user(1), PERPETUAL_EXPIRY], as(f.wallets.buyer2));
    await viem.assertions.emitWithArgs(tx, f.seats, "UpdateUser", [first.licenseId, user(1), 0n]);
    assert.equal(await f.seats.read.seatLicenseOf([user(1), f.assets.model]), second.licenseId);
    assert.deepEqual(await seatsOf(f, first.licenseId), []);
    assert.equal(await f.seats.read.accessExpiry([user(1), f.assets.model, 1n]), second.expiresAt);
  });

  it("attack: a holder seats a user uninvited, to keep it off the asset's other licenses", async () => {
    const f = await load();
    const griefer = await license(f, f.seatOffers.org, f.wallets.buyer);
    const employer = await license(f, f.seatOffers.orgAll, f.wallets.buyer2);
    const employee = f.wallets.buyer3;
    const employeeAddress = getAddress(employee.account.address);
    await seat(f, griefer.licenseId, employeeAddress, PERPETUAL_EXPIRY, f.wallets.buyer);
    await expectSeatError(
      f,
      f.seats.write.setUser([employer.licenseId, employeeAddress, PERPETUAL_EXPIRY], as(f.wallets.buyer2)),
      "SeatUserSeatedElsewhere",
      [employeeAddress, f.assets.model, griefer.licenseId],
    );
    // The user walks out of the unwanted seat, and is seated where it belongs.
    const tx = f.seats.write.renounceSeat([griefer.licenseId], as(employee));
    await viem.assertions.emitWithArgs(tx, f.seats, "UpdateUser", [griefer.licenseId, employeeAddress, 0n]);
    assert.deepEqual(await seatsOf(f, griefer.licenseId), []);
    assert.equal(await f.seats.read.seatLicenseOf([employeeAddress, f.assets.model]), 0n);
    await seat(f, employer.licenseId, employeeAddress, PERPETUAL_EXPIRY, f.wallets.buyer2);
    assert.equal(await f.seats.read.accessExpiry([employeeAddress, f.assets.model, 1n]), employer.expiresAt);
    // Renouncing a seat one does not have: SeatNotAssigned.
    await expectSeatError(f, f.seats.write.renounceSeat([griefer.licenseId], as(employee)), "SeatNotAssigned", [
      griefer.licenseId,
      employeeAddress,
    ]);
  });

  it("a freed seat lets another license of the asset seat the user at once", async () => {
    const f = await load();
    const first = await license(f, f.seatOffers.org, f.wallets.buyer);
    const second = await license(f, f.seatOffers.orgAll, f.wallets.buyer2);
    await seat(f, first.licenseId, user(1), PERPETUAL_EXPIRY, f.wallets.buyer);
    await seat(f, first.licenseId, user(1), 0n, f.wallets.buyer);
    await seat(f, second.licenseId, user(1), PERPETUAL_EXPIRY, f.wallets.buyer2);
    assert.equal(await f.seats.read.accessExpiry([user(1), f.assets.model, 1n]), second.expiresAt);
  });
});

// ---------------------------------------------------------------- transfers and clearing

describe("SeatRegistry: a transfer ends the old holder's seats", () => {
  it("attack: seats survive a license transfer", async () => {
    const f = await load();
    const { buyer, buyer2 } = f.wallets;
    const { licenseId, assetId, expiresAt } = await license(f, f.seatOffers.orgTransferable, buyer);
    await seat(f, licenseId, user(1), PERPETUAL_EXPIRY, buyer);
    await seat(f, licenseId, user(2), PERPETUAL_EXPIRY, buyer);
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 1n]), expiresAt);

    // The holder sells the license but hopes its two seats keep working.
    await f.market.write.transferFrom([buyer.account.address, buyer2.account.address, licenseId], as(buyer));
    for (const who of [user(1), user(2)]) {
      assert.equal(await f.seats.read.accessExpiry([who, assetId, 1n]), 0n, "a seat survived the transfer");
      assert.equal(await f.seats.read.userExpires([licenseId, who]), 0n);
    }
    assert.deepEqual(await seatsOf(f, licenseId), []);
    assert.equal(await f.seats.read.seatCount([licenseId]), 0n);
    // The old holder can no longer seat anyone.
    await expectSeatError(
      f,
      f.seats.write.setUser([licenseId, user(1), PERPETUAL_EXPIRY], as(buyer)),
      "SeatNotLicenseHolder",
      [licenseId, getAddress(buyer2.account.address), getAddress(buyer.account.address)],
    );

    // The new holder has the full cap (two seats), and may seat the old holder's users afresh.
    await seat(f, licenseId, user(3), PERPETUAL_EXPIRY, buyer2);
    await seat(f, licenseId, user(1), expiresAt - 1n, buyer2);
    assert.equal(await f.seats.read.seatCount([licenseId]), 2n);
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 1n]), expiresAt - 1n);
    assert.equal(await f.seats.read.accessExpiry([user(2), assetId, 1n]), 0n);

    // Back to the first holder: the seats it once assigned do not come back (the new holder wrote).
    await f.market.write.transferFrom([buyer2.account.address, buyer.account.address, licenseId], as(buyer2));
    assert.equal(await f.seats.read.accessExpiry([user(2), assetId, 1n]), 0n);
    assert.equal(await f.seats.read.accessExpiry([user(3), assetId, 1n]), 0n);
    assert.deepEqual(await seatsOf(f, licenseId), []);
  });

  it("documented limit: seats come back if the license returns to their holder before any later holder wrote", async () => {
    const f = await load();
    const { buyer, buyer2 } = f.wallets;
    const { licenseId, assetId, expiresAt } = await license(f, f.seatOffers.orgTransferable, buyer);
    await seat(f, licenseId, user(1), PERPETUAL_EXPIRY, buyer);
    await f.market.write.transferFrom([buyer.account.address, buyer2.account.address, licenseId], as(buyer));
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 1n]), 0n);
    await f.market.write.transferFrom([buyer2.account.address, buyer.account.address, licenseId], as(buyer2));
    // The market exposes no transfer count, so the registry cannot tell; the cap still holds.
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 1n]), expiresAt);

    // clearSeats by the interim holder closes that door for good.
    await f.market.write.transferFrom([buyer.account.address, buyer2.account.address, licenseId], as(buyer));
    await f.seats.write.clearSeats([licenseId], as(buyer2));
    await f.market.write.transferFrom([buyer2.account.address, buyer.account.address, licenseId], as(buyer2));
    assert.equal(await f.seats.read.accessExpiry([user(1), assetId, 1n]), 0n);
  });

  it("clearSeats frees every seat at once (SeatsCleared); seats can be assigned again", async () => {
    const f = await load();
    const { licenseId, assetId, boughtAt, expiresAt } = await license(f, f.seatOffers.org);
    for (const i of [1, 2, 3]) await seat(f, licenseId, user(i), PERPETUAL_EXPIRY);
    const tx = f.seats.write.clearSeats([licenseId], as(f.wallets.buyer));
    await viem.assertions.emitWithArgs(tx, f.seats, "SeatsCleared", [
      licenseId,
      getAddress(f.wallets.buyer.account.address),
    ]);
    assert.deepEqual(await seatsOf(f, licenseId), []);
    assert.equal(await f.seats.read.seatCount([licenseId]), 0n);
    for (const i of [1, 2, 3]) assert.equal(await f.seats.read.accessExpiry([user(i), assetId, 1n]), 0n);
    await seat(f, licenseId, user(2), boughtAt + DAY);
    assert.deepEqual(await seatsOf(f, licenseId), [{ user: user(2), expires: boughtAt + DAY }]);
    assert.equal(await f.seats.read.accessExpiry([user(2), assetId, 1n]), boughtAt + DAY);
    assert.ok(boughtAt + DAY < expiresAt);
  });
});

// ---------------------------------------------------------------- coverage of the errors

describe("SeatRegistry: coverage", () => {
  it("gas: setUser (new seat, update, free), clearSeats", async () => {
    const f = await load();
    const { licenseId, boughtAt } = await license(f, f.seatOffers.org);
    const gas = async (hash: Promise<Hash>) =>
      (await f.publicClient.waitForTransactionReceipt({ hash: await hash })).gasUsed;
    const write = (u: Address, e: bigint) => f.seats.write.setUser([licenseId, u, e], as(f.wallets.buyer));
    console.log(`# gas: setUser, first seat: ${await gas(write(user(1), boughtAt + DAY))}`);
    console.log(`# gas: setUser, second seat: ${await gas(write(user(2), boughtAt + DAY))}`);
    console.log(`# gas: setUser, update: ${await gas(write(user(2), boughtAt + 2n * DAY))}`);
    console.log(`# gas: setUser, free: ${await gas(write(user(1), 0n))}`);
    console.log(`# gas: clearSeats: ${await gas(f.seats.write.clearSeats([licenseId], as(f.wallets.buyer)))}`);
    const receipt = await f.publicClient.waitForTransactionReceipt({ hash: await write(user(3), boughtAt + DAY) });
    assert.equal(parseEventLogs({ abi: f.seats.abi, logs: receipt.logs, eventName: "UpdateUser" }).length, 1);
  });

  it("every SeatRegistry error was raised by a test", async () => {
    const { abi } = await artifacts.readArtifact("SeatRegistry");
    const declared = abi.flatMap((item) => (item.type === "error" ? [item.name] : []));
    assert.ok(declared.length > 0);
    const missing = declared.filter((name) => !raised.has(name));
    assert.deepEqual(missing, [], `errors never raised: ${missing.join(", ")}`);
  });
});
