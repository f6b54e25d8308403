// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILineageRegistry} from "../interfaces/ILineageRegistry.sol";
import {ITermsRegistry, TermsBits} from "../interfaces/ITermsRegistry.sol";
import {Territory} from "./Territory.sol";

/// @title TermsCompat: whether a child's terms are compatible with a parent's, per relation.
/// @notice Pure checks of the Tessera terms taxonomy's "Checks these encodings make possible":
/// derivative, model trained on a dataset, model distilled from a model's outputs. A check returns
/// the revert data of the first rule that fails (an {ILineageRegistry} error with its values), or
/// empty bytes, so that a view can report it and a transaction raise it, byte for byte.
library TermsCompat {
    /// @dev {ILineageRegistry-ParentLink} `obligations`: the child must credit the parent.
    uint8 internal constant OBLIGATION_ATTRIBUTION = 1 << 0;
    /// @dev {ILineageRegistry-ParentLink} `obligations`: the registrant attests the child does not
    /// compete with the parent's provider.
    uint8 internal constant OBLIGATION_NON_COMPETING = 1 << 1;

    /// @dev What a derivative needs from its parent: modify (fine-tune) and distributeDerivatives.
    uint256 internal constant DERIVATIVE_GRANTS = TermsBits.GRANT_MODIFY | TermsBits.GRANT_DISTRIBUTE_DERIVATIVES;
    /// @dev What a model trained on a dataset needs from it.
    uint256 internal constant TRAINING_GRANTS = TermsBits.GRANT_TRAIN_ON;

    uint8 private constant _INTERNAL = uint8(ITermsRegistry.Scope.INTERNAL);
    uint256 private constant _EU_MEMBER_COUNT = 27;

    /// @notice One side of a check: an asset and its terms.
    struct Side {
        uint256 assetId;
        uint256 termsId;
        ITermsRegistry.Terms terms;
    }

    /// @dev The first rule that `child` (named `name`, of `family`) fails as a `relation`-derivative
    /// of `parent`, as revert data (empty if none), and the obligations recorded for the child.
    function check(
        ILineageRegistry.Relation relation,
        Side memory parent,
        Side memory child,
        string memory name,
        string memory family
    ) internal pure returns (bytes memory failure, uint8 obligations) {
        if (relation == ILineageRegistry.Relation.FINE_TUNED_FROM) return checkDerivative(parent, child, name);
        if (relation == ILineageRegistry.Relation.TRAINED_ON) return (checkTrainedOn(parent, child), 0);
        return checkDistilledFrom(parent, child, name, family);
    }

    /// @dev Derivative C of parent P: P grants modify and distributeDerivatives and does not forbid
    /// derivatives; SAME_LICENSE ⇒ C uses P's terms; C.scope ≤ P.scope; C's territory ⊆ P's; C's
    /// caps within P's; PASS_THROUGH or SAME_LICENSE ⇒ every ban of P stays banned in C; namePrefix
    /// duty ⇒ C's name starts with P.nameRule. A brand duty is recorded as attribution.
    function checkDerivative(
        Side memory parent,
        Side memory child,
        string memory name
    ) internal pure returns (bytes memory failure, uint8 obligations) {
        ITermsRegistry.Terms memory p = parent.terms;
        ITermsRegistry.Terms memory c = child.terms;
        uint256 id = parent.assetId;
        if (p.derivatives == uint8(ITermsRegistry.Derivatives.NOT_ALLOWED)) {
            return (_encode(ILineageRegistry.LineageDerivativesNotAllowed.selector, id, parent.termsId), 0);
        }
        uint256 missing = DERIVATIVE_GRANTS & ~uint256(p.grants);
        if (missing != 0) return (_grantMissing(id, DERIVATIVE_GRANTS, missing), 0);
        bool sameLicense = p.derivatives == uint8(ITermsRegistry.Derivatives.SAME_LICENSE);
        if (sameLicense && child.termsId != parent.termsId) {
            return (_encode(ILineageRegistry.LineageTermsNotSame.selector, id, parent.termsId, child.termsId), 0);
        }
        if (c.scope > p.scope) {
            return (
                abi.encodeWithSelector(ILineageRegistry.LineageScopeExceedsParent.selector, id, c.scope, p.scope),
                0
            );
        }
        if (!territoryWithin(c.territory, p.territory)) {
            return (_encode(ILineageRegistry.LineageTerritoryNotSubset.selector, id, parent.termsId, child.termsId), 0);
        }
        (string memory field, uint256 childCap, uint256 parentCap) = capExceeded(c.caps, p.caps);
        if (bytes(field).length != 0) {
            return (
                abi.encodeWithSelector(ILineageRegistry.LineageCapExceeded.selector, id, field, childCap, parentCap),
                0
            );
        }
        if (sameLicense || p.derivatives == uint8(ITermsRegistry.Derivatives.PASS_THROUGH)) {
            uint256 dropped = droppedBans(p.banned, c.banned);
            if (dropped != 0) return (_encode(ILineageRegistry.LineageBannedUseDropped.selector, id, dropped), 0);
        }
        if (p.duties & TermsBits.DUTY_NAME_PREFIX != 0 && !hasPrefix(name, p.nameRule)) {
            return (_namePrefixMissing(id, p.nameRule, name), 0);
        }
        if (p.duties & TermsBits.DUTY_BRAND != 0) obligations = OBLIGATION_ATTRIBUTION;
    }

    /// @dev Model trained on dataset S: S grants trainOn; if S lacks commercialiseModel, the
    /// model's scope is at most INTERNAL.
    function checkTrainedOn(Side memory parent, Side memory child) internal pure returns (bytes memory) {
        uint256 grants = parent.terms.grants;
        if (grants & TRAINING_GRANTS == 0) return _grantMissing(parent.assetId, TRAINING_GRANTS, TRAINING_GRANTS);
        uint8 scope = child.terms.scope;
        if (grants & TermsBits.GRANT_COMMERCIALISE_MODEL == 0 && scope > _INTERNAL) {
            return
                abi.encodeWithSelector(
                    ILineageRegistry.LineageCommercialModelNotGranted.selector,
                    parent.assetId,
                    scope,
                    _INTERNAL
                );
        }
        return "";
    }

    /// @dev Model distilled from P's outputs, by P's outputTraining: INHERIT_TERMS ⇒ the derivative
    /// rule; ATTRIBUTE_AND_NAME ⇒ P's name rule, attribution recorded; SAME_FAMILY_ONLY ⇒ the
    /// child's family is P's; INTERNAL_ONLY ⇒ scope at most INTERNAL; NO_COMPETING ⇒ accepted, the
    /// registrant's non-competing attestation recorded; PROHIBITED ⇒ rejected; UNRESTRICTED and
    /// NOT_ADDRESSED (the text puts no restriction on outputs) ⇒ accepted.
    function checkDistilledFrom(
        Side memory parent,
        Side memory child,
        string memory name,
        string memory family
    ) internal pure returns (bytes memory failure, uint8 obligations) {
        ITermsRegistry.Terms memory p = parent.terms;
        uint8 rule = p.outputTraining;
        if (rule == uint8(ITermsRegistry.OutputTraining.INHERIT_TERMS)) return checkDerivative(parent, child, name);
        if (rule == uint8(ITermsRegistry.OutputTraining.PROHIBITED)) {
            return (
                _encode(ILineageRegistry.LineageOutputTrainingProhibited.selector, parent.assetId, parent.termsId),
                0
            );
        }
        if (rule == uint8(ITermsRegistry.OutputTraining.SAME_FAMILY_ONLY)) {
            if (keccak256(bytes(family)) != keccak256(bytes(p.family))) {
                return (
                    abi.encodeWithSelector(
                        ILineageRegistry.LineageFamilyMismatch.selector,
                        parent.assetId,
                        p.family,
                        family
                    ),
                    0
                );
            }
        } else if (rule == uint8(ITermsRegistry.OutputTraining.INTERNAL_ONLY)) {
            uint8 scope = child.terms.scope;
            if (scope > _INTERNAL) {
                return (
                    abi.encodeWithSelector(
                        ILineageRegistry.LineageOutputsInternalOnly.selector,
                        parent.assetId,
                        scope,
                        _INTERNAL
                    ),
                    0
                );
            }
        } else if (rule == uint8(ITermsRegistry.OutputTraining.ATTRIBUTE_AND_NAME)) {
            if (!hasPrefix(name, p.nameRule)) return (_namePrefixMissing(parent.assetId, p.nameRule, name), 0);
            obligations = OBLIGATION_ATTRIBUTION;
        } else if (rule == uint8(ITermsRegistry.OutputTraining.NO_COMPETING)) {
            obligations = OBLIGATION_NON_COMPETING;
        }
    }

    // ---------------------------------------------------------------- building blocks

    /// @dev The parent's bans the child drops: `parentBanned & ~childBanned` (zero: all inherited).
    function droppedBans(uint256 parentBanned, uint256 childBanned) internal pure returns (uint256) {
        return parentBanned & ~childBanned;
    }

    /// @dev Whether `name` starts with `prefix` (byte-wise; an empty prefix always matches).
    function hasPrefix(string memory name, string memory prefix) internal pure returns (bool) {
        bytes memory n = bytes(name);
        bytes memory p = bytes(prefix);
        if (p.length > n.length) return false;
        for (uint256 i; i < p.length; ++i) {
            if (n[i] != p[i]) return false;
        }
        return true;
    }

    /// @dev The first cap of `child` looser than `parent`'s, as (field, child value, parent value);
    /// an empty field if none. 0 means no cap, so a capped parent needs a capped child. A calls cap
    /// is within the parent's if it allows no more calls over a period no shorter than the parent's.
    function capExceeded(
        ITermsRegistry.Caps memory child,
        ITermsRegistry.Caps memory parent
    ) internal pure returns (string memory field, uint256 childValue, uint256 parentValue) {
        if (_looser(child.mau, parent.mau)) return ("caps.mau", child.mau, parent.mau);
        if (_looser(child.callsPerPeriod, parent.callsPerPeriod)) {
            return ("caps.callsPerPeriod", child.callsPerPeriod, parent.callsPerPeriod);
        }
        if (parent.callsPerPeriod != 0 && child.periodSeconds < parent.periodSeconds) {
            return ("caps.periodSeconds", child.periodSeconds, parent.periodSeconds);
        }
        if (_looser(child.seats, parent.seats)) return ("caps.seats", child.seats, parent.seats);
        return ("", 0, 0);
    }

    /// @dev Whether every territory `child` allows is allowed by `parent`. WORLDWIDE allows all;
    /// ALLOW its list; DENY all but its list; a listed "EU" stands for its 27 member states.
    function territoryWithin(
        ITermsRegistry.TerritoryRule memory child,
        ITermsRegistry.TerritoryRule memory parent
    ) internal pure returns (bool) {
        uint8 worldwide = uint8(ITermsRegistry.TerritoryMode.WORLDWIDE);
        uint8 allow = uint8(ITermsRegistry.TerritoryMode.ALLOW);
        if (parent.mode == worldwide) return true;
        if (child.mode == worldwide) return false;
        if (child.mode == allow) {
            // Every code the child allows must be allowed by the parent.
            for (uint256 i; i < child.codes.length; ++i) {
                bytes2 code = child.codes[i];
                bool ok = parent.mode == allow ? _covers(parent.codes, code) : !_touches(parent.codes, code);
                if (!ok) return false;
            }
            return true;
        }
        // The child denies a list: the parent must deny a subset of it (an ALLOW parent never fits).
        if (parent.mode == allow) return false;
        for (uint256 i; i < parent.codes.length; ++i) {
            if (!_covers(child.codes, parent.codes[i])) return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- private

    /// @dev Whether `list` includes every country `code` stands for.
    function _covers(bytes2[] memory list, bytes2 code) private pure returns (bool) {
        if (_listed(list, code)) return true;
        if (code == Territory.EU) return _euMembersListed(list) == _EU_MEMBER_COUNT;
        return Territory.isEUMember(code) && _listed(list, Territory.EU);
    }

    /// @dev Whether `list` includes some country `code` stands for.
    function _touches(bytes2[] memory list, bytes2 code) private pure returns (bool) {
        if (code == Territory.EU) return _listed(list, code) || _euMembersListed(list) != 0;
        return _covers(list, code);
    }

    function _listed(bytes2[] memory list, bytes2 code) private pure returns (bool) {
        for (uint256 i; i < list.length; ++i) {
            if (list[i] == code) return true;
        }
        return false;
    }

    /// @dev How many EU member states `list` names (the registry rejects duplicate codes).
    function _euMembersListed(bytes2[] memory list) private pure returns (uint256 count) {
        for (uint256 i; i < list.length; ++i) {
            if (Territory.isEUMember(list[i])) ++count;
        }
    }

    /// @dev A cap `child` is looser than `parent` if the parent caps (non-zero) and the child does
    /// not cap or caps higher.
    function _looser(uint256 child, uint256 parent) private pure returns (bool) {
        return parent != 0 && (child == 0 || child > parent);
    }

    function _encode(bytes4 selector, uint256 a, uint256 b) private pure returns (bytes memory) {
        return abi.encodeWithSelector(selector, a, b);
    }

    function _encode(bytes4 selector, uint256 a, uint256 b, uint256 c) private pure returns (bytes memory) {
        return abi.encodeWithSelector(selector, a, b, c);
    }

    function _grantMissing(
        uint256 parentAssetId,
        uint256 required,
        uint256 missing
    ) private pure returns (bytes memory) {
        return _encode(ILineageRegistry.LineageGrantMissing.selector, parentAssetId, required, missing);
    }

    function _namePrefixMissing(
        uint256 parentAssetId,
        string memory prefix,
        string memory name
    ) private pure returns (bytes memory) {
        return abi.encodeWithSelector(ILineageRegistry.LineageNamePrefixMissing.selector, parentAssetId, prefix, name);
    }
}
