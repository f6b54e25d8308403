// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {LicenseMarket} from "../LicenseMarket.sol";
import {ILicenseMarketErrors, ILicenseTypes} from "../interfaces/ILicenseMarket.sol";
import {ILicenseRefunds} from "../interfaces/ILicenseRefunds.sol";
import {ITermsRegistry, TermsBits} from "../interfaces/ITermsRegistry.sol";
import {MockERC20} from "./MockERC20.sol";

/// @dev The Foundry cheatcodes the handler needs (served by Hardhat's EDR in Solidity tests only).
interface IRefundCheats {
    function prank(address sender) external;
    function deal(address account, uint256 newBalance) external;
    function warp(uint256 newTimestamp) external;
    function getBlockTimestamp() external view returns (uint256);
}

/// @notice Test-only handler for the refund invariants (test/solidity/RefundInvariant.t.sol).
/// Drives the market's refundable offers (ETH and an ERC-20; perpetual and timed; penalties from
/// 0 to 100 %; one with a price of zero; one on a derivative paying upstream royalties; a plain
/// twin) with random purchases, renewals by anyone, refunds, releases, revocations (the handler is
/// the arbiter of most offers), burns, transfers, distributions, withdrawals by payees and holders,
/// and time warps. Ghosts: per license what was paid, refunded and is still held; per currency
/// what is held outstanding, paid in and withdrawn. Each call's outcome is judged on the spot: it
/// must succeed when no error applies and otherwise revert with an applicable one; the handler
/// swallows expected reverts and counts anything else (an unexpected revert or success, a wrong
/// amount) as a violation, which the test's invariants report.
// Ghost state is the point of a handler: one variable per quantity the invariants compare.
// solhint-disable-next-line max-states-count
contract RefundHandler {
    IRefundCheats private constant VM = IRefundCheats(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
    address private constant NATIVE = address(0);
    uint16 private constant BPS = 10_000;
    uint40 private constant PERPETUAL = type(uint40).max;
    address private constant CREATOR = address(0xC0DE0001);
    address private constant OTHER_ARBITER = address(0xA4B10001);
    address private constant TREASURY = address(0x7EA50001);

    uint256 public constant N_ACTORS = 5;
    uint256 public constant MAX_LICENSES = 30;

    struct GhostOffer {
        uint256 id;
        uint256 assetId;
        uint256 price;
        address currency;
        uint64 duration;
        bool refundable;
        uint32 window;
        uint16 penaltyBps;
        uint256 termsId;
        bool transferable;
        address arbiter;
    }

    struct GhostLicense {
        uint256 id;
        uint256 offerIdx;
        address holder;
        uint40 expiry;
        uint40 windowEnd;
        bool holding; // the market keeps a Held record (refundable, not yet refunded or released)
        bool revoked;
        bool burned;
        uint256 held; // the Held record's amount
        uint256 paidSeconds; // the Held record's paidSeconds
        uint256 paid; // everything paid for the license (purchase and renewals), measured
        uint256 refunded;
        uint256 released;
    }

    struct Stats {
        uint256 purchases;
        uint256 renewals;
        uint256 heldRenewals;
        uint256 refunds;
        uint256 releases;
        uint256 revocations;
        uint256 burns;
        uint256 transfers;
        uint256 distributions;
        uint256 withdrawals;
        uint256 warps;
        uint256 expectedReverts;
    }

    LicenseMarket public immutable market;
    MockERC20 public immutable token;
    ILicenseRefunds private immutable _refunds;

    address[] private _currencies;
    address[] private _actors;
    address[] private _payees;
    uint256[] private _splitIds;
    mapping(uint256 termsId => bytes32) private _termsHash;
    uint256 private _transferableTerms;

    GhostOffer[] private _offers;
    GhostLicense[] private _licenses;

    /// @notice Σ of ghost `held` over every license (burned ones too), per currency.
    mapping(address currency => uint256) public heldOutstanding;
    /// @notice Measured inflows (market balance deltas on purchase and renewal), per currency.
    mapping(address currency => uint256) public paidIn;
    /// @notice Measured outflows (withdrawers' balance deltas), per currency.
    mapping(address currency => uint256) public withdrawnOut;

    uint256 public violations;
    string public firstViolation;
    Stats public stats;

    constructor(LicenseMarket market_, ITermsRegistry registry, MockERC20 token_, address admin) {
        market = market_;
        token = token_;
        _refunds = ILicenseRefunds(address(market_));
        _currencies.push(NATIVE);
        _currencies.push(address(token_));
        for (uint256 i; i < N_ACTORS; ++i) _actors.push(address(uint160(0xB0B00001 + i)));
        for (uint256 i; i < 6; ++i) _payees.push(address(uint160(0xFEE00001 + i)));

        VM.prank(admin);
        market_.setCurrencyAllowed(address(token_), true);
        VM.prank(admin);
        market_.setProtocolFee(300, TREASURY);
        VM.prank(admin);
        market_.wireLineageRegistry(address(this)); // the handler writes the derivative's royalties

        uint256 locked = registry.registerTerms(_terms(false));
        uint256 transferable = registry.registerTerms(_terms(true));
        _termsHash[locked] = registry.termsHashOf(locked);
        _termsHash[transferable] = registry.termsHashOf(transferable);
        _transferableTerms = transferable;

        // Splits: 0 and 1 take sales; 2 and 3 are the derivative's ancestors.
        _splitIds.push(market_.createSplit(_two(_payees[0], _payees[1]), _bps2(6_000, 4_000), address(0)));
        _splitIds.push(market_.createSplit(_one(_payees[2]), _bps1(), address(0)));
        _splitIds.push(market_.createSplit(_two(_payees[3], _payees[4]), _bps2(5_001, 4_999), address(0)));
        _splitIds.push(market_.createSplit(_one(_payees[5]), _bps1(), address(0)));

        uint256[3] memory assets;
        for (uint256 i; i < 3; ++i) {
            VM.prank(CREATOR);
            assets[i] = market_.registerAsset(ILicenseTypes.AssetKind.MODEL, keccak256(abi.encode(i)), "ipfs://m");
        }
        ILicenseTypes.RoyaltyShare[] memory route = new ILicenseTypes.RoyaltyShare[](2);
        route[0] = ILicenseTypes.RoyaltyShare(uint32(_splitIds[2]), 700);
        route[1] = ILicenseTypes.RoyaltyShare(uint32(_splitIds[3]), 1_333);
        market_.writeUpstreamRoyalties(assets[2], route);

        address me = address(this);
        // asset, price, currency, duration, refundable, window, penalty, transferable, arbiter, split
        _publish(assets[0], 1 ether + 7, NATIVE, 30 days, true, 7 days, 0, transferable, me, 0);
        _publish(assets[0], 12_345_679, address(token_), 1 days, true, 3 days, 500, locked, address(0), 1);
        _publish(assets[1], 0.3 ether + 1, NATIVE, 0, true, 2 days, 1_000, locked, me, 0);
        _publish(assets[1], 987_654_321, address(token_), 10 days, true, 40 days, 250, transferable, OTHER_ARBITER, 1);
        _publish(assets[2], 2 ether + 3, NATIVE, 5 days, true, 1 hours, 10_000, locked, me, 0);
        _publish(assets[2], 55_555_557, address(token_), 20 days, true, 15 days, 99, transferable, me, 1);
        _publish(assets[0], 1 ether + 7, NATIVE, 30 days, false, 0, 0, transferable, me, 0);
        _publish(assets[2], 7_777_777, address(token_), 0, true, 30 days, 0, locked, me, 0);
        _publish(assets[1], 0, NATIVE, 7 days, true, 5 days, 100, transferable, me, 1);
    }

    // ------------------------------------------------------------------ actions

    /// @notice Buys a random offer for a random actor (mostly one free to license the asset).
    function purchase(uint256 seed) external {
        if (_licenses.length >= MAX_LICENSES) return;
        uint256 oi = seed % _offers.length;
        GhostOffer storage o = _offers[oi];
        address buyer = _actors[(seed >> 8) % N_ACTORS];
        for (uint256 j; (seed >> 16) % 8 != 0 && j < N_ACTORS && _holdsOnAsset(buyer, o.assetId); ++j) {
            buyer = _actors[((seed >> 8) + j + 1) % N_ACTORS];
        }
        bytes4[] memory errs = new bytes4[](1);
        uint256 k;
        if (_holdsOnAsset(buyer, o.assetId)) k = _expect(errs, k, ILicenseMarketErrors.AlreadyLicensed.selector);

        uint256 value = _fund(buyer, o.currency, o.price);
        uint256 before = _balanceOf(o.currency, address(market));
        VM.prank(buyer);
        (bool ok, bytes memory ret) = address(market).call{value: value}(
            abi.encodeCall(market.purchase, (o.id, buyer, o.price, _termsHash[o.termsId], bytes2(0)))
        );
        if (!_outcome("purchase", ok, ret, errs, k)) return;

        uint256 received = _balanceOf(o.currency, address(market)) - before;
        _check(received == o.price, "purchase: market received other than the price");
        paidIn[o.currency] += received;
        uint256 nowTs = VM.getBlockTimestamp();
        GhostLicense storage lic = _licenses.push();
        lic.id = abi.decode(ret, (uint256));
        lic.offerIdx = oi;
        lic.holder = buyer;
        lic.expiry = o.duration == 0 ? PERPETUAL : uint40(nowTs + o.duration);
        lic.paid = received;
        if (o.refundable) {
            lic.holding = true;
            lic.windowEnd = uint40(nowTs + o.window);
            lic.held = received;
            lic.paidSeconds = o.duration;
            heldOutstanding[o.currency] += received;
        }
        ++stats.purchases;
    }

    /// @notice Renews a random license for 1..3 periods, paid by a random actor. Inside the window
    /// the payment joins what is held; otherwise it is credited at once.
    function renew(uint256 seed) external {
        (bool found, uint256 li) = _pickLicense(seed);
        if (!found) return;
        GhostLicense storage lic = _licenses[li];
        GhostOffer storage o = _offers[lic.offerIdx];
        uint256 periods = 1 + ((seed >> 8) % 3);
        address payer = _actors[(seed >> 16) % N_ACTORS];
        uint256 cost = o.price * periods;

        bytes4[] memory errs = new bytes4[](2);
        uint256 k;
        if (o.duration == 0) k = _expect(errs, k, ILicenseMarketErrors.LicenseNotRenewable.selector);
        if (lic.revoked) k = _expect(errs, k, ILicenseMarketErrors.LicenseIsRevoked.selector);

        uint256 value = _fund(payer, o.currency, cost);
        uint256 before = _balanceOf(o.currency, address(market));
        VM.prank(payer);
        (bool ok, bytes memory ret) = address(market).call{value: value}(
            abi.encodeCall(market.renew, (lic.id, periods, cost))
        );
        if (!_outcome("renew", ok, ret, errs, k)) return;

        uint256 received = _balanceOf(o.currency, address(market)) - before;
        _check(received == cost, "renew: market received other than price * periods");
        paidIn[o.currency] += received;
        lic.paid += received;
        uint256 nowTs = VM.getBlockTimestamp();
        uint256 from = lic.expiry > nowTs ? lic.expiry : nowTs;
        lic.expiry = uint40(from + uint256(o.duration) * periods);
        if (lic.holding && nowTs < lic.windowEnd) {
            lic.held += received;
            lic.paidSeconds += uint256(o.duration) * periods;
            heldOutstanding[o.currency] += received;
            ++stats.heldRenewals;
        }
        ++stats.renewals;
    }

    /// @notice Asks for a refund of a random license as its holder (sometimes as someone else),
    /// and checks the amount against the formula and the holder's balance.
    function refund(uint256 seed) external {
        (bool found, uint256 li) = _pickLicense(seed);
        if (!found) return;
        GhostLicense storage lic = _licenses[li];
        GhostOffer storage o = _offers[lic.offerIdx];
        address caller = (seed >> 8) % 8 == 0 ? _actors[(seed >> 16) % N_ACTORS] : lic.holder;
        uint256 nowTs = VM.getBlockTimestamp();

        bytes4[] memory errs = new bytes4[](3);
        uint256 k;
        uint256 expected;
        if (caller != lic.holder) k = _expect(errs, k, ILicenseMarketErrors.NotLicenseHolder.selector);
        if (lic.revoked) k = _expect(errs, k, ILicenseMarketErrors.LicenseIsRevoked.selector);
        if (lic.held == 0) k = _expect(errs, k, ILicenseMarketErrors.NotRefundable.selector);
        else if (nowTs >= lic.windowEnd) k = _expect(errs, k, ILicenseMarketErrors.RefundWindowClosed.selector);
        else {
            expected = _expectedRefund(lic, o.penaltyBps, nowTs);
            if (expected == 0) k = _expect(errs, k, ILicenseMarketErrors.NothingToRefund.selector);
        }

        uint256 balanceBefore = market.withdrawable(lic.holder, o.currency);
        VM.prank(caller);
        (bool ok, bytes memory ret) = address(market).call(abi.encodeCall(_refunds.refund, (lic.id)));
        if (!_outcome("refund", ok, ret, errs, k)) return;

        uint256 amount = abi.decode(ret, (uint256));
        _check(amount == expected, "refund: amount != formula");
        _check(amount <= lic.held, "refund: more than held");
        _check(
            market.withdrawable(lic.holder, o.currency) - balanceBefore == amount,
            "refund: holder's balance did not grow by the refund"
        );
        lic.refunded += amount;
        heldOutstanding[o.currency] -= lic.held;
        lic.held = 0;
        lic.holding = false;
        lic.expiry = uint40(nowTs);
        _check(market.expiresAt(lic.id) == nowTs, "refund: license not ended in this block");
        ++stats.refunds;
    }

    /// @notice Releases a random license's held payment (mostly one that holds something), or two
    /// distinct licenses' in one call; burned licenses included.
    function releaseHeld(uint256 seed) external {
        uint256 n = _licenses.length;
        if (n == 0) return;
        uint256 a = seed % n;
        if ((seed >> 8) % 4 != 0) {
            for (uint256 j; j < n && _licenses[a].held == 0; ++j) a = (a + 1) % n;
        }
        bool pair = (seed >> 16) % 4 == 0 && n > 1;
        uint256[] memory ids = new uint256[](pair ? 2 : 1);
        uint256[] memory idx = new uint256[](ids.length);
        idx[0] = a;
        if (pair) idx[1] = (a + 1 + ((seed >> 24) % (n - 1))) % n;

        bytes4[] memory errs = new bytes4[](4);
        uint256 k;
        uint256 nowTs = VM.getBlockTimestamp();
        uint256 expectedTotal;
        for (uint256 i; i < idx.length; ++i) {
            GhostLicense storage lic = _licenses[idx[i]];
            ids[i] = lic.id;
            expectedTotal += lic.held;
            if (lic.held == 0) k = _expect(errs, k, ILicenseMarketErrors.NotRefundable.selector);
            else if (nowTs < lic.windowEnd && !lic.burned && !lic.revoked) {
                k = _expect(errs, k, ILicenseMarketErrors.RefundWindowOpen.selector);
            }
        }
        VM.prank(_actors[(seed >> 32) % N_ACTORS]); // anyone may release
        (bool ok, bytes memory ret) = address(market).call(abi.encodeCall(_refunds.releaseHeld, (ids)));
        if (!_outcome("releaseHeld", ok, ret, errs, k)) return;

        _check(abi.decode(ret, (uint256)) == expectedTotal, "releaseHeld: total != held");
        for (uint256 i; i < idx.length; ++i) {
            GhostLicense storage lic = _licenses[idx[i]];
            heldOutstanding[_offers[lic.offerIdx].currency] -= lic.held;
            lic.released += lic.held;
            lic.held = 0;
            lic.holding = false;
        }
        ++stats.releases;
    }

    /// @notice Revokes a random license, the handler acting as the arbiter (of most offers).
    function revoke(uint256 seed) external {
        (bool found, uint256 li) = _pickLicense(seed);
        if (!found) return;
        GhostLicense storage lic = _licenses[li];
        bytes4[] memory errs = new bytes4[](2);
        uint256 k;
        if (_offers[lic.offerIdx].arbiter != address(this))
            k = _expect(errs, k, ILicenseMarketErrors.NotArbiter.selector);
        if (lic.revoked) k = _expect(errs, k, ILicenseMarketErrors.LicenseIsRevoked.selector);
        (bool ok, bytes memory ret) = address(market).call(abi.encodeCall(market.revoke, (lic.id, bytes32(seed))));
        if (!_outcome("revoke", ok, ret, errs, k)) return;
        lic.revoked = true;
        ++stats.revocations;
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
        ++stats.burns;
    }

    /// @notice Transfers a random license to a random actor (the refund then goes to the new holder).
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
            abi.encodeWithSignature("transferFrom(address,address,uint256)", lic.holder, to, lic.id)
        );
        if (!_outcome("transfer", ok, ret, errs, k)) return;
        lic.holder = to;
        ++stats.transfers;
    }

    /// @notice Distributes a random split's pool (mostly a non-empty one) in a random currency.
    function distribute(uint256 seed) external {
        uint256 si = seed % _splitIds.length;
        uint256 ci = (seed >> 8) % 2;
        if ((seed >> 16) % 4 != 0) {
            for (uint256 j; j < 8 && market.pendingRevenue(_splitIds[si], _currencies[ci]) == 0; ++j) {
                si = (si + 1) % _splitIds.length;
                if (si == 0) ci ^= 1;
            }
        }
        address currency = _currencies[ci];
        uint256 amount = market.pendingRevenue(_splitIds[si], currency);
        bytes4[] memory errs = new bytes4[](1);
        uint256 k;
        if (amount == 0) k = _expect(errs, k, ILicenseMarketErrors.NothingToDistribute.selector);
        VM.prank(_actors[(seed >> 24) % N_ACTORS]);
        (bool ok, bytes memory ret) = address(market).call(
            abi.encodeCall(market.distribute, (_splitIds[si], currency))
        );
        if (!_outcome("distribute", ok, ret, errs, k)) return;
        _check(market.pendingRevenue(_splitIds[si], currency) == 0, "distribute: pool not emptied");
        ++stats.distributions;
    }

    /// @notice Withdraws a random payee's, holder's or the treasury's balance (mostly a non-zero one).
    function withdraw(uint256 seed) external {
        address[] memory accounts = this.accounts();
        uint256 ai = seed % accounts.length;
        uint256 ci = (seed >> 8) % 2;
        if ((seed >> 16) % 4 != 0) {
            for (uint256 j; j < 2 * accounts.length; ++j) {
                if (market.withdrawable(accounts[ai], _currencies[ci]) != 0) break;
                ai = (ai + 1) % accounts.length;
                if (ai == 0) ci ^= 1;
            }
        }
        address account = accounts[ai];
        address currency = _currencies[ci];
        uint256 owed = market.withdrawable(account, currency);
        bytes4[] memory errs = new bytes4[](1);
        uint256 k;
        if (owed == 0) k = _expect(errs, k, ILicenseMarketErrors.NothingToWithdraw.selector);
        uint256 before = _balanceOf(currency, account);
        VM.prank(account);
        (bool ok, bytes memory ret) = address(market).call(abi.encodeCall(market.withdraw, (currency)));
        if (!_outcome("withdraw", ok, ret, errs, k)) return;
        uint256 got = _balanceOf(currency, account) - before;
        _check(got == owed, "withdraw: paid other than the balance");
        _check(market.withdrawable(account, currency) == 0, "withdraw: balance not zeroed");
        withdrawnOut[currency] += got;
        ++stats.withdrawals;
    }

    /// @notice Moves time forward: mostly hours, sometimes days, now and then weeks.
    function warp(uint256 seed) external {
        uint256 mode = seed % 10;
        uint256 step =
            mode < 6
                ? 1 + ((seed >> 8) % 1 days)
                : mode < 9
                    ? 1 days + ((seed >> 8) % 9 days)
                    : 10 days + ((seed >> 8) % 50 days);
        VM.warp(VM.getBlockTimestamp() + step);
        ++stats.warps;
    }

    // ------------------------------------------------------------------ views for the invariants

    /// @notice ETH, then the token.
    /// @return The currencies.
    function currencies() external view returns (address[] memory) {
        return _currencies;
    }

    /// @notice Every account the ledger can credit: holders (refunds), payees, the treasury.
    /// @return a The accounts.
    function accounts() public view returns (address[] memory a) {
        a = new address[](N_ACTORS + _payees.length + 1);
        for (uint256 i; i < N_ACTORS; ++i) a[i] = _actors[i];
        for (uint256 i; i < _payees.length; ++i) a[N_ACTORS + i] = _payees[i];
        a[a.length - 1] = TREASURY;
    }

    /// @notice Every split's id.
    /// @return The ids.
    function splitIds() external view returns (uint256[] memory) {
        return _splitIds;
    }

    /// @notice How many licenses were bought.
    /// @return The count.
    function licenseCount() external view returns (uint256) {
        return _licenses.length;
    }

    /// @notice A license's ghost.
    /// @param i Its index.
    /// @return The ghost.
    function licenseAt(uint256 i) external view returns (GhostLicense memory) {
        return _licenses[i];
    }

    /// @notice The currency of a license's offer.
    /// @param i The license's index.
    /// @return The currency.
    function currencyOf(uint256 i) external view returns (address) {
        return _offers[_licenses[i].offerIdx].currency;
    }

    // ------------------------------------------------------------------ internal

    function _publish(
        uint256 assetId,
        uint256 price,
        address currency,
        uint64 duration,
        bool refundable,
        uint32 window,
        uint16 penaltyBps,
        uint256 termsId,
        address arbiter,
        uint256 splitIdx
    ) private {
        ILicenseTypes.OfferParams memory p;
        p.assetId = assetId;
        p.termsId = termsId;
        p.price = price;
        p.currency = currency;
        p.duration = duration;
        p.splitId = _splitIds[splitIdx];
        p.arbiter = arbiter;
        VM.prank(CREATOR);
        uint256 id =
            refundable
                ? _refunds.createRefundableOffer(p, ILicenseTypes.RefundPolicy(window, penaltyBps))
                : market.createOffer(p);
        _offers.push(
            GhostOffer({
                id: id,
                assetId: assetId,
                price: price,
                currency: currency,
                duration: duration,
                refundable: refundable,
                window: window,
                penaltyBps: penaltyBps,
                termsId: termsId,
                transferable: termsId == _transferableTerms,
                arbiter: arbiter
            })
        );
    }

    /// @dev The specified refund: unused share (all of it if perpetual) less the penalty, floored at 0.
    function _expectedRefund(
        GhostLicense storage lic,
        uint16 penaltyBps,
        uint256 nowTs
    ) private view returns (uint256) {
        uint256 unused;
        if (lic.expiry == PERPETUAL) unused = lic.held;
        else if (lic.expiry > nowTs) unused = (lic.held * (lic.expiry - nowTs)) / lic.paidSeconds;
        uint256 penalty = (lic.held * penaltyBps) / BPS;
        return unused > penalty ? unused - penalty : 0;
    }

    /// @dev Funds `payer` with exactly `amount` (ETH dealt, or tokens minted and approved); returns
    /// the ETH to send.
    function _fund(address payer, address currency, uint256 amount) private returns (uint256 value) {
        if (currency == NATIVE) {
            VM.deal(payer, amount);
            return amount;
        }
        token.mint(payer, amount);
        VM.prank(payer);
        IERC20(currency).approve(address(market), amount);
    }

    /// @dev A random unburned license, scanning forward from a random index.
    function _pickLicense(uint256 seed) private view returns (bool, uint256) {
        uint256 n = _licenses.length;
        uint256 start = seed % (n == 0 ? 1 : n);
        for (uint256 j; j < n; ++j) {
            uint256 i = (start + j) % n;
            if (!_licenses[i].burned) return (true, i);
        }
        return (false, 0);
    }

    function _holdsOnAsset(address account, uint256 assetId) private view returns (bool) {
        for (uint256 i; i < _licenses.length; ++i) {
            GhostLicense storage lic = _licenses[i];
            if (!lic.burned && lic.holder == account && _offers[lic.offerIdx].assetId == assetId) return true;
        }
        return false;
    }

    function _balanceOf(address currency, address account) private view returns (uint256) {
        return currency == NATIVE ? account.balance : token.balanceOf(account);
    }

    /// @dev Judges a call: it must succeed when no error applies, and otherwise revert with one of
    /// the `k` applicable errors. Returns whether it succeeded (the caller then books it).
    function _outcome(
        string memory action,
        bool ok,
        bytes memory ret,
        bytes4[] memory errs,
        uint256 k
    ) private returns (bool) {
        if (ok) {
            if (k != 0) _violate(string.concat(action, ": succeeded but should have reverted with ", _hex(errs[0])));
            return k == 0;
        }
        bytes4 got = ret.length >= 4 ? bytes4(ret) : bytes4(0);
        if (k == 0) {
            _violate(string.concat(action, ": unexpected revert ", _hex(got)));
            return false;
        }
        bool known;
        for (uint256 i; i < k; ++i) if (errs[i] == got) known = true;
        if (known) ++stats.expectedReverts;
        else _violate(string.concat(action, ": reverted with ", _hex(got), ", expected ", _hex(errs[0])));
        return false;
    }

    function _expect(bytes4[] memory errs, uint256 k, bytes4 err) private pure returns (uint256) {
        errs[k] = err;
        return k + 1;
    }

    function _check(bool condition, string memory what) private {
        if (!condition) _violate(what);
    }

    function _violate(string memory what) private {
        if (violations == 0) firstViolation = what;
        ++violations;
    }

    function _hex(bytes4 b) private pure returns (string memory) {
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

    function _terms(bool transferable) private pure returns (ITermsRegistry.Terms memory t) {
        t.grants = uint16(TermsBits.GRANT_USE);
        t.transfer = transferable ? uint8(TermsBits.TRANSFER_TRANSFERABLE) : 0;
        t.legalTextHash = keccak256(abi.encode("RefundHandler terms", transferable));
    }

    function _one(address a) private pure returns (address[] memory r) {
        r = new address[](1);
        r[0] = a;
    }

    function _two(address a, address b) private pure returns (address[] memory r) {
        r = new address[](2);
        (r[0], r[1]) = (a, b);
    }

    function _bps1() private pure returns (uint16[] memory r) {
        r = new uint16[](1);
        r[0] = BPS;
    }

    function _bps2(uint16 a, uint16 b) private pure returns (uint16[] memory r) {
        r = new uint16[](2);
        (r[0], r[1]) = (a, b);
    }
}
