// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILicenseTypes} from "./ILicenseMarket.sol";
import {ITermsRegistry} from "./ITermsRegistry.sol";

/// @title IUsageMarket: what the usage meter reads from the market.
/// @notice The subset of LicenseMarket (its AssetRegistry included) that {IUsageMeter} calls.
interface IUsageMarket is ILicenseTypes {
    /// @notice An offer as stored. Reverts with OfferNotFound if none.
    /// @param offerId The offer.
    /// @return info Its asset, terms, price, currency, sales and status.
    function offers(uint256 offerId) external view returns (OfferInfo memory info);

    /// @notice The facts of a license token. Reverts with LicenseNotFound if none.
    /// @param licenseId The token id (`offerId << 32 | serial`).
    /// @return info Holder, asset, offer, terms, expiry, version covered, status.
    function licenseInfo(uint256 licenseId) external view returns (LicenseInfo memory info);

    /// @notice An asset's controller, pending controller, kind and number of versions.
    /// @param assetId The asset.
    /// @return info The asset's facts.
    function assetInfo(uint256 assetId) external view returns (AssetInfo memory info);

    /// @notice The registry holding the terms of the market's offers.
    /// @return The TermsRegistry.
    function termsRegistry() external view returns (ITermsRegistry);
}

/// @title IUsageMeter: usage caps, metered pricing and gateway-signed usage reports.
/// @notice An offer's asset controller may attach, once and before the offer's first sale, a
/// metering plan: who attests usage (the gateway's signing key, or an ERC-1271 wallet), how many
/// units a license includes per period, the period, the price of an extra unit and what happens
/// above the allowance (SUSPEND: the license stops entitling; NEXT_TIER: it keeps entitling and the
/// overage is owed at the unit price). The attester signs EIP-712 usage reports, which anyone may
/// submit; the license holder (or anyone) buys extra units for the current period with a top-up.
/// @dev Periods are counted from the Unix epoch: period `p` of a plan runs from `p * periodSeconds`
/// to `(p + 1) * periodSeconds - 1`, and a plan's period is a whole number of days, so every period
/// is made of whole UTC days (the gateway counts usage per UTC day). A report carries the period's
/// index, not its start. Counters are cumulative per license and period and only ever go up, which
/// makes an old report useless to replay: no nonce is needed. The gateway reads {isSuspended}: this
/// contract does not change what the market or the AccessRouter answer.
interface IUsageMeter {
    /// @notice A metering plan, as its controller sets it.
    /// @param attester Who signs usage reports (the gateway's key, or an ERC-1271 wallet: a wallet
    /// lets the key rotate, since the plan itself never changes).
    /// @param includedUnits Units (gateway calls) each license includes per period.
    /// @param periodSeconds The period: a whole number of days (86,400 seconds), at least one.
    /// @param pricePerUnit Price of one unit above the included ones, in the offer's currency;
    /// 0 = no top-ups (and, under NEXT_TIER, no charge for overage).
    /// @param onExceed An {ITermsRegistry-OnExceed} ordinal: NEXT_TIER (2) or SUSPEND (3).
    struct Plan {
        address attester;
        uint64 includedUnits;
        uint32 periodSeconds;
        uint128 pricePerUnit;
        uint8 onExceed;
    }

    /// @notice What the attester signs (EIP-712, domain "Tessera UsageMeter", version "1", this
    /// chain, this contract).
    /// @param licenseId The license.
    /// @param period The period's index: floor(t / periodSeconds) for a time t in it.
    /// @param units Units used by the license in that period so far (cumulative).
    /// @param issuedAt When the count was taken (Unix seconds; not before the period starts).
    struct UsageReport {
        uint256 licenseId;
        uint64 period;
        uint64 units;
        uint64 issuedAt;
    }

