// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Consortium} from "../Consortium.sol";
import {ConsortiumFactory} from "../ConsortiumFactory.sol";
import {LicenseMarket} from "../LicenseMarket.sol";
import {IConsortiumErrors, IConsortiumMarket, IConsortiumTypes} from "../interfaces/IConsortium.sol";
import {ILicenseTypes} from "../interfaces/ILicenseMarket.sol";
import {ITermsRegistry, TermsBits} from "../interfaces/ITermsRegistry.sol";
import {MockERC20} from "./MockERC20.sol";

/// @dev The Foundry cheatcodes the handler needs (served by Hardhat's EDR in Solidity tests only).
interface IConsortiumHandlerCheats {
    function prank(address sender) external;
    function deal(address account, uint256 newBalance) external;
}

/// @notice Test-only handler for the consortium invariants (test/solidity/ConsortiumInvariant.t.sol).
/// The fuzzer calls its actions in random order: sales on the market that pay the consortium's
/// split (ETH and an ERC-20), syncs, claims, admissions, removals and reweights (each a proposal
/// voted by every member and executed). The handler keeps ghosts of what was credited, claimed and
/// fairly earned (each arrival shared by the weights at the moment it reached the consortium,
/// exactly, in units of 1e-18 wei) and records a violation instead of reverting when an action
/// does something it should not.
/// @dev Actors are code-less addresses; buyers are fresh addresses funded exactly for each sale.
// Ghost state is the point of a handler: one variable per quantity the invariants compare.
// solhint-disable-next-line max-states-count
contract ConsortiumHandler {
    IConsortiumHandlerCheats private constant VM = IConsortiumHandlerCheats(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
    address private constant NATIVE = address(0);
    uint256 private constant SCALE = 1e18;

    uint256 public constant N_ACTORS = 8;

    LicenseMarket public immutable market;
    Consortium public immutable consortium;
    MockERC20 public immutable token;

    address[] private _actors;
    address[2] private _currencies;
    uint256[8] private _offerIds;
    uint256 private _buyers;

    /// @notice Per currency: net sale revenue credited to the consortium's split on the market.
    mapping(address currency => uint256) public credited;
    /// @notice Per currency: what reached the consortium (credited minus still in the market).
    mapping(address currency => uint256) public received;
    /// @notice Per currency: paid out by claims, measured by the payees' balances.
    mapping(address currency => uint256) public claimed;
    mapping(address actor => mapping(address currency => uint256)) public claimedBy;
    /// @notice Exact fair share of every arrival by the weights it arrived under, scaled by 1e18.
    mapping(address actor => mapping(address currency => uint256)) public fairScaled;
    /// @notice Events that may move rounding dust between payees (each at most 1 wei of it).
    uint256 public dustEvents;

    uint256 public violations;
    string public firstViolation;

    struct Stats {
        uint256 sales;
        uint256 syncs;
        uint256 claims;
        uint256 emptyClaims;
        uint256 admissions;
        uint256 removals;
        uint256 reweights;
        uint256 skipped;
    }
    Stats public stats;

    constructor(LicenseMarket market_, ITermsRegistry registry, MockERC20 token_, ConsortiumFactory factory) {
        market = market_;
        token = token_;
        for (uint256 i; i < N_ACTORS; ++i) _actors.push(address(uint160(0xA11CE000 + i)));
        address[] memory founders = new address[](3);
        uint96[] memory weights = new uint96[](3);
        for (uint256 i; i < 3; ++i) {
            founders[i] = _actors[i];
            weights[i] = uint96(1 + i * 7);
        }
        consortium = Consortium(
            payable(factory.createConsortium(IConsortiumMarket(address(market_)), founders, weights, 5_001, 1 hours))
        );

        ITermsRegistry.Terms memory t;
        t.grants = uint16(TermsBits.GRANT_USE);
        t.legalTextHash = keccak256("ConsortiumHandler terms");
        uint256 termsId = registry.registerTerms(t);
        uint256 assetId = market_.registerAsset(ILicenseTypes.AssetKind.MODEL, keccak256("pooled"), "ipfs://pooled");
        _currencies = [NATIVE, address(token_)];
        uint256[4] memory prices = [uint256(1), 97, 1_000_003, 0.123456789 ether];
        for (uint256 i; i < _offerIds.length; ++i) {
            _offerIds[i] = market_.createOffer(
                ILicenseTypes.OfferParams({
                    assetId: assetId,
                    termsId: termsId,
                    price: prices[i / 2],
                    currency: _currencies[i % 2],
                    duration: 0,
                    maxSupply: 0,
                    allVersions: true,
                    splitId: consortium.splitId(),
                    arbiter: address(0),
                    royaltyBps: 0
                })
            );
        }
    }

    // ---------------------------------------------------------------- actions

    /// @notice 1..3 sales by fresh buyers under a random offer (a random price level, ETH or token).
    function sell(uint256 offer, uint256 units) external {
        uint256 i = offer % _offerIds.length;
        address currency = _currencies[i % 2];
        units = 1 + (units % 3);
        for (uint256 k; k < units; ++k) _sellOne(i, currency);
        ++stats.sales;
    }

    /// @notice Anyone syncs currency `c % 2`.
    function sync(uint256 c) external {
        address currency = _currencies[c % 2];
        uint256[] memory weights = _weights();
        consortium.sync(currency);
        ++stats.syncs;
        _observe(currency, weights);
    }

    /// @notice Actor `a` claims in currency `c % 2` (a current or former member, or a stranger).
    function claim(uint256 a, uint256 c) external {
        address actor = _actors[a % N_ACTORS];
        address currency = _currencies[c % 2];
        uint256[] memory weights = _weights();
        uint256 before = _balanceOf(currency, actor);
        VM.prank(actor);
        (bool ok, bytes memory ret) = address(consortium).call(abi.encodeCall(consortium.claim, (currency)));
        _observe(currency, weights);
        if (!ok) {
            bytes4 err = ret.length >= 4 ? bytes4(ret) : bytes4(0);
            if (err != IConsortiumErrors.ConsortiumNothingToClaim.selector) _violate("claim: unexpected revert");
            if (consortium.owed(actor, currency) != 0) _violate("claim: reverted although something is owed");
            ++stats.emptyClaims;
            return;
        }
        uint256 paid = _balanceOf(currency, actor) - before;
        _check(paid == abi.decode(ret, (uint256)), "claim: paid != returned amount");
        _check(consortium.owed(actor, currency) == 0, "claim: still owed after claiming");
        claimed[currency] += paid;
        claimedBy[actor][currency] += paid;
        ++dustEvents;
        ++stats.claims;
    }

    /// @notice Admits actor `a` with a weight in 1..1000 (skipped if already a member or full).
    function admit(uint256 a, uint256 weight) external {
        address actor = _actors[a % N_ACTORS];
        if (consortium.isMember(actor)) return;
        _enact(IConsortiumTypes.ProposalKind.ADMIT_MEMBER, abi.encode(actor, uint96(1 + (weight % 1000))));
        _check(consortium.isMember(actor), "admit: not a member after admission");
        ++stats.admissions;
    }

    /// @notice Removes actor `a` (skipped if not a member or the last one).
    function remove(uint256 a) external {
        address actor = _actors[a % N_ACTORS];
        if (!consortium.isMember(actor) || _memberCount() == 1) return;
        _enact(IConsortiumTypes.ProposalKind.REMOVE_MEMBER, abi.encode(actor));
        _check(!consortium.isMember(actor), "remove: still a member after removal");
        ++stats.removals;
    }

    /// @notice Sets actor `a`'s weight to 1..1000 (skipped if not a member).
    function reweight(uint256 a, uint256 weight) external {
        address actor = _actors[a % N_ACTORS];
        if (!consortium.isMember(actor)) return;
        uint96 w = uint96(1 + (weight % 1000));
        _enact(IConsortiumTypes.ProposalKind.SET_WEIGHT, abi.encode(actor, w));
        _check(consortium.weightOf(actor) == w, "reweight: weight not set");
        ++stats.reweights;
    }

    // ---------------------------------------------------------------- views for the invariants

    /// @notice The actors (every account that has been or may become a member).
    function actors() external view returns (address[] memory) {
        return _actors;
    }

    /// @notice ETH and the token.
    function currencies() external view returns (address[2] memory) {
        return _currencies;
    }

    /// @notice What `account` holds in `currency`.
    function balanceOf(address currency, address account) external view returns (uint256) {
        return _balanceOf(currency, account);
    }

    // ---------------------------------------------------------------- internal

    function _sellOne(uint256 i, address currency) private {
        address buyer = address(uint160(0xB0B0000000 + ++_buyers));
        ILicenseTypes.OfferInfo memory o = market.offers(_offerIds[i]);
        uint256 price = o.price;
        uint256 value;
        if (currency == NATIVE) {
            value = price;
            VM.deal(buyer, price);
        } else {
            token.mint(buyer, price);
            VM.prank(buyer);
            IERC20(currency).approve(address(market), price);
        }
        VM.prank(buyer);
        market.purchase{value: value}(_offerIds[i], buyer, price, o.termsHash, bytes2(0));
        credited[currency] += price;
    }

    /// @dev Proposes as the first member, has every member vote yes, executes as a stranger.
    function _enact(IConsortiumTypes.ProposalKind kind, bytes memory payload) private {
        (address[] memory members, ) = consortium.members();
        uint256[] memory weightsBefore = _weights();
        VM.prank(members[0]);
        uint256 id = consortium.propose(kind, payload);
        for (uint256 i; i < members.length; ++i) {
            VM.prank(members[i]);
            consortium.vote(id, true);
        }
        VM.prank(address(0xE0EC));
        (bool ok, ) = address(consortium).call(abi.encodeCall(consortium.execute, (id)));
        _check(ok, "enact: a proposal voted by everyone failed to execute");
        ++dustEvents;
        // The execution synced both currencies under the weights before the change.
        _observe(_currencies[0], weightsBefore);
        _observe(_currencies[1], weightsBefore);
    }

    /// @dev Books what reached the consortium since the last observation, shared by `weights`.
    function _observe(address currency, uint256[] memory weights) private {
        uint256 now_ = credited[currency] - consortium.unsynced(currency);
        uint256 arrived = now_ - received[currency];
        if (arrived == 0) return;
        received[currency] = now_;
        ++dustEvents;
        uint256 total;
        for (uint256 i; i < N_ACTORS; ++i) total += weights[i];
        for (uint256 i; i < N_ACTORS; ++i) {
            if (weights[i] != 0) fairScaled[_actors[i]][currency] += (arrived * SCALE * weights[i]) / total;
        }
    }

    function _weights() private view returns (uint256[] memory w) {
        w = new uint256[](N_ACTORS);
        for (uint256 i; i < N_ACTORS; ++i) w[i] = consortium.weightOf(_actors[i]);
    }

    function _memberCount() private view returns (uint256 n) {
        for (uint256 i; i < N_ACTORS; ++i) if (consortium.isMember(_actors[i])) ++n;
    }

    function _balanceOf(address currency, address account) private view returns (uint256) {
        return currency == NATIVE ? account.balance : IERC20(currency).balanceOf(account);
    }

    function _check(bool condition, string memory what) private {
        if (!condition) _violate(what);
    }

    function _violate(string memory what) private {
        if (violations == 0) firstViolation = what;
        ++violations;
    }
}
