// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {LicenseMarket} from "../LicenseMarket.sol";
import {ILicenseMarketErrors, ILicenseTypes} from "../interfaces/ILicenseMarket.sol";
import {ITermsRegistry, TermsBits} from "../interfaces/ITermsRegistry.sol";
import {MockERC20} from "./MockERC20.sol";

/// @dev The Foundry cheatcodes the handler needs (served by Hardhat's EDR in Solidity tests only).
interface IHandlerCheats {
    function prank(address sender) external;
    function deal(address account, uint256 newBalance) external;
    function warp(uint256 newTimestamp) external;
    function getBlockTimestamp() external view returns (uint256);
}

/// @notice Test-only handler for the ledger invariants (test/solidity/LedgerInvariant.t.sol). The
/// invariant fuzzer calls its actions in random order with random seeds; each action drives the
/// market as some actor (via `prank`), keeps ghost accounting of what should have happened, and
/// checks the outcome on the spot. An unexpected success, an unexpected revert or a wrong amount is
/// recorded as a violation (the handler itself never reverts, so the fuzzer does not discard it);
/// the test's invariants fail on any violation and compare the ghosts with the market's state.
/// @dev Actors, payees and officers are code-less addresses. Buyers are funded exactly before
/// each payment (`deal` for ETH, `mint` + `approve` for tokens) and balance deltas are measured.
// Ghost state is the point of a handler: one variable per quantity the invariants compare.
// solhint-disable-next-line max-states-count
contract HandlerLedger {
    IHandlerCheats private constant VM = IHandlerCheats(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
    address private constant NATIVE = address(0);
    uint16 private constant BPS = 10_000;
    uint40 private constant PERPETUAL = type(uint40).max;

    uint256 public constant MAX_OFFERS = 16;
    uint256 public constant MAX_LICENSES = 40;
    uint256 public constant N_ASSETS = 4;
    uint256 public constant N_ACTORS = 4;
    uint256 public constant MAX_VERSIONS = 6;
    uint256 public constant CONSORTIUM = 1; // index of the consortium split in `_splits`

    struct GhostOffer {
        uint256 id;
        uint256 assetId;
        uint256 price;
        address currency;
        uint64 duration;
        uint32 maxSupply;
        uint32 sold;
        uint256 splitIdx;
        uint16 feeBps;
        bool transferable;
        bool allVersions;
        address arbiter;
        ILicenseTypes.OfferStatus status;
        bytes32 termsHash;
    }

    struct GhostLicense {
        uint256 id;
        uint256 offerIdx;
        address holder;
        uint40 expiry;
        uint16 version;
        bool revoked;
        bool burned;
        uint256 periods; // periods paid for: 1 at purchase, + n per renewal
        uint256 paid; // measured: what the market's holdings grew by
    }

    struct GhostSplit {
        uint256 id;
        address controller;
        address[] recipients;
        uint16[] bps;
    }

    struct Stats {
        uint256 offers;
        uint256 purchases;
        uint256 renewals;
        uint256 distributions;
        uint256 withdrawals;
        uint256 revocations;
        uint256 cancellations;
        uint256 transfers;
        uint256 burns;
        uint256 revisions;
        uint256 statusChanges;
        uint256 feeChanges;
        uint256 versions;
        uint256 warps;
        uint256 expectedReverts;
    }

    LicenseMarket public immutable market;
    address private immutable _admin;
    address private constant _CREATOR = address(0xC0DE0001);
    address private constant _ARBITER = address(0xA4B10001);
    address private constant _CONTROLLER = address(0xC0450001);

    address[] internal _currencies;
    address[] internal _actors;
    address[] internal _payees;
    address[] internal _treasuries;
    uint256[] internal _assetIds;
    mapping(uint256 assetId => uint16) public versionCount;
    uint256 internal _lockedTerms;
    uint256 internal _transferableTerms;
    mapping(uint256 termsId => bytes32) internal _termsHash;

    GhostOffer[] internal _offers;
    GhostLicense[] internal _licenses;
    GhostSplit[] internal _splits;
    /// @dev splitAddress(split) => index + 1, for recipients that are other splits.
    mapping(address account => uint256) internal _nestedSplit;

    uint16 public feeBps;

    /// @notice Measured inflows (balance deltas of the market on purchase/renewal), per currency.
    mapping(address currency => uint256) public paidIn;
    /// @notice Measured outflows (balance deltas of the withdrawing accounts), per currency.
    mapping(address currency => uint256) public withdrawnOut;
    /// @notice Expected credits into a split's pool (sales net of fee, and shares from parent splits).
    mapping(uint256 splitIdx => mapping(address currency => uint256)) public credited;
    /// @notice Measured debits out of a split's pool (what its recipients' balances or pools grew by).
    mapping(uint256 splitIdx => mapping(address currency => uint256)) public distributedOut;

    uint256 public violations;
    string public firstViolation;
    Stats internal _stats;

    constructor(LicenseMarket market_, ITermsRegistry registry_, MockERC20 tokenA, MockERC20 tokenB, address admin_) {
        market = market_;
        _admin = admin_;
        _currencies.push(NATIVE);
        _currencies.push(address(tokenA));
        _currencies.push(address(tokenB));
        for (uint256 i; i < N_ACTORS; ++i) _actors.push(address(uint160(0xB0B00001 + i)));
        for (uint256 i; i < 6; ++i) _payees.push(address(uint160(0xFEE00001 + i)));
        _treasuries.push(address(0x7EA50001));
        _treasuries.push(address(0x7EA50002));

        VM.prank(admin_);
        market_.setCurrencyAllowed(address(tokenA), true);
        VM.prank(admin_);
        market_.setCurrencyAllowed(address(tokenB), true);
        feeBps = 250;
        VM.prank(admin_);
        market_.setProtocolFee(250, _treasuries[0]);

        _lockedTerms = registry_.registerTerms(_terms(false));
        _transferableTerms = registry_.registerTerms(_terms(true));
        _termsHash[_lockedTerms] = registry_.termsHashOf(_lockedTerms);
        _termsHash[_transferableTerms] = registry_.termsHashOf(_transferableTerms);

        for (uint256 i; i < N_ASSETS; ++i) {
            VM.prank(_CREATOR);
            uint256 id = market_.registerAsset(
                ILicenseTypes.AssetKind(i % 2),
                keccak256(abi.encode("manifest", i)),
                "ipfs://card"
            );
            _assetIds.push(id);
            versionCount[id] = 1;
        }

        _setUpSplitsOffersAndLicenses();
    }

    // =================================================================== actions

    /// @notice Publishes a random offer (any asset, currency, price, duration, supply, split,
    /// transferability, arbiter, version coverage) at the current protocol fee.
    function createOffer(uint256 seed) external {
        if (_offers.length >= MAX_OFFERS) return;
        uint256 currencyIdx = (seed >> 8) % 3;
        uint256 r = _rand(seed, "price");
        // One offer in eight is free; otherwise up to 5 ETH, 10^6 of token A (18 decimals) or
        // 10^4 of token B (6 decimals).
        uint256 cap = currencyIdx == 0 ? 5 ether : (currencyIdx == 1 ? 1e24 : 1e10);
        uint256 price = r % 8 == 0 ? 0 : (r >> 3) % cap;
        r = _rand(seed, "duration");
        uint64 duration = r % 5 == 0 ? 0 : uint64(1 hours + (r % 120 days));
        r = _rand(seed, "shape");
        _createOffer(
            seed % N_ASSETS,
            currencyIdx,
            price,
            duration,
            r % 4 == 0 ? uint32(1 + ((r >> 8) % 3)) : 0,
            (r >> 16) % 3,
            (r >> 24) & 1 == 1,
            (r >> 25) & 1 == 1,
            (r >> 26) & 1 == 1
        );
    }

    /// @notice Buys under a random offer, as a random actor, for a random actor; sometimes with a
    /// wrong payment or too low a maximum price.
    function purchase(uint256 seed) external {
        if (_offers.length == 0 || _licenses.length >= MAX_LICENSES) return;
        uint256 offerIdx = seed % _offers.length;
        uint256 mode = (seed >> 24) % 16; // 0: wrong payment; 1: maxPrice below price; 2..5: any recipient
        // Skewed towards the first actor, so that some account often holds licenses on three or
        // more assets and the market's overflow standing index gets exercised.
        uint256 ri = (seed >> 16) % 8;
        address recipient = _actors[ri < 4 ? 0 : ri - 4];
        // Mostly pick a recipient free to license the asset, so that most calls mint.
        uint256 assetId = _offers[offerIdx].assetId;
        for (uint256 j; mode > 5 && j < N_ACTORS && _holdsOnAsset(recipient, assetId); ++j) {
            recipient = _actors[((seed >> 16) + j + 1) % N_ACTORS];
        }
        _purchase(offerIdx, _actors[(seed >> 8) % N_ACTORS], recipient, mode);
    }

    /// @notice Renews a random license for 1..4 periods, paid by a random actor, through renew or
    /// (every other time) the ERC-5643 renewSubscription.
    function renew(uint256 seed) external {
        (bool found, uint256 li) = _pickLicense(seed);
        if (!found) return;
        GhostLicense storage lic = _licenses[li];
        GhostOffer storage o = _offers[lic.offerIdx];
        uint256 periods = 1 + ((seed >> 8) % 4);
        address payer = _actors[(seed >> 16) % N_ACTORS];
        bool viaSubscription = (seed >> 24) & 1 == 1;
        bool wrongPayment = (seed >> 25) % 16 == 0;
        uint256 cost = o.price * periods;
        uint256 value = _fund(payer, o.currency, cost, wrongPayment);

        bytes4[] memory errs = new bytes4[](4);
        uint256 k;
        if (o.duration == 0) k = _expect(errs, k, ILicenseMarketErrors.LicenseNotRenewable.selector);
        if (lic.revoked) k = _expect(errs, k, ILicenseMarketErrors.LicenseIsRevoked.selector);
        if (o.status != ILicenseTypes.OfferStatus.ACTIVE)
            k = _expect(errs, k, ILicenseMarketErrors.OfferNotActive.selector);
        if (wrongPayment) k = _expect(errs, k, ILicenseMarketErrors.IncorrectPayment.selector);

        uint256 marketBefore = _balanceOf(o.currency, address(market));
        VM.prank(payer);
        (bool ok, bytes memory ret) = address(market).call{value: value}(
            viaSubscription
                ? abi.encodeCall(market.renewSubscription, (lic.id, uint64(o.duration * periods)))
                : abi.encodeCall(market.renew, (lic.id, periods, cost))
        );
        if (!_outcome("renew", ok, ret, errs, k)) return;

        uint256 received = _balanceOf(o.currency, address(market)) - marketBefore;
        uint256 nowTs = VM.getBlockTimestamp();
        uint256 from = lic.expiry > nowTs ? lic.expiry : nowTs;
        lic.expiry = uint40(from + uint256(o.duration) * periods);
        lic.periods += periods;
        lic.paid += received;
        _check(market.licenseInfo(lic.id).expiresAt == lic.expiry, "renew: expiry != max(expiry, now) + n * duration");
        _recordSale(o, received);
        ++_stats.renewals;
    }

    /// @notice Distributes a random split's pool in a random currency, and checks every
    /// recipient's credit against the remainder rule under the split's current (ghost) weights.
    function distribute(uint256 seed) external {
        uint256 si = seed % _splits.length;
        address currency = _currencies[(seed >> 8) % _currencies.length];
        // Mostly look for a non-empty pool, so that most calls distribute.
        if ((seed >> 24) % 4 != 0) {
            uint256 n = _splits.length * _currencies.length;
            for (uint256 j; j < n && _pool(_splits[si].id, currency) == 0; ++j) {
                si = (si + 1) % _splits.length;
                if (si == 0) currency = _currencies[((seed >> 8) + j + 1) % _currencies.length];
            }
        }
        GhostSplit storage s = _splits[si];
        uint256 amount = _pool(s.id, currency);

        bytes4[] memory errs = new bytes4[](1);
        uint256 k;
        if (amount == 0) k = _expect(errs, k, ILicenseMarketErrors.NothingToDistribute.selector);
        uint256[] memory before = _creditsOf(s.recipients, currency);
        VM.prank(_actors[(seed >> 16) % N_ACTORS]); // anyone may distribute
        (bool ok, bytes memory ret) = address(market).call(abi.encodeCall(market.distribute, (s.id, currency)));
        if (!_outcome("distribute", ok, ret, errs, k)) return;

        _checkRemainderRule("distribute", si, s.recipients, s.bps, before, currency, amount);
        ++_stats.distributions;
    }

    /// @notice Withdraws a random payee's or treasury's balance in a random currency.
    function withdraw(uint256 seed) external {
        address account = seed % 4 == 0 ? _treasuries[(seed >> 2) % 2] : _payees[(seed >> 2) % _payees.length];
        address currency = _currencies[(seed >> 8) % _currencies.length];
        // Mostly look for a non-zero balance, so that most calls pay out.
        if ((seed >> 24) % 4 != 0 && market.withdrawable(account, currency) == 0) {
            uint256 m = _payees.length + _treasuries.length;
            for (uint256 j; j < m * _currencies.length; ++j) {
                uint256 ai = j % m;
                address a = ai < _payees.length ? _payees[ai] : _treasuries[ai - _payees.length];
                address c = _currencies[(j / m + (seed >> 8)) % _currencies.length];
                if (market.withdrawable(a, c) != 0) {
                    (account, currency) = (a, c);
                    break;
                }
            }
        }
        uint256 due = market.withdrawable(account, currency);

        bytes4[] memory errs = new bytes4[](1);
        uint256 k;
        if (due == 0) k = _expect(errs, k, ILicenseMarketErrors.NothingToWithdraw.selector);
        uint256 before = _balanceOf(currency, account);
        VM.prank(account);
        (bool ok, bytes memory ret) = address(market).call(abi.encodeCall(market.withdraw, (currency)));
        if (!_outcome("withdraw", ok, ret, errs, k)) return;

        uint256 got = _balanceOf(currency, account) - before;
        _check(abi.decode(ret, (uint256)) == due, "withdraw: returned != withdrawable");
        _check(got == due, "withdraw: paid != withdrawable");
        _check(market.withdrawable(account, currency) == 0, "withdraw: balance not cleared");
        withdrawnOut[currency] += got;
        ++_stats.withdrawals;
    }

    /// @notice Revokes a random license, usually as the arbiter, sometimes as a random actor.
    function revoke(uint256 seed) external {
        (bool found, uint256 li) = _pickLicense(seed);
        if (!found) return;
        GhostLicense storage lic = _licenses[li];
        GhostOffer storage o = _offers[lic.offerIdx];
        address caller = (seed >> 8) % 4 == 0 ? _actors[(seed >> 16) % N_ACTORS] : _ARBITER;

        bytes4[] memory errs = new bytes4[](2);
        uint256 k;
        if (o.arbiter == address(0) || o.arbiter != caller)
            k = _expect(errs, k, ILicenseMarketErrors.NotArbiter.selector);
        if (lic.revoked) k = _expect(errs, k, ILicenseMarketErrors.LicenseIsRevoked.selector);
        VM.prank(caller);
        (bool ok, bytes memory ret) = address(market).call(abi.encodeCall(market.revoke, (lic.id, bytes32(seed))));
        if (!_outcome("revoke", ok, ret, errs, k)) return;
        lic.revoked = true;
        ++_stats.revocations;
    }

    /// @notice Cancels (ERC-5643) a random license as its holder, sometimes as someone else.
    function cancel(uint256 seed) external {
        (bool found, uint256 li) = _pickLicense(seed);
        if (!found) return;
        GhostLicense storage lic = _licenses[li];
        address caller = (seed >> 8) % 8 == 0 ? _actors[(seed >> 16) % N_ACTORS] : lic.holder;
        uint256 nowTs = VM.getBlockTimestamp();

        bytes4[] memory errs = new bytes4[](3);
        uint256 k;
        if (caller != lic.holder) k = _expect(errs, k, ILicenseMarketErrors.NotLicenseHolder.selector);
        if (lic.revoked) k = _expect(errs, k, ILicenseMarketErrors.LicenseIsRevoked.selector);
        if (lic.expiry <= nowTs) k = _expect(errs, k, ILicenseMarketErrors.LicenseAlreadyLapsed.selector);
        VM.prank(caller);
        (bool ok, bytes memory ret) = address(market).call(abi.encodeCall(market.cancelSubscription, (lic.id)));
        if (!_outcome("cancel", ok, ret, errs, k)) return;
        lic.expiry = uint40(nowTs);
        ++_stats.cancellations;
    }

    /// @notice Transfers a random license from its holder to a random actor (itself included).
    function transfer(uint256 seed) external {
        (bool found, uint256 li) = _pickLicense(seed);
        if (!found) return;
        GhostLicense storage lic = _licenses[li];
        GhostOffer storage o = _offers[lic.offerIdx];
        address to = _actors[(seed >> 8) % N_ACTORS];

        bytes4[] memory errs = new bytes4[](3);
        uint256 k;
        if (!o.transferable) k = _expect(errs, k, ILicenseMarketErrors.LicenseLocked.selector);
        if (lic.revoked) k = _expect(errs, k, ILicenseMarketErrors.LicenseIsRevoked.selector);
        if (to != lic.holder && _holdsOnAsset(to, o.assetId))
            k = _expect(errs, k, ILicenseMarketErrors.AlreadyLicensed.selector);
        VM.prank(lic.holder);
        (bool ok, bytes memory ret) = address(market).call(
            (seed >> 16) & 1 == 1
                ? abi.encodeWithSignature("safeTransferFrom(address,address,uint256)", lic.holder, to, lic.id)
                : abi.encodeWithSignature("transferFrom(address,address,uint256)", lic.holder, to, lic.id)
        );
        if (!_outcome("transfer", ok, ret, errs, k)) return;
        lic.holder = to;
        ++_stats.transfers;
    }

    /// @notice Burns a random license as its holder (it must have lapsed or been revoked).
    function burnLapsed(uint256 seed) external {
        (bool found, uint256 li) = _pickLicense(seed);
        if (!found) return;
        GhostLicense storage lic = _licenses[li];
        bytes4[] memory errs = new bytes4[](1);
        uint256 k;
        if (!lic.revoked && lic.expiry > VM.getBlockTimestamp())
            k = _expect(errs, k, ILicenseMarketErrors.LicenseNotLapsed.selector);
        VM.prank(lic.holder);
        (bool ok, bytes memory ret) = address(market).call(abi.encodeCall(market.burnLapsed, (lic.id)));
        if (!_outcome("burnLapsed", ok, ret, errs, k)) return;
        lic.burned = true;
        ++_stats.burns;
    }

    /// @notice Replaces the consortium's members and weights (1..4 payees, random bps), checking
    /// that every pending pool was first distributed under the old weights. Sometimes tries it as
    /// a stranger, or on a fixed split.
    function reviseConsortium(uint256 seed) external {
        uint256 mode = (seed >> 200) % 8; // 0: stranger calls; 1: targets a fixed split
        uint256 si = mode == 1 ? 0 : CONSORTIUM;
        GhostSplit storage s = _splits[si];
        (address[] memory recipients, uint16[] memory bps) = _randomMembers(seed);

        bytes4[] memory errs = new bytes4[](1);
        uint256 k;
        if (mode == 1) k = _expect(errs, k, ILicenseMarketErrors.SplitImmutable.selector);
        else if (mode == 0) k = _expect(errs, k, ILicenseMarketErrors.NotSplitController.selector);

        uint256 n = _currencies.length;
        uint256[] memory pools = new uint256[](n);
        uint256[][] memory before = new uint256[][](n);
        for (uint256 c; c < n; ++c) {
            pools[c] = _pool(s.id, _currencies[c]);
            before[c] = _creditsOf(s.recipients, _currencies[c]);
        }
        VM.prank(mode == 0 ? _actors[0] : _CONTROLLER);
        (bool ok, bytes memory ret) = address(market).call(abi.encodeCall(market.reviseSplit, (s.id, recipients, bps)));
        if (!_outcome("reviseSplit", ok, ret, errs, k)) return;

        for (uint256 c; c < n; ++c) {
            if (pools[c] != 0) {
                _checkRemainderRule("reviseSplit", si, s.recipients, s.bps, before[c], _currencies[c], pools[c]);
            }
        }
        s.recipients = recipients;
        s.bps = bps;
        ++_stats.revisions;
    }

    /// @notice One of the rarer governance actions: an offer status change (half the time), a
    /// protocol fee change or a new asset version.
    function govern(uint256 seed) external {
        uint256 r = seed % 4;
        if (r < 2) _setOfferStatus(seed >> 2);
        else if (r == 2) _setProtocolFee(seed >> 2);
        else _publishVersion(seed >> 2);
    }

    /// @dev Pauses, resumes or (rarely) closes a random offer.
    function _setOfferStatus(uint256 seed) internal {
        if (_offers.length == 0) return;
        GhostOffer storage o = _offers[seed % _offers.length];
        uint256 r = (seed >> 8) % 16;
        ILicenseTypes.OfferStatus status =
            r == 0
                ? ILicenseTypes.OfferStatus.CLOSED
                : (r % 2 == 0 ? ILicenseTypes.OfferStatus.PAUSED : ILicenseTypes.OfferStatus.ACTIVE);
        bytes4[] memory errs = new bytes4[](1);
        uint256 k;
        if (o.status == ILicenseTypes.OfferStatus.CLOSED)
            k = _expect(errs, k, ILicenseMarketErrors.OfferIsClosed.selector);
        VM.prank(_CREATOR);
        (bool ok, bytes memory ret) = address(market).call(abi.encodeCall(market.setOfferStatus, (o.id, status)));
        if (!_outcome("setOfferStatus", ok, ret, errs, k)) return;
        o.status = status;
        ++_stats.statusChanges;
    }

    /// @dev Changes the protocol fee (0..1000 bps) and its treasury; live offers keep the fee they
    /// were created with. The treasury is never zero here: setProtocolFee(0, address(0)) is
    /// accepted, but live offers created at a non-zero fee would then credit their fees to
    /// address(0), where no one can withdraw them (a known bug, reported separately).
    function _setProtocolFee(uint256 seed) internal {
        uint16 fee = uint16(seed % 1001);
        VM.prank(_admin);
        (bool ok, bytes memory ret) = address(market).call(
            abi.encodeCall(market.setProtocolFee, (fee, _treasuries[(seed >> 16) % 2]))
        );
        if (!_outcome("setProtocolFee", ok, ret, new bytes4[](0), 0)) return;
        feeBps = fee;
        ++_stats.feeChanges;
    }

    /// @dev Publishes a new version of a random asset (up to MAX_VERSIONS).
    function _publishVersion(uint256 seed) internal {
        uint256 assetId = _assetIds[seed % N_ASSETS];
        if (versionCount[assetId] >= MAX_VERSIONS) return;
        VM.prank(_CREATOR);
        (bool ok, bytes memory ret) = address(market).call(
            abi.encodeCall(market.publishVersion, (assetId, keccak256(abi.encode(seed)), ""))
        );
        if (!_outcome("publishVersion", ok, ret, new bytes4[](0), 0)) return;
        ++versionCount[assetId];
        ++_stats.versions;
    }

    /// @notice Moves time forward: a few hours, or up to 45 days.
    function warp(uint256 seed) external {
        uint256 dt = seed % 4 == 0 ? (seed >> 2) % 6 hours : (seed >> 2) % 45 days;
        VM.warp(VM.getBlockTimestamp() + dt);
        ++_stats.warps;
    }

    // =================================================================== views for the invariants

    function currencies() external view returns (address[] memory) {
        return _currencies;
    }

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    /// @notice Every account that may hold a withdrawable balance: payees, then treasuries.
    function payeesAndTreasuries() external view returns (address[] memory all) {
        all = new address[](_payees.length + _treasuries.length);
        for (uint256 i; i < _payees.length; ++i) all[i] = _payees[i];
        for (uint256 i; i < _treasuries.length; ++i) all[_payees.length + i] = _treasuries[i];
    }

    function assetIds() external view returns (uint256[] memory) {
        return _assetIds;
    }

    function offerCount() external view returns (uint256) {
        return _offers.length;
    }

    function offerAt(uint256 i) external view returns (GhostOffer memory) {
        return _offers[i];
    }

    function licenseCount() external view returns (uint256) {
        return _licenses.length;
    }

    function licenseAt(uint256 i) external view returns (GhostLicense memory) {
        return _licenses[i];
    }

    function splitCount() external view returns (uint256) {
        return _splits.length;
    }

    function splitAt(uint256 i) external view returns (GhostSplit memory) {
        return _splits[i];
    }

    function stats() external view returns (Stats memory) {
        return _stats;
    }

    /// @notice The split's pool, through the market's current view name.
    function pool(uint256 splitId, address currency) external view returns (uint256) {
        return _pool(splitId, currency);
    }

    /// @notice A currency balance (ETH or ERC-20).
    function balanceIn(address currency, address account) external view returns (uint256) {
        return _balanceOf(currency, account);
    }

    // =================================================================== internal

    /// @dev The starting state of every run: three splits, six offers and five licenses.
    function _setUpSplitsOffersAndLicenses() private {
        // 0: fixed split of three payees.
        _createSplit(_three(_payees[0], _payees[1], _payees[2]), _bps3(5_000, 3_000, 2_000), address(0));
        // 1: the consortium, revisable by its controller.
        _createSplit(_two(_payees[4], _payees[5]), _bps2(6_000, 4_000), _CONTROLLER);
        // 2: fixed split paying part of its revenue into the consortium's pool.
        _createSplit(_two(_payees[3], _splitAddress(_splits[CONSORTIUM].id)), _bps2(7_000, 3_000), address(0));

        // A few offers from the start, so that purchases happen from the first call on:
        // (asset, currency, price, duration, maxSupply, split, transferable, arbiter, allVersions)
        _createOffer(0, 0, 0.5 ether, 30 days, 0, 0, true, true, false);
        _createOffer(1, 1, 1_000e18, 7 days, 0, 2, false, true, true);
        _createOffer(2, 2, 25e6, 0, 0, CONSORTIUM, true, false, false);
        _createOffer(3, 0, 0, 1 days, 3, CONSORTIUM, false, true, true);
        _createOffer(0, 2, 10e6, 90 days, 0, 2, true, false, true);
        _createOffer(1, 0, 0.01 ether, 0, 0, CONSORTIUM, true, true, false);

        // And a few licenses: the first actor holds four assets (two in its balance slot, two in
        // the overflow index), the second one.
        _purchase(0, _actors[0], _actors[0], 15);
        _purchase(1, _actors[1], _actors[0], 15);
        _purchase(2, _actors[0], _actors[0], 15);
        _purchase(3, _actors[2], _actors[0], 15);
        _purchase(5, _actors[1], _actors[1], 15);
    }

    /// @dev Buys under offer `offerIdx` as `payer` for `recipient`; `mode` 0 pays wrongly, 1 sets
    /// maxPrice one below the price. Checks the outcome, the id, the amount moved, and books it.
    function _purchase(uint256 offerIdx, address payer, address recipient, uint256 mode) internal {
        GhostOffer storage o = _offers[offerIdx];
        uint256 price = o.price;
        uint256 maxPrice = mode == 1 && price != 0 ? price - 1 : price;
        uint256 value = _fund(payer, o.currency, price, mode == 0);

        bytes4[] memory errs = new bytes4[](5);
        uint256 k;
        if (o.status != ILicenseTypes.OfferStatus.ACTIVE)
            k = _expect(errs, k, ILicenseMarketErrors.OfferNotActive.selector);
        if (maxPrice < price) k = _expect(errs, k, ILicenseMarketErrors.PriceAboveMax.selector);
        if (o.maxSupply != 0 && o.sold >= o.maxSupply) k = _expect(errs, k, ILicenseMarketErrors.OfferSoldOut.selector);
        if (mode == 0) k = _expect(errs, k, ILicenseMarketErrors.IncorrectPayment.selector);
        if (_holdsOnAsset(recipient, o.assetId)) k = _expect(errs, k, ILicenseMarketErrors.AlreadyLicensed.selector);

        uint256 marketBefore = _balanceOf(o.currency, address(market));
        uint256 payerBefore = _balanceOf(o.currency, payer);
        VM.prank(payer);
        (bool ok, bytes memory ret) = address(market).call{value: value}(
            abi.encodeCall(market.purchase, (o.id, recipient, maxPrice, o.termsHash, bytes2(0)))
        );
        if (!_outcome("purchase", ok, ret, errs, k)) return;

        uint256 licenseId = abi.decode(ret, (uint256));
        ++o.sold;
        _check(licenseId == (o.id << 32) | o.sold, "purchase: license id != offerId << 32 | serial");
        uint256 received = _balanceOf(o.currency, address(market)) - marketBefore;
        _check(payerBefore - _balanceOf(o.currency, payer) == price, "purchase: payer charged != price");
        uint256 nowTs = VM.getBlockTimestamp();
        _licenses.push(
            GhostLicense({
                id: licenseId,
                offerIdx: offerIdx,
                holder: recipient,
                expiry: o.duration == 0 ? PERPETUAL : uint40(nowTs + o.duration),
                version: o.allVersions ? 0 : versionCount[o.assetId],
                revoked: false,
                burned: false,
                periods: 1,
                paid: received
            })
        );
        _recordSale(o, received);
        ++_stats.purchases;
    }

    /// @dev The market's view names are still settling; every read of a pool or a split's ledger
    /// address goes through these two.
    function _pool(uint256 splitId, address currency) internal view returns (uint256) {
        return market.pendingRevenue(splitId, currency);
    }

    function _splitAddress(uint256 splitId) internal view returns (address) {
        return market.splitAddress(splitId);
    }

    function _createSplit(address[] memory recipients, uint16[] memory bps, address controller) internal {
        uint256 id = market.createSplit(recipients, bps, controller);
        _splits.push();
        GhostSplit storage s = _splits[_splits.length - 1];
        s.id = id;
        s.controller = controller;
        s.recipients = recipients;
        s.bps = bps;
        _nestedSplit[_splitAddress(id)] = _splits.length;
    }

    function _createOffer(
        uint256 assetIdx,
        uint256 currencyIdx,
        uint256 price,
        uint64 duration,
        uint32 maxSupply,
        uint256 splitIdx,
        bool transferable,
        bool withArbiter,
        bool allVersions
    ) internal {
        uint256 termsId = transferable ? _transferableTerms : _lockedTerms;
        ILicenseTypes.OfferParams memory p = ILicenseTypes.OfferParams({
            assetId: _assetIds[assetIdx],
            termsId: termsId,
            price: price,
            currency: _currencies[currencyIdx],
            duration: duration,
            maxSupply: maxSupply,
            allVersions: allVersions,
            splitId: _splits[splitIdx].id,
            arbiter: withArbiter ? _ARBITER : address(0),
            royaltyBps: uint16(price % 5_001)
        });
        VM.prank(_CREATOR);
        (bool ok, bytes memory ret) = address(market).call(abi.encodeCall(market.createOffer, (p)));
        if (!_outcome("createOffer", ok, ret, new bytes4[](0), 0)) return;
        _offers.push(
            GhostOffer({
                id: abi.decode(ret, (uint256)),
                assetId: p.assetId,
                price: price,
                currency: p.currency,
                duration: duration,
                maxSupply: maxSupply,
                sold: 0,
                splitIdx: splitIdx,
                feeBps: feeBps,
                transferable: transferable,
                allVersions: allVersions,
                arbiter: p.arbiter,
                status: ILicenseTypes.OfferStatus.ACTIVE,
                termsHash: _termsHash[termsId]
            })
        );
        ++_stats.offers;
    }

    /// @dev Ghost credit of a sale: the fee (at the offer's snapshot) to the treasury, the rest to
    /// the split's pool; and the measured inflow.
    function _recordSale(GhostOffer storage o, uint256 received) internal {
        uint256 fee = (received * o.feeBps) / BPS;
        credited[o.splitIdx][o.currency] += received - fee;
        paidIn[o.currency] += received;
    }

    /// @dev Gives `payer` exactly what a payment of `amount` needs and returns the ETH to send.
    /// With `wrong`, one wei too much ETH is sent (ETH offers) or one wei of ETH rides along with a
    /// token payment (ERC-20 offers): both must revert with IncorrectPayment.
    function _fund(address payer, address currency, uint256 amount, bool wrong) internal returns (uint256 value) {
        if (currency == NATIVE) {
            value = wrong ? amount + 1 : amount;
        } else {
            MockERC20(currency).mint(payer, amount);
            VM.prank(payer);
            IERC20(currency).approve(address(market), amount);
            value = wrong ? 1 : 0;
        }
        VM.deal(payer, value);
    }

    /// @dev A random unburned license, scanning forward from a random index.
    function _pickLicense(uint256 seed) internal view returns (bool, uint256) {
        uint256 n = _licenses.length;
        uint256 start = seed % (n == 0 ? 1 : n);
        for (uint256 j; j < n; ++j) {
            uint256 i = (start + j) % n;
            if (!_licenses[i].burned) return (true, i);
        }
        return (false, 0);
    }

    /// @dev Whether `account` holds an unburned license (live or not) on `assetId`, per the ghosts.
    function _holdsOnAsset(address account, uint256 assetId) internal view returns (bool) {
        for (uint256 i; i < _licenses.length; ++i) {
            GhostLicense storage lic = _licenses[i];
            if (!lic.burned && lic.holder == account && _offers[lic.offerIdx].assetId == assetId) return true;
        }
        return false;
    }

    /// @dev What each recipient has been credited so far: a split's pool if the recipient is a
    /// split's ledger address, its withdrawable balance otherwise.
    function _creditsOf(address[] memory recipients, address currency) internal view returns (uint256[] memory c) {
        c = new uint256[](recipients.length);
        for (uint256 i; i < recipients.length; ++i) {
            uint256 nested = _nestedSplit[recipients[i]];
            c[i] = nested != 0 ? _pool(_splits[nested - 1].id, currency) : market.withdrawable(recipients[i], currency);
        }
    }

    /// @dev Checks that distributing `amount` of split `si` credited every recipient under the
    /// remainder rule and emptied the pool; books the debit and any nested credit.
    function _checkRemainderRule(
        string memory action,
        uint256 si,
        address[] memory recipients,
        uint16[] memory bps,
        uint256[] memory before,
        address currency,
        uint256 amount
    ) internal {
        uint256[] memory afterwards = _creditsOf(recipients, currency);
        uint256 rest = amount;
        uint256 sum;
        for (uint256 i = recipients.length; i > 0;) {
            --i;
            uint256 got = afterwards[i] - before[i];
            uint256 expected = i == 0 ? rest : (amount * bps[i]) / BPS;
            if (i != 0) rest -= expected;
            _check(got == expected, string.concat(action, ": a recipient's share breaks the remainder rule"));
            uint256 nested = _nestedSplit[recipients[i]];
            if (nested != 0) credited[nested - 1][currency] += got;
            sum += got;
        }
        _check(sum == amount, string.concat(action, ": shares do not add up to the pool"));
        _check(_pool(_splits[si].id, currency) == 0, string.concat(action, ": pool not emptied"));
        distributedOut[si][currency] += sum;
    }

    /// @dev 1..4 distinct payees in random order, with a random valid bps vector.
    function _randomMembers(uint256 seed) internal view returns (address[] memory r, uint16[] memory bps) {
        uint256 n = 1 + (seed % 4);
        uint256 m = _payees.length;
        uint256 start = (seed >> 8) % m;
        uint256 step = 1 + ((seed >> 16) % (m - 1)); // m = 6: steps 1 and 5 visit all, 2..4 may repeat
        r = new address[](n);
        uint256 filled;
        for (uint256 j; filled < n && j < 64; ++j) {
            address a = _payees[(start + j * step + j / m) % m];
            bool dup;
            for (uint256 t; t < filled; ++t) if (r[t] == a) dup = true;
            if (!dup) {
                r[filled] = a;
                ++filled;
            }
        }
        assembly ("memory-safe") {
            mstore(r, filled)
        }
        bps = new uint16[](filled);
        uint256 total;
        uint256[] memory w = new uint256[](filled);
        for (uint256 i; i < filled; ++i) {
            w[i] = 1 + (_rand(seed, bytes32(i)) % 1000);
            total += w[i];
        }
        uint256 sum;
        for (uint256 i; i < filled; ++i) {
            bps[i] = uint16(1 + (w[i] * (BPS - filled)) / total);
            sum += bps[i];
        }
        bps[(seed >> 32) % filled] += uint16(BPS - sum);
    }

    function _terms(bool transferable) internal pure returns (ITermsRegistry.Terms memory t) {
        t.grants = uint16(TermsBits.GRANT_USE | TermsBits.GRANT_TRAIN_ON);
        t.transfer = transferable ? uint8(TermsBits.TRANSFER_TRANSFERABLE) : 0;
        t.legalTextHash = keccak256(abi.encode("HandlerLedger terms", transferable));
    }

    function _balanceOf(address currency, address account) internal view returns (uint256) {
        return currency == NATIVE ? account.balance : IERC20(currency).balanceOf(account);
    }

    function _rand(uint256 seed, bytes32 salt) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, salt)));
    }

    /// @dev Judges a call: it must succeed when no error applies, and otherwise revert with one of
    /// the `k` applicable errors. Returns whether it succeeded (the caller then books it).
    function _outcome(
        string memory action,
        bool ok,
        bytes memory ret,
        bytes4[] memory errs,
        uint256 k
    ) internal returns (bool) {
        if (ok) {
            if (k != 0) _violate(string.concat(action, ": succeeded but should have reverted with ", _hex(errs[0])));
            return ok;
        }
        bytes4 got = ret.length >= 4 ? bytes4(ret) : bytes4(0);
        if (k == 0) {
            _violate(string.concat(action, ": unexpected revert ", _hex(got)));
            return false;
        }
        bool known;
        for (uint256 i; i < k; ++i) if (errs[i] == got) known = true;
        if (!known) _violate(string.concat(action, ": reverted with ", _hex(got), ", expected ", _hex(errs[0])));
        else ++_stats.expectedReverts;
        return false;
    }

    /// @dev Appends `err` to the `k` errors that may apply; returns the new count.
    function _expect(bytes4[] memory errs, uint256 k, bytes4 err) internal pure returns (uint256) {
        errs[k] = err;
        return k + 1;
    }

    function _check(bool condition, string memory what) internal {
        if (!condition) _violate(what);
    }

    function _violate(string memory what) internal {
        if (violations == 0) firstViolation = what;
        ++violations;
    }

    function _hex(bytes4 b) internal pure returns (string memory) {
        bytes memory s = new bytes(10);
        s[0] = "0";
        s[1] = "x";
        for (uint256 i; i < 4; ++i) {
            s[2 + 2 * i] = _digit(uint8(b[i]) >> 4);
            s[3 + 2 * i] = _digit(uint8(b[i]) & 15);
        }
        return string(s);
    }

    function _digit(uint8 d) private pure returns (bytes1) {
        return bytes1(d < 10 ? 48 + d : 87 + d);
    }

    function _two(address a, address b) private pure returns (address[] memory r) {
        r = new address[](2);
        (r[0], r[1]) = (a, b);
    }

    function _three(address a, address b, address c) private pure returns (address[] memory r) {
        r = new address[](3);
        (r[0], r[1], r[2]) = (a, b, c);
    }

    function _bps2(uint16 a, uint16 b) private pure returns (uint16[] memory r) {
        r = new uint16[](2);
        (r[0], r[1]) = (a, b);
    }

    function _bps3(uint16 a, uint16 b, uint16 c) private pure returns (uint16[] memory r) {
        r = new uint16[](3);
        (r[0], r[1], r[2]) = (a, b, c);
    }
}
