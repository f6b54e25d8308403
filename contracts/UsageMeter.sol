// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ILicenseTypes} from "./interfaces/ILicenseMarket.sol";
import {ITermsRegistry} from "./interfaces/ITermsRegistry.sol";
import {IUsageMarket, IUsageMeter} from "./interfaces/IUsageMeter.sol";

/// @title UsageMeter: usage caps, metered pricing and gateway-signed usage reports.
/// @notice Metering plans per offer, usage counters per license and period fed by EIP-712 reports
/// of the offer's attester (the gateway), and top-ups that buy extra units for the current period.
/// No owner. The market is read, never changed: the gateway asks {isSuspended} besides the market.
/// @dev Top-ups are credited, at top-up time, to the controller of the license's asset, in a pull
/// ledger ({withdraw}). Not to the offer's split: crediting each recipient is O(recipients), and the
/// market has no entry to credit a split's pool from outside. The controller is the account that
/// set the plan (or its successor) and the one who answers for the asset.
contract UsageMeter is IUsageMeter, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @dev One plan as stored: slot 0 is all {submitReport} reads.
    struct StoredPlan {
        address attester;
        uint64 includedUnits;
        uint32 periodSeconds;
        uint128 pricePerUnit;
        uint64 allowanceCap;
        uint8 onExceed;
        address currency;
    }

    /// @dev One license's counters in one period (one slot).
    struct Counters {
        uint64 units;
        uint64 toppedUp;
    }

    bytes32 private constant _REPORT_TYPEHASH = keccak256(
        "UsageReport(uint256 licenseId,uint64 period,uint64 units,uint64 issuedAt)"
    );
    uint256 private constant _DAY = 1 days;
    uint8 private constant _NONE = uint8(ITermsRegistry.OnExceed.NONE);
    uint8 private constant _SEPARATE_LICENSE = uint8(ITermsRegistry.OnExceed.SEPARATE_LICENSE);
    uint8 private constant _NEXT_TIER = uint8(ITermsRegistry.OnExceed.NEXT_TIER);
    uint8 private constant _SUSPEND = uint8(ITermsRegistry.OnExceed.SUSPEND);
    address private constant _NATIVE = address(0);

    /// @inheritdoc IUsageMeter
    IUsageMarket public immutable market;
    /// @inheritdoc IUsageMeter
    ITermsRegistry public immutable termsRegistry;

    mapping(uint256 offerId => StoredPlan) private _plans;
    mapping(uint256 licenseId => mapping(uint64 period => Counters)) private _counters;
    mapping(address account => mapping(address currency => uint256)) private _balances;

    /// @notice Deploys the meter over a market (and the market's terms registry).
    /// @param market_ The LicenseMarket.
    constructor(IUsageMarket market_) EIP712("Tessera UsageMeter", "1") {
        market = market_;
        termsRegistry = market_.termsRegistry();
    }

    // ---------------------------------------------------------------- writes

    /// @inheritdoc IUsageMeter
    function setPlan(uint256 offerId, Plan calldata p) external {
        ILicenseTypes.OfferInfo memory offer = market.offers(offerId);
        if (market.assetInfo(offer.assetId).controller != msg.sender) {
            revert UsageNotAssetController(offerId, msg.sender);
        }
        if (_plans[offerId].attester != address(0)) revert UsagePlanAlreadySet(offerId);
        if (offer.sold != 0) revert UsageOfferAlreadySold(offerId, offer.sold);
        if (p.attester == address(0)) revert UsageInvalidAttester(p.attester);
        if (p.periodSeconds == 0 || p.periodSeconds % _DAY != 0) revert UsageInvalidPeriod(p.periodSeconds);
        if (p.onExceed != _NEXT_TIER && p.onExceed != _SUSPEND) revert UsageInvalidOnExceed(p.onExceed);
        if (p.includedUnits == 0 && p.pricePerUnit == 0) revert UsageEmptyPlan(offerId);
        uint64 cap = _checkTerms(offerId, offer.termsId, p);

        _plans[offerId] = StoredPlan({
            attester: p.attester,
            includedUnits: p.includedUnits,
            periodSeconds: p.periodSeconds,
            pricePerUnit: p.pricePerUnit,
            allowanceCap: cap,
            onExceed: p.onExceed,
            currency: offer.currency
        });
        emit PlanSet(offerId, p.attester, p, cap);
    }

    /// @inheritdoc IUsageMeter
    function submitReport(UsageReport calldata report, bytes calldata signature) external {
        uint256 licenseId = report.licenseId;
        StoredPlan storage p = _planOf(licenseId);
        uint256 periodSeconds = p.periodSeconds;
        uint64 current = uint64(block.timestamp / periodSeconds);
        if (report.period > current) revert UsageFuturePeriod(licenseId, report.period, current);
        uint256 periodStart = report.period * periodSeconds;
        if (report.issuedAt < periodStart) revert UsageIssuedBeforePeriod(licenseId, report.issuedAt, periodStart);
        address attester = p.attester;
        if (!SignatureChecker.isValidSignatureNowCalldata(attester, _hashReport(report), signature)) {
            revert UsageInvalidSignature(licenseId, attester);
        }
        Counters storage c = _counters[licenseId][report.period];
        uint64 stored = c.units;
        if (report.units <= stored) revert UsageNotIncreasing(licenseId, report.period, report.units, stored);
        c.units = report.units;
        emit UsageReported(licenseId, report.period, report.units, report.issuedAt, msg.sender);
    }

    /// @inheritdoc IUsageMeter
    function topUp(uint256 licenseId, uint64 units) external payable nonReentrant {
        ILicenseTypes.LicenseInfo memory info = market.licenseInfo(licenseId);
        StoredPlan storage p = _planOf(licenseId);
        if (p.pricePerUnit == 0) revert UsageTopUpsDisabled(info.offerId);
        if (units == 0) revert UsageZeroUnits();
        if (info.status != ILicenseTypes.LicenseStatus.ACTIVE) revert UsageLicenseNotActive(licenseId, info.status);

        uint64 period = uint64(block.timestamp / p.periodSeconds);
        Counters storage c = _counters[licenseId][period];
        uint256 toppedUp = uint256(c.toppedUp) + units;
        uint256 allowance = p.includedUnits + toppedUp;
        uint256 cap = p.allowanceCap == 0 ? type(uint64).max : p.allowanceCap;
        if (allowance > cap) revert UsageAllowanceAboveCap(licenseId, allowance, cap);

        uint256 cost = uint256(units) * p.pricePerUnit;
        address currency = p.currency;
        address payee = market.assetInfo(info.assetId).controller;
        c.toppedUp = uint64(toppedUp); // <= allowance <= 2^64 - 1
        _balances[payee][currency] += cost;
        emit ToppedUp(licenseId, period, units, cost, currency, msg.sender, payee);
        _collect(currency, cost);
    }

    /// @inheritdoc IUsageMeter
    function withdraw(address currency) external nonReentrant returns (uint256 amount) {
        amount = _balances[msg.sender][currency];
        if (amount == 0) revert UsageNothingToWithdraw(msg.sender, currency);
        _balances[msg.sender][currency] = 0;
        emit Withdrawn(msg.sender, currency, amount);
        if (currency == _NATIVE) {
            (bool ok, ) = msg.sender.call{value: amount}("");
            if (!ok) revert UsageEthTransferFailed(msg.sender, amount);
        } else {
            IERC20(currency).safeTransfer(msg.sender, amount);
        }
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IUsageMeter
    function plan(uint256 offerId) external view returns (Plan memory p, address currency, uint64 allowanceCap) {
        StoredPlan storage s = _plans[offerId];
        p = Plan(s.attester, s.includedUnits, s.periodSeconds, s.pricePerUnit, s.onExceed);
        return (p, s.currency, s.allowanceCap);
    }

    /// @inheritdoc IUsageMeter
    function usage(
        uint256 licenseId
    ) external view returns (uint64 period, uint64 units, uint256 allowance, bool overCap) {
        StoredPlan storage p = _planOf(licenseId);
        (period, units, allowance) = _current(licenseId, p);
        overCap = units >= allowance;
    }

    /// @inheritdoc IUsageMeter
    function periodUsage(uint256 licenseId, uint64 period) external view returns (uint64 units, uint64 toppedUp) {
        Counters memory c = _counters[licenseId][period];
        return (c.units, c.toppedUp);
    }

    /// @inheritdoc IUsageMeter
    function isSuspended(uint256 licenseId) external view returns (bool) {
        StoredPlan storage p = _plans[_offerOf(licenseId)];
        if (p.onExceed != _SUSPEND) return false;
        (, uint64 units, uint256 allowance) = _current(licenseId, p);
        return units >= allowance;
    }

    /// @inheritdoc IUsageMeter
    function overage(uint256 licenseId) external view returns (uint256 units, uint256 amount) {
        StoredPlan storage p = _plans[_offerOf(licenseId)];
        if (p.onExceed != _NEXT_TIER) return (0, 0);
        (, uint64 used, uint256 allowance) = _current(licenseId, p);
        if (used <= allowance) return (0, 0);
        units = used - allowance;
        amount = units * p.pricePerUnit;
    }

    /// @inheritdoc IUsageMeter
    function withdrawable(address account, address currency) external view returns (uint256) {
        return _balances[account][currency];
    }

    /// @inheritdoc IUsageMeter
    function hashReport(UsageReport calldata report) external view returns (bytes32) {
        return _hashReport(report);
    }

    // ---------------------------------------------------------------- internal

    /// @dev Checks plan `p` against the caps of terms `termsId`; returns the allowance cap to store
    /// (the terms' calls cap unless they say NEXT_TIER; 0 = none).
    function _checkTerms(uint256 offerId, uint256 termsId, Plan calldata p) private view returns (uint64 cap) {
        ITermsRegistry.Caps memory caps = termsRegistry.getTerms(termsId).caps;
        uint8 termsOnExceed = caps.onExceed;
        // NEXT_TIER lets a license go past a cap: only terms that say so, or that cap no calls, allow it.
        bool agrees =
            termsOnExceed == p.onExceed ||
                (p.onExceed == _SUSPEND && (termsOnExceed == _NONE || termsOnExceed == _SEPARATE_LICENSE)) ||
                (termsOnExceed == _NONE && caps.callsPerPeriod == 0);
        if (!agrees) revert UsageOnExceedConflict(offerId, p.onExceed, termsOnExceed);
        if (caps.callsPerPeriod == 0) return 0;
        if (p.periodSeconds != caps.periodSeconds) {
            revert UsagePeriodMismatch(offerId, p.periodSeconds, caps.periodSeconds);
        }
        if (p.includedUnits > caps.callsPerPeriod) {
            revert UsageIncludedAboveCap(offerId, p.includedUnits, caps.callsPerPeriod);
        }
        return termsOnExceed == _NEXT_TIER ? 0 : caps.callsPerPeriod;
    }

    /// @dev The plan of the license's offer; reverts with {UsageNoPlan} if none.
    function _planOf(uint256 licenseId) private view returns (StoredPlan storage p) {
        uint256 offerId = _offerOf(licenseId);
        p = _plans[offerId];
        if (p.attester == address(0)) revert UsageNoPlan(offerId);
    }

    /// @dev The current period, its reported units and the allowance (`p` must exist).
    function _current(
        uint256 licenseId,
        StoredPlan storage p
    ) private view returns (uint64 period, uint64 units, uint256 allowance) {
        period = uint64(block.timestamp / p.periodSeconds);
        Counters memory c = _counters[licenseId][period];
        return (period, c.units, uint256(p.includedUnits) + c.toppedUp);
    }

    function _hashReport(UsageReport calldata r) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(_REPORT_TYPEHASH, r.licenseId, r.period, r.units, r.issuedAt)));
    }

    /// @dev A license id is `offerId << 32 | serial` (LicenseMarket.purchase).
    function _offerOf(uint256 licenseId) private pure returns (uint256) {
        return licenseId >> 32;
    }

    /// @dev Takes `amount` from the caller, as the market's `_collect`: ETH must match exactly, an
    /// ERC-20 is checked by balance delta (fee-on-transfer tokens are refused).
    function _collect(address currency, uint256 amount) private {
        if (currency == _NATIVE) {
            if (msg.value != amount) revert UsageIncorrectPayment(amount, msg.value);
            return;
        }
        if (msg.value != 0) revert UsageIncorrectPayment(0, msg.value);
        IERC20 token = IERC20(currency);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert UsageFeeOnTransferToken(currency, amount, received);
    }
}
