/**
 * The seat actions against the SDK fixture's deployment (deployTessera deploys SeatRegistry and the
 * AccessRouter): the holder of an enterprise license seats two users, reads the seats back with
 * their effective expiries, frees one; a seat user is entitled through `accessExpiry` until its
 * seat is freed; refusals (a stranger, terms without seats, the cap) come back in plain words.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Address, getAddress } from "viem";
import {
  accessExpiry,
  ContractRevertError,
  clearSeats,
  createOffer,
  getSeats,
  PERPETUAL,
  purchase,
  registerTerms,
  renounceSeat,
  seatAccessExpiry,
  seatsHeldBy,
  setSeat,
  TesseraError,
} from "../../scripts/sdk/index.ts";
import { encodeTerms, findPreset } from "../../scripts/sdk/terms/codec.ts";
import { DAY, type SdkFixture, sdkFixture } from "./setup.ts";

const connection = await network.create();
const { networkHelpers } = connection;

/** The fixture plus an `enterprise-api` license (50 seats) bought by `buyer`. */
async function seatsFixture() {
  const f: SdkFixture = await networkHelpers.loadFixture(sdkFixture);
  const creator = f.client(f.wallets.creator);
  const { termsId } = await registerTerms(creator, { terms: encodeTerms(findPreset("enterprise-api")) });
  const { offerId } = await createOffer(creator, {
    assetId: f.assets.model,
    termsId,
    price: 1n,
    duration: 30n * DAY,
    splitId: f.split.id,
  });
  const buyer = f.client(f.wallets.buyer);
  const bought = await purchase(buyer, { offerId, territory: "US" });
  return { f, buyer, ...bought };
}

const user = (i: number): Address => getAddress(`0x5ea7${i.toString(16).padStart(36, "0")}`);

describe("SDK seat actions", () => {
  it("seats users on an enterprise license, reads them back, frees one, clears the rest", async () => {
    const { f, buyer, licenseId, expiresAt } = await seatsFixture();
    const soon = (await f.publicClient.getBlock()).timestamp + DAY;
    await setSeat(buyer, { licenseId, user: user(1), expires: soon });
    await setSeat(buyer, { licenseId, user: user(2), expires: PERPETUAL });

    const read = await getSeats(f.reader, { licenseId });
    assert.equal(read.cap, 50n);
    assert.equal(read.count, 2n);
    assert.deepEqual(read.seats, [
      { user: user(1), expires: soon, effectiveExpiry: soon },
      { user: user(2), expires: PERPETUAL, effectiveExpiry: expiresAt }, // capped by the license
    ]);
    const access = (u: Address) => seatAccessExpiry(f.reader, { account: u, assetId: f.assets.model, version: 2n });
    assert.equal(await access(user(2)), expiresAt);

    // A user may walk out of its own seat.
    const seated = f.client(f.wallets.collab);
    await setSeat(buyer, { licenseId, user: f.wallets.collab.account.address, expires: PERPETUAL });
    assert.equal((await getSeats(f.reader, { licenseId })).count, 3n);
    await renounceSeat(seated, { licenseId });
    await assert.rejects(
      renounceSeat(seated, { licenseId }),
      (e: ContractRevertError) => e.errorName === "SeatNotAssigned",
    );

    await setSeat(buyer, { licenseId, user: user(1), expires: 0n });
    assert.deepEqual(
      (await getSeats(f.reader, { licenseId })).seats.map((s) => s.user),
      [user(2)],
    );
    await clearSeats(buyer, { licenseId });
    assert.deepEqual(await getSeats(f.reader, { licenseId }), { seats: [], count: 0n, cap: 50n });
    assert.equal(await access(user(2)), 0n);
  });

  it("a seat user is entitled through accessExpiry (the AccessRouter) until its seat is freed", async () => {
    const { f, buyer, licenseId, expiresAt } = await seatsFixture();
    const seatUser = f.wallets.collab.account.address;
    const entitled = () => accessExpiry(f.reader, { account: seatUser, assetId: f.assets.model, version: 2n });
    assert.equal(await entitled(), 0n);

    await setSeat(buyer, { licenseId, user: seatUser, expires: PERPETUAL });
    assert.equal(await entitled(), expiresAt);
    assert.deepEqual(
      (await seatsHeldBy(f.reader, { account: seatUser })).map((s) => [s.license.licenseId, s.effectiveExpiry]),
      [[licenseId, expiresAt]],
    );

    await setSeat(buyer, { licenseId, user: seatUser, expires: 0n });
    assert.equal(await entitled(), 0n);
    assert.deepEqual(await seatsHeldBy(f.reader, { account: seatUser }), []);
  });

  it("refusals come back as plain-English ContractRevertErrors", async () => {
    const { f, buyer, licenseId } = await seatsFixture();
    const stranger = f.client(f.wallets.buyer2);
    await assert.rejects(
      setSeat(stranger, { licenseId, user: user(1), expires: PERPETUAL }),
      (e: ContractRevertError) =>
        e instanceof ContractRevertError &&
        e.errorName === "SeatNotLicenseHolder" &&
        /neither holds license/.test(e.shortMessage),
    );
    await assert.rejects(
      setSeat(buyer, { licenseId, user: user(1), expires: 0n }),
      (e: ContractRevertError) => e.errorName === "SeatNotAssigned" && /has no seat/.test(e.shortMessage),
    );
    // Apache-2.0 terms set no seats.
    const apache = await purchase(stranger, { offerId: f.offers.eth });
    await assert.rejects(
      setSeat(stranger, { licenseId: apache.licenseId, user: user(1), expires: PERPETUAL }),
      (e: ContractRevertError) => e.errorName === "SeatsNotOffered" && /do not offer seats/.test(e.shortMessage),
    );
    // A market error (no such license) is decoded by the market's sentences.
    await assert.rejects(
      getSeats(f.reader, { licenseId: licenseId + 1000n }),
      (e: ContractRevertError) => e.errorName === "LicenseNotFound",
    );
  });

  it("a deployment without a SeatRegistry says so", async () => {
    const { f, licenseId } = await seatsFixture();
    const old = { ...f.reader, contracts: { ...f.reader.contracts, seats: undefined } };
    await assert.rejects(
      getSeats(old, { licenseId }),
      (e: TesseraError) => e instanceof TesseraError && /no SeatRegistry: redeploy/.test(e.shortMessage),
    );
  });
});
