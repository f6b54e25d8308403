// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILineageRegistry} from "../../contracts/interfaces/ILineageRegistry.sol";
import {ITermsRegistry, TermsBits} from "../../contracts/interfaces/ITermsRegistry.sol";
import {TermsCompat} from "../../contracts/libraries/TermsCompat.sol";
import {Territory} from "../../contracts/libraries/Territory.sol";
import {vm} from "./utils/Vm.sol";

/// @notice TermsCompat against the rules as the taxonomy states them, over random terms: banned-bit
/// inheritance, scope ordering, caps, territory subsets (against a brute force over countries),
/// name prefixes, and the trained-on rule.
contract LineageCompatTest {
    uint256 internal constant PARENT = 7;
    uint256 internal constant PARENT_TERMS = 11;
    uint256 internal constant CHILD_TERMS = 12;
    uint8 internal constant INTERNAL = uint8(ITermsRegistry.Scope.INTERNAL);

    /// @dev The 27 EU member states, then countries outside the EU; "JP" is never drawn into a
    /// list, so it stands for every country no list names.
    bytes2[27] internal _eu = [
        bytes2("AT"),
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE"
    ];
    bytes2[4] internal _others = [bytes2("US"), "GB", "KR", "JP"];
    /// @dev The codes random lists draw from.
    bytes2[7] internal _pool = [bytes2("EU"), "DE", "FR", "IT", "US", "GB", "KR"];

    // ---------------------------------------------------------------- builders

    /// @dev Terms that allow any derivative: every grant, COMMERCIAL, WORLDWIDE, no caps, no bans.
    function _open() internal pure returns (ITermsRegistry.Terms memory t) {
        t.grants = uint16(TermsBits.GRANTS_MASK);
        t.scope = uint8(ITermsRegistry.Scope.COMMERCIAL);
    }

    function _side(
        uint256 assetId,
        uint256 termsId,
        ITermsRegistry.Terms memory t
    ) internal pure returns (TermsCompat.Side memory) {
        return TermsCompat.Side({assetId: assetId, termsId: termsId, terms: t});
    }

    function _fineTune(
        ITermsRegistry.Terms memory p,
        ITermsRegistry.Terms memory c
    ) internal pure returns (bytes memory failure) {
        (failure, ) = TermsCompat.check(
            ILineageRegistry.Relation.FINE_TUNED_FROM,
            _side(PARENT, PARENT_TERMS, p),
            _side(1, CHILD_TERMS, c),
            "child",
            ""
        );
    }

    function _assertFailure(bytes memory actual, bytes memory expected, string memory err) internal pure {
        vm.assertTrue(keccak256(actual) == keccak256(expected), err);
    }

    // ---------------------------------------------------------------- banned bits

    /// @notice PASS_THROUGH: accepted iff every parent ban is banned in the child; the error names
    /// exactly the dropped bans.
    function testFuzz_passThroughKeepsEveryParentBan(uint256 parentBanned, uint256 childBanned) public pure {
        ITermsRegistry.Terms memory p = _open();
        ITermsRegistry.Terms memory c = _open();
        p.derivatives = uint8(ITermsRegistry.Derivatives.PASS_THROUGH);
        p.banned = uint32(parentBanned & TermsBits.BANNED_MASK);
        c.banned = uint32(childBanned & TermsBits.BANNED_MASK);
        uint256 dropped = uint256(p.banned) & ~uint256(c.banned);

        vm.assertEq(TermsCompat.droppedBans(p.banned, c.banned), dropped, "droppedBans");
        bytes memory failure = _fineTune(p, c);
        if (dropped == 0) {
            vm.assertEq(failure.length, 0, "a child keeping every ban was rejected");
        } else {
            _assertFailure(
                failure,
                abi.encodeWithSelector(ILineageRegistry.LineageBannedUseDropped.selector, PARENT, dropped),
                "a dropped ban was not reported as such"
            );
        }
    }

    /// @notice SAME_LICENSE with the parent's own terms always passes; ANY never looks at bans.
    function testFuzz_bansOnlyBindPassThroughAndSameLicense(uint256 parentBanned, uint256 childBanned) public pure {
        ITermsRegistry.Terms memory p = _open();
        ITermsRegistry.Terms memory c = _open();
        p.banned = uint32(parentBanned & TermsBits.BANNED_MASK);
        c.banned = uint32(childBanned & TermsBits.BANNED_MASK);
        vm.assertEq(_fineTune(p, c).length, 0, "ANY parent rejected a child over bans");

        p.derivatives = uint8(ITermsRegistry.Derivatives.SAME_LICENSE);
        (bytes memory failure, ) = TermsCompat.check(
            ILineageRegistry.Relation.FINE_TUNED_FROM,
            _side(PARENT, PARENT_TERMS, p),
            _side(1, PARENT_TERMS, p),
            "child",
            ""
        );
        vm.assertEq(failure.length, 0, "SAME_LICENSE rejected the parent's own terms");
        _assertFailure(
            _fineTune(p, c),
            abi.encodeWithSelector(ILineageRegistry.LineageTermsNotSame.selector, PARENT, PARENT_TERMS, CHILD_TERMS),
            "SAME_LICENSE accepted other terms"
        );
    }

    // ---------------------------------------------------------------- scope

    /// @notice A derivative's scope may not exceed its parent's (EVALUATION < … < COMMERCIAL).
    function testFuzz_scopeOrdering(uint8 parentScope, uint8 childScope) public pure {
        ITermsRegistry.Terms memory p = _open();
        ITermsRegistry.Terms memory c = _open();
        p.scope = parentScope % 4;
        c.scope = childScope % 4;
        bytes memory failure = _fineTune(p, c);
        if (c.scope <= p.scope) {
            vm.assertEq(failure.length, 0, "a narrower or equal scope was rejected");
        } else {
            _assertFailure(
                failure,
                abi.encodeWithSelector(ILineageRegistry.LineageScopeExceedsParent.selector, PARENT, c.scope, p.scope),
                "a wider scope was not rejected"
            );
        }
    }

    /// @notice Trained on a dataset: needs trainOn; without commercialiseModel, scope ≤ INTERNAL.
    function testFuzz_trainedOn(uint16 grants, uint8 scope) public pure {
        ITermsRegistry.Terms memory p = _open();
        ITermsRegistry.Terms memory c = _open();
        p.grants = uint16(grants & TermsBits.GRANTS_MASK);
        c.scope = scope % 4;
        (bytes memory failure, uint8 obligations) = TermsCompat.check(
            ILineageRegistry.Relation.TRAINED_ON,
            _side(PARENT, PARENT_TERMS, p),
            _side(1, CHILD_TERMS, c),
            "",
            ""
        );
        vm.assertEq(obligations, 0, "trained-on records no obligation");
        bool trainOn = p.grants & TermsBits.GRANT_TRAIN_ON != 0;
        bool commercial = p.grants & TermsBits.GRANT_COMMERCIALISE_MODEL != 0;
        if (!trainOn) {
            _assertFailure(
                failure,
                abi.encodeWithSelector(
                    ILineageRegistry.LineageGrantMissing.selector,
                    PARENT,
                    TermsBits.GRANT_TRAIN_ON,
                    TermsBits.GRANT_TRAIN_ON
                ),
                "trained on a dataset without trainOn"
            );
        } else if (!commercial && c.scope > INTERNAL) {
            _assertFailure(
                failure,
                abi.encodeWithSelector(
                    ILineageRegistry.LineageCommercialModelNotGranted.selector,
                    PARENT,
                    c.scope,
                    INTERNAL
                ),
                "a commercial model on a dataset without commercialiseModel"
            );
        } else {
            vm.assertEq(failure.length, 0, "an allowed training was rejected");
        }
    }

    // ---------------------------------------------------------------- caps

    /// @notice 0 = no cap; a capped parent needs a child capped no higher, over a period no shorter.
    function testFuzz_capsWithinParent(uint256 seed) public pure {
        ITermsRegistry.Caps memory p = _randomCaps(seed);
        ITermsRegistry.Caps memory c = _randomCaps(uint256(keccak256(abi.encode(seed))));
        (string memory field, , ) = TermsCompat.capExceeded(c, p);
        bool mauOk = p.mau == 0 || (c.mau != 0 && c.mau <= p.mau);
        bool callsOk = p.callsPerPeriod == 0 || (c.callsPerPeriod != 0 && c.callsPerPeriod <= p.callsPerPeriod);
        bool periodOk = p.callsPerPeriod == 0 || c.periodSeconds >= p.periodSeconds;
        bool seatsOk = p.seats == 0 || (c.seats != 0 && c.seats <= p.seats);
        string memory expected =
            !mauOk
                ? "caps.mau"
                : !callsOk
                    ? "caps.callsPerPeriod"
                    : !periodOk
                        ? "caps.periodSeconds"
                        : !seatsOk
                            ? "caps.seats"
                            : "";
        vm.assertTrue(keccak256(bytes(field)) == keccak256(bytes(expected)), "first looser cap misreported");
    }

    /// @dev Small values, zero often, so that equal and uncapped cases are frequent.
    function _randomCaps(uint256 seed) internal pure returns (ITermsRegistry.Caps memory k) {
        k.mau = uint64((seed & 0xff) % 4);
        k.callsPerPeriod = uint64(((seed >> 8) & 0xff) % 4);
        k.periodSeconds = uint32(((seed >> 16) & 0xff) % 3);
        k.seats = uint32(((seed >> 24) & 0xff) % 4);
    }

    // ---------------------------------------------------------------- territory

    /// @notice territoryWithin agrees with a brute force over the 27 EU members and four others.
    function testFuzz_territoryWithinMatchesBruteForce(uint256 childSeed, uint256 parentSeed) public view {
        ITermsRegistry.TerritoryRule memory c = _randomRule(childSeed);
        ITermsRegistry.TerritoryRule memory p = _randomRule(parentSeed);
        vm.assertEq(TermsCompat.territoryWithin(c, p), _bruteWithin(c, p), "territoryWithin != brute force");
    }

    /// @notice "EU" against lists of member states, where the pseudo-code must be expanded.
    function test_territoryEuExpansion() public view {
        ITermsRegistry.TerritoryRule memory euAllow = _rule(ITermsRegistry.TerritoryMode.ALLOW, _list("EU"));
        ITermsRegistry.TerritoryRule memory euDeny = _rule(ITermsRegistry.TerritoryMode.DENY, _list("EU"));
        bytes2[] memory members = new bytes2[](27);
        for (uint256 i; i < 27; ++i) members[i] = _eu[i];
        bytes2[] memory allButOne = new bytes2[](26);
        for (uint256 i; i < 26; ++i) allButOne[i] = _eu[i];

        ITermsRegistry.TerritoryRule memory allMembers = _rule(ITermsRegistry.TerritoryMode.ALLOW, members);
        vm.assertTrue(TermsCompat.territoryWithin(euAllow, allMembers), "EU within all 27 members");
        vm.assertTrue(TermsCompat.territoryWithin(allMembers, euAllow), "all 27 members within EU");
        vm.assertFalse(
            TermsCompat.territoryWithin(euAllow, _rule(ITermsRegistry.TerritoryMode.ALLOW, allButOne)),
            "EU within 26 members"
        );
        ITermsRegistry.TerritoryRule memory denyMembers = _rule(ITermsRegistry.TerritoryMode.DENY, members);
        vm.assertTrue(TermsCompat.territoryWithin(denyMembers, euDeny), "deny 27 members within deny EU");
        vm.assertTrue(TermsCompat.territoryWithin(euDeny, denyMembers), "deny EU within deny 27 members");
        vm.assertFalse(
            TermsCompat.territoryWithin(_rule(ITermsRegistry.TerritoryMode.DENY, allButOne), euDeny),
            "deny 26 members within deny EU"
        );
        vm.assertFalse(
            TermsCompat.territoryWithin(euAllow, _rule(ITermsRegistry.TerritoryMode.DENY, _list("DE"))),
            "allow EU within deny DE"
        );
        vm.assertTrue(
            TermsCompat.territoryWithin(_rule(ITermsRegistry.TerritoryMode.ALLOW, _list("DE")), euAllow),
            "allow DE within allow EU"
        );
    }

    function _bruteWithin(
        ITermsRegistry.TerritoryRule memory c,
        ITermsRegistry.TerritoryRule memory p
    ) internal view returns (bool) {
        for (uint256 i; i < 27; ++i) if (_allows(c, _eu[i]) && !_allows(p, _eu[i])) return false;
        for (uint256 i; i < 4; ++i) if (_allows(c, _others[i]) && !_allows(p, _others[i])) return false;
        return true;
    }

    /// @dev Whether `rule` allows use in the country `code` (never "EU" itself).
    function _allows(ITermsRegistry.TerritoryRule memory rule, bytes2 code) internal pure returns (bool) {
        if (rule.mode == uint8(ITermsRegistry.TerritoryMode.WORLDWIDE)) return true;
        bool listed;
        for (uint256 i; i < rule.codes.length; ++i) {
            bytes2 l = rule.codes[i];
            if (l == code || (l == Territory.EU && Territory.isEUMember(code))) listed = true;
        }
        return rule.mode == uint8(ITermsRegistry.TerritoryMode.ALLOW) ? listed : !listed;
    }

    /// @dev A valid rule: WORLDWIDE with no codes, or ALLOW/DENY with a non-empty subset of the pool.
    function _randomRule(uint256 seed) internal view returns (ITermsRegistry.TerritoryRule memory r) {
        r.mode = uint8(seed % 3);
        if (r.mode == uint8(ITermsRegistry.TerritoryMode.WORLDWIDE)) return r;
        uint256 bits = (seed >> 8) & 0x7f;
        if (bits == 0) bits = 1 << ((seed >> 16) % 7);
        uint256 n;
        for (uint256 i; i < 7; ++i) if (bits & (1 << i) != 0) ++n;
        r.codes = new bytes2[](n);
        n = 0;
        for (uint256 i; i < 7; ++i) if (bits & (1 << i) != 0) r.codes[n++] = _pool[i];
    }

    function _rule(
        ITermsRegistry.TerritoryMode mode,
        bytes2[] memory codes
    ) internal pure returns (ITermsRegistry.TerritoryRule memory r) {
        r.mode = uint8(mode);
        r.codes = codes;
    }

    function _list(bytes2 code) internal pure returns (bytes2[] memory l) {
        l = new bytes2[](1);
        l[0] = code;
    }

    // ---------------------------------------------------------------- names

    /// @notice A name starts with a prefix iff its first bytes are the prefix's.
    function testFuzz_hasPrefix(bytes32 seed, uint8 prefixLength, uint8 suffixLength, uint8 flipAt) public pure {
        uint256 pl = prefixLength % 12;
        bytes memory prefix = new bytes(pl);
        for (uint256 i; i < pl; ++i) prefix[i] = seed[i];
        bytes memory name = abi.encodePacked(prefix, new bytes(suffixLength % 8));
        vm.assertTrue(TermsCompat.hasPrefix(string(name), string(prefix)), "a name with the prefix");
        vm.assertFalse(
            TermsCompat.hasPrefix(string(prefix), string(abi.encodePacked(prefix, "x"))),
            "a prefix longer than the name"
        );
        if (pl != 0) {
            uint256 k = flipAt % pl;
            name[k] = bytes1(uint8(name[k]) ^ 0x20);
            vm.assertFalse(TermsCompat.hasPrefix(string(name), string(prefix)), "a name differing in the prefix");
        }
    }
}