    /// @notice `caller` is not the controller of the asset of offer `offerId`.
    error UsageNotAssetController(uint256 offerId, address caller);
    /// @notice Offer `offerId` already has a plan; a plan never changes.
    error UsagePlanAlreadySet(uint256 offerId);
    /// @notice Offer `offerId` has `sold` sales: its buyers agreed to it without a plan.
    error UsageOfferAlreadySold(uint256 offerId, uint256 sold);
    /// @notice `attester` cannot attest usage (the zero address).
    error UsageInvalidAttester(address attester);
    /// @notice `periodSeconds` is not a whole, non-zero number of days.
    error UsageInvalidPeriod(uint32 periodSeconds);
    /// @notice `onExceed` is not NEXT_TIER (2) or SUSPEND (3).
    error UsageInvalidOnExceed(uint8 onExceed);
    /// @notice The plan includes no unit and sells none: no license of offer `offerId` could be used.
    error UsageEmptyPlan(uint256 offerId);
    /// @notice The terms of offer `offerId` cap calls per `termsPeriod` seconds; the plan's period
    /// `planPeriod` differs (a terms period of 0, a cap over the whole term, cannot be metered).
    error UsagePeriodMismatch(uint256 offerId, uint32 planPeriod, uint32 termsPeriod);
    /// @notice The plan's `onExceed` contradicts the terms' `termsOnExceed` for offer `offerId`.
    error UsageOnExceedConflict(uint256 offerId, uint8 onExceed, uint8 termsOnExceed);
    /// @notice The plan includes `includedUnits` units per period; the terms of offer `offerId` cap it at `cap`.
    error UsageIncludedAboveCap(uint256 offerId, uint64 includedUnits, uint64 cap);
    /// @notice Offer `offerId` has no plan.
    error UsageNoPlan(uint256 offerId);
    /// @notice A report for license `licenseId` is for period `period`, after the current period `current`.
    error UsageFuturePeriod(uint256 licenseId, uint64 period, uint64 current);
    /// @notice A report for license `licenseId` was issued at `issuedAt`, before its period starts at `periodStart`.
    error UsageIssuedBeforePeriod(uint256 licenseId, uint64 issuedAt, uint256 periodStart);
    /// @notice The report for license `licenseId` is not signed by its plan's attester `attester`
    /// (for this chain and this contract).
    error UsageInvalidSignature(uint256 licenseId, address attester);
    /// @notice A report of `units` units for license `licenseId` in period `period` does not raise
    /// the stored count `stored`: counters only go up.
    error UsageNotIncreasing(uint256 licenseId, uint64 period, uint64 units, uint64 stored);
    /// @notice The plan of offer `offerId` sells no extra unit (its pricePerUnit is 0).
    error UsageTopUpsDisabled(uint256 offerId);
    /// @notice A top-up of zero units.
    error UsageZeroUnits();
    /// @notice License `licenseId` is not active (`status`: EXPIRED or REVOKED).
    error UsageLicenseNotActive(uint256 licenseId, ILicenseTypes.LicenseStatus status);
    /// @notice A top-up would raise license `licenseId`'s allowance to `allowance` units, above `cap`
    /// (the terms' calls cap unless they say NEXT_TIER, and at most 2^64 - 1).
    error UsageAllowanceAboveCap(uint256 licenseId, uint256 allowance, uint256 cap);
    /// @notice `sent` wei came with a payment of `expected` (ETH must match exactly; none with ERC-20s).
    error UsageIncorrectPayment(uint256 expected, uint256 sent);
    /// @notice `token` delivered `received` of `expected`: fee-on-transfer tokens are refused.
    error UsageFeeOnTransferToken(address token, uint256 expected, uint256 received);
    /// @notice `account` has no `currency` to withdraw.
    error UsageNothingToWithdraw(address account, address currency);
    /// @notice Sending `amount` wei to `to` failed.
    error UsageEthTransferFailed(address to, uint256 amount);

    /// @notice Offer `offerId` got its (final) metering plan.
    /// @param offerId The offer.
    /// @param attester Who signs its usage reports.
    /// @param plan The plan.
    /// @param allowanceCap The most units a license may have per period, top-ups included (0: no cap).
    event PlanSet(uint256 indexed offerId, address indexed attester, Plan plan, uint64 allowanceCap);

    /// @notice A usage report was accepted: license `licenseId` used `units` units in period `period`.
    /// @param licenseId The license.
    /// @param period The period's index.
    /// @param units The new cumulative count.
    /// @param issuedAt When the attester took the count.
    /// @param submitter Who submitted the report.
    event UsageReported(
        uint256 indexed licenseId,
        uint64 indexed period,
        uint64 units,
        uint64 issuedAt,
        address indexed submitter
    );

    /// @notice `units` extra units were bought for license `licenseId` in period `period`.
    /// @param licenseId The license.
    /// @param period The period's index.
    /// @param units The units bought.
    /// @param cost What was paid, in `currency`, credited to `payee`.
    /// @param currency The offer's currency (address(0) = ETH).
    /// @param payer Who paid.
    /// @param payee The asset's controller at the time of the top-up.
    event ToppedUp(
        uint256 indexed licenseId,
        uint64 indexed period,
        uint64 units,
        uint256 cost,
        address currency,
        address indexed payer,
        address payee
    );

    /// @notice `amount` of `currency` was paid out to `account`.
    /// @param account The payee.
    /// @param currency The currency (address(0) = ETH).
    /// @param amount The amount.
    event Withdrawn(address indexed account, address indexed currency, uint256 amount);

