// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILicenseTypes} from "./ILicenseMarket.sol";

/// @title ILicenseRefunds
/// @notice Refundable offers, answered at the market's address (LicenseMarket forwards these calls
/// to its LicenseRefunds extension). A refundable sale's payment is held aside, in no balance or
/// pool, until its window closes: then anyone may release it as revenue. Within the window the
/// holder may hand the license back for the unused share of the payment, less the offer's penalty;
/// the refund lands in the holder's withdrawable balance (pull payment) and the rest is credited
/// as revenue, so refund + royalties + fee + split = the payment, to the wei. Errors and events are
/// the market's (ILicenseMarketErrors, ILicenseMarketEvents).
interface ILicenseRefunds is ILicenseTypes {
    /// @notice Publishes an offer whose sales are refundable under `policy`. Only the asset's
    /// controller may. The policy is part of the offer from its creation and never changes.
    /// @param p As for LicenseMarket.createOffer.
    /// @param policy The refund window (1 s to 365 days from purchase) and the penalty in basis points.
    /// @return offerId The new offer's id.
    function createRefundableOffer(
        OfferParams calldata p,
        RefundPolicy calldata policy
    ) external returns (uint256 offerId);

    /// @notice Hands a license back within its refund window: entitlement ends in this block, the
    /// refund is credited to the holder's withdrawable balance. Only the holder or an approved operator.
    /// @param licenseId The license.
    /// @return amount The refund (withdraw it with `withdraw(currency)`).
    function refund(uint256 licenseId) external returns (uint256 amount);

    /// @notice Credits held payments as revenue once they can no longer be refunded: their window
    /// closed, or the license was revoked or burned. Anyone may call.
    /// @param licenseIds The licenses.
    /// @return total The amount released.
    function releaseHeld(uint256[] calldata licenseIds) external returns (uint256 total);

    /// @notice An offer's refund policy (window 0: not refundable).
    /// @param offerId The offer.
    /// @return policy The window and penalty.
    function refundPolicy(uint256 offerId) external view returns (RefundPolicy memory policy);

    /// @notice What `refund(licenseId)` would pay in this block, and whether its held payment can
    /// be released. Answers for a burned license while a payment is still held for it.
    /// @param licenseId The license.
    /// @return quote The refund, what the licensor keeps, what is held, the window's end, the currency.
    function refundQuote(uint256 licenseId) external view returns (RefundQuote memory quote);
}
