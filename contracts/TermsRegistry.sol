// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ITermsRegistry, TermsBits} from "./interfaces/ITermsRegistry.sol";
import {Territory} from "./libraries/Territory.sol";

/// @title TermsRegistry: the on-chain store of license terms for AI models and datasets.
/// @notice Anyone may register terms. Terms are immutable and deduplicated by hash; an id is
/// sequential from 1. Markets read {offerFacts} once per offer and {isTerritoryAllowed} per sale.
contract TermsRegistry is ITermsRegistry {
    /// @dev Packed per id so that the market's per-offer and per-sale reads cost one slot.
    struct Facts {
        bool registered;
        uint8 territoryMode;
        bool transferable;
    }

    mapping(uint256 termsId => Terms) private _terms;
    mapping(uint256 termsId => Facts) private _facts;
    mapping(uint256 termsId => bytes32) private _hashOf;
    mapping(bytes32 termsHash => uint256) private _idOf;
    /// @dev Listed territory codes, for an O(1) {isTerritoryAllowed}; the array in `_terms` is for reading back.
    mapping(uint256 termsId => mapping(bytes2 code => bool)) private _listed;
    uint256 private _count;

    /// @inheritdoc ITermsRegistry
    function registerTerms(Terms calldata t) external returns (uint256 termsId) {
        bytes32 termsHash = keccak256(abi.encode(t));
        termsId = _idOf[termsHash];
        if (termsId != 0) return termsId;

        _validate(t);
        termsId = ++_count;
        _storeTerritory(termsId, t.territory);
        _terms[termsId] = t;
        _hashOf[termsId] = termsHash;
        _idOf[termsHash] = termsId;
        _facts[termsId] = Facts({
            registered: true,
            territoryMode: t.territory.mode,
            transferable: t.transfer & TermsBits.TRANSFER_TRANSFERABLE != 0
        });
        emit TermsRegistered(termsId, termsHash, msg.sender);
    }

    /// @inheritdoc ITermsRegistry
    function getTerms(uint256 termsId) external view returns (Terms memory) {
        _requireFacts(termsId);
        return _terms[termsId];
    }

    /// @inheritdoc ITermsRegistry
    function termsHashOf(uint256 termsId) external view returns (bytes32) {
        return _hashOf[termsId];
    }

    /// @inheritdoc ITermsRegistry
    function termsIdOf(bytes32 termsHash) external view returns (uint256) {
        return _idOf[termsHash];
    }

    /// @inheritdoc ITermsRegistry
    function termsCount() external view returns (uint256) {
        return _count;
    }

    /// @inheritdoc ITermsRegistry
    function offerFacts(
        uint256 termsId
    ) external view returns (bytes32 termsHash, bool transferable, bool territoryRestricted) {
        Facts memory f = _requireFacts(termsId);
        return (_hashOf[termsId], f.transferable, f.territoryMode != uint8(TerritoryMode.WORLDWIDE));
    }

    /// @inheritdoc ITermsRegistry
    function isTerritoryAllowed(uint256 termsId, bytes2 code) external view returns (bool) {
        uint8 mode = _requireFacts(termsId).territoryMode;
        if (mode == uint8(TerritoryMode.WORLDWIDE)) return true;
        // Fail closed: an undeclared (zero) or malformed territory is never allowed under a list.
        if (!Territory.isWellFormed(code)) return false;
        mapping(bytes2 => bool) storage listed = _listed[termsId];
        bool isListed = listed[code] || (Territory.isEUMember(code) && listed[Territory.EU]);
        return mode == uint8(TerritoryMode.ALLOW) ? isListed : !isListed;
    }

    // ---------------------------------------------------------------- internal

    function _requireFacts(uint256 termsId) private view returns (Facts memory f) {
        f = _facts[termsId];
        if (!f.registered) revert TermsNotFound(termsId);
    }

    /// @dev Records the codes in `_listed`, checking their form and uniqueness on the way.
    function _storeTerritory(uint256 termsId, TerritoryRule calldata r) private {
        uint256 n = r.codes.length;
        if (r.mode == uint8(TerritoryMode.WORLDWIDE)) {
            if (n != 0) revert TermsWorldwideWithCodes(n);
            return;
        }
        if (n == 0) revert TermsEmptyTerritoryList(r.mode);
        if (n > TermsBits.MAX_TERRITORY_CODES) revert TermsTooManyTerritoryCodes(n, TermsBits.MAX_TERRITORY_CODES);
        mapping(bytes2 => bool) storage listed = _listed[termsId];
        for (uint256 i; i < n; ++i) {
            bytes2 code = r.codes[i];
            if (!Territory.isWellFormed(code)) revert TermsInvalidTerritoryCode(code);
            if (listed[code]) revert TermsDuplicateTerritoryCode(code);
            listed[code] = true;
        }
    }

    /// @dev Everything but the territory codes, which {_storeTerritory} checks as it stores them.
    function _validate(Terms calldata t) private pure {
        _checkEnum("artifact", t.artifact, uint8(type(Artifact).max));
        _checkEnum("scope", t.scope, uint8(type(Scope).max));
        _checkEnum("outputOwner", t.outputOwner, uint8(type(OutputOwner).max));
        _checkEnum("outputTraining", t.outputTraining, uint8(type(OutputTraining).max));
        _checkEnum("derivatives", t.derivatives, uint8(type(Derivatives).max));
        _checkEnum("territory.mode", t.territory.mode, uint8(type(TerritoryMode).max));
        _checkEnum("caps.basis", t.caps.basis, uint8(type(CapBasis).max));
        _checkEnum("caps.onExceed", t.caps.onExceed, uint8(type(OnExceed).max));
        _checkEnum("liability", t.liability, uint8(type(Liability).max));
        _checkEnum("audit", t.audit, uint8(type(Audit).max));

        _checkBitmap("grants", t.grants, TermsBits.GRANTS_MASK);
        _checkBitmap("duties", t.duties, TermsBits.DUTIES_MASK);
        _checkBitmap("banned", t.banned, TermsBits.BANNED_MASK);
        _checkBitmap("dataFlags", t.dataFlags, TermsBits.DATA_FLAGS_MASK);
        _checkBitmap("term.terminatesOn", t.term.terminatesOn, TermsBits.TERMINATES_ON_MASK);
        _checkBitmap("transfer", t.transfer, TermsBits.TRANSFER_MASK);
        _checkBitmap("indemnity", t.indemnity, TermsBits.INDEMNITY_MASK);
        _checkBitmap("present", t.present, TermsBits.PRESENT_MASK);

        // An absent optional field must be zero: otherwise one set of terms would have many hashes.
        uint256 p = t.present;
        _checkAbsent(p, TermsBits.PRESENT_CURE_DAYS, t.term.cureDays != 0, "term.cureDays");
        _checkAbsent(p, TermsBits.PRESENT_REMOTE_RESTRICTION, t.term.remoteRestriction, "term.remoteRestriction");
        _checkAbsent(p, TermsBits.PRESENT_UNTIL_TERMINATED, t.term.untilTerminated, "term.untilTerminated");
        _checkAbsent(p, TermsBits.PRESENT_DURATION_SECONDS, t.term.durationSeconds != 0, "term.durationSeconds");
        _checkAbsent(p, TermsBits.PRESENT_RENEWABLE, t.term.renewable, "term.renewable");
        _checkAbsent(
            p,
            TermsBits.PRESENT_APPLIES_TO_OUTPUTS,
            t.territory.appliesToOutputs,
            "territory.appliesToOutputs"
        );
        _checkAbsent(p, TermsBits.PRESENT_FAMILY, bytes(t.family).length != 0, "family");
        _checkAbsent(p, TermsBits.PRESENT_LIABILITY_CAP_MONTHS, t.liabilityCapMonths != 0, "liabilityCapMonths");
        _checkAbsent(p, TermsBits.PRESENT_LIABILITY_CAP_AMOUNT, t.liabilityCapAmount != 0, "liabilityCapAmount");
        _checkAbsent(p, TermsBits.PRESENT_AUDIT, t.audit != 0, "audit");
        _checkAbsent(p, TermsBits.PRESENT_ILLUSTRATIVE, t.illustrative, "illustrative");
    }

    function _checkEnum(string memory field, uint8 value, uint8 max) private pure {
        if (value > max) revert TermsInvalidEnum(field, value);
    }

    function _checkBitmap(string memory field, uint256 value, uint256 mask) private pure {
        if (value & ~mask != 0) revert TermsBitmapOutOfRange(field, value, mask);
    }

    function _checkAbsent(uint256 present, uint256 bit, bool nonZero, string memory field) private pure {
        if (present & bit == 0 && nonZero) revert TermsAbsentFieldNotEmpty(field);
    }
}