    /// @notice Sets the metering plan of offer `offerId`. Only the controller of the offer's asset,
    /// once, and before the offer's first sale, so every buyer agrees to the plan. The plan must fit
    /// the offer's terms: if they cap calls per period (`caps.callsPerPeriod` != 0), the plan's period
    /// is theirs and its included units at most the cap; if they say what happens above a cap, the
    /// plan agrees (NEXT_TIER terms: NEXT_TIER; SUSPEND or SEPARATE_LICENSE terms: SUSPEND), and a
    /// calls cap that does not say NEXT_TIER takes a SUSPEND plan only. Under such a cap, top-ups
    /// cannot raise an allowance above the cap either.
    /// Reverts with the market's OfferNotFound if the offer does not exist. Emits {PlanSet}.
    /// @param offerId The offer.
    /// @param newPlan The plan.
    function setPlan(uint256 offerId, Plan calldata newPlan) external;

    /// @notice Records a usage report signed by the attester of the license's offer's plan. Anyone
    /// may submit it. The report's units must exceed the stored count for that license and period
    /// (so an old report can never roll usage back), its period must not be after the current one,
    /// and it must not be issued before its period starts. Reports for past periods are accepted
    /// (a period's final count may arrive after it ended). Emits {UsageReported}.
    /// @dev The license is not looked up: its offer is `licenseId >> 32`, and the attester's
    /// signature is the authority. EOA and ERC-1271 attesters are both accepted.
    /// @param report The report.
    /// @param signature The attester's EIP-712 signature of `report`.
    function submitReport(UsageReport calldata report, bytes calldata signature) external;

    /// @notice Buys `units` extra units of the current period for license `licenseId`, at the plan's
    /// price, in the offer's currency: ETH exactly (msg.value), or an ERC-20 the caller approved to
    /// this contract. Anyone may pay for any active license. The payment is credited to the asset's
    /// controller at this time, who withdraws it with {withdraw}. Emits {ToppedUp}.
    /// @param licenseId The license (reverts with the market's LicenseNotFound if none).
    /// @param units How many units to add (at least 1).
    function topUp(uint256 licenseId, uint64 units) external payable;

    /// @notice Pays the caller everything credited to it in `currency`. Emits {Withdrawn}.
    /// @param currency The currency (address(0) = ETH).
    /// @return amount The amount paid.
    function withdraw(address currency) external returns (uint256 amount);

    /// @notice The plan of offer `offerId` (all zero if none).
    /// @param offerId The offer.
    /// @return offerPlan The plan.
    /// @return currency The offer's currency, in which top-ups are paid (address(0) = ETH).
    /// @return allowanceCap The most units a license may have per period, top-ups included (0: no cap).
    function plan(uint256 offerId) external view returns (Plan memory offerPlan, address currency, uint64 allowanceCap);

    /// @notice License `licenseId`'s usage in the current period. Reverts with {UsageNoPlan} if its
    /// offer has no plan.
    /// @param licenseId The license.
    /// @return period The current period's index.
    /// @return units The units reported for it.
    /// @return allowance Its allowance: the plan's included units plus the units topped up.
    /// @return overCap Whether the allowance is used up (units >= allowance).
    function usage(
        uint256 licenseId
    ) external view returns (uint64 period, uint64 units, uint256 allowance, bool overCap);

    /// @notice License `licenseId`'s counters for period `period`, past or current.
    /// @param licenseId The license.
    /// @param period The period's index.
    /// @return units The units reported.
    /// @return toppedUp The units bought with top-ups.
    function periodUsage(uint256 licenseId, uint64 period) external view returns (uint64 units, uint64 toppedUp);

    /// @notice Whether license `licenseId` is suspended now: its plan says SUSPEND and the units
    /// reported for the current period reached its allowance. False without a plan. The gateway
    /// refuses a suspended license; a top-up lifts the suspension.
    /// @param licenseId The license.
    /// @return Whether it is suspended.
    function isSuspended(uint256 licenseId) external view returns (bool);

    /// @notice Under a NEXT_TIER plan, what license `licenseId` owes for the current period beyond its
    /// allowance (informative: the market does not collect it). Zero under SUSPEND or without a plan.
    /// @param licenseId The license.
    /// @return units The units above the allowance.
    /// @return amount Their price (units * pricePerUnit) in the offer's currency.
    function overage(uint256 licenseId) external view returns (uint256 units, uint256 amount);

    /// @notice What `account` may withdraw in `currency`.
    /// @param account The payee.
    /// @param currency The currency (address(0) = ETH).
    /// @return The amount.
    function withdrawable(address account, address currency) external view returns (uint256);

    /// @notice The EIP-712 digest the attester signs for `report` (domain "Tessera UsageMeter", "1").
    /// @param report The report.
    /// @return The digest.
    function hashReport(UsageReport calldata report) external view returns (bytes32);

    /// @notice The market whose offers and licenses are metered.
    /// @return The LicenseMarket.
    function market() external view returns (IUsageMarket);

    /// @notice The market's terms registry, read at deployment.
    /// @return The TermsRegistry.
    function termsRegistry() external view returns (ITermsRegistry);
}
