// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SeatRegistry} from "../../contracts/SeatRegistry.sol";
import {ILicenseTypes} from "../../contracts/interfaces/ILicenseMarket.sol";
import {ISeatMarket, ISeatRegistry} from "../../contracts/interfaces/ISeatRegistry.sol";
import {ITermsRegistry} from "../../contracts/interfaces/ITermsRegistry.sol";
import {TesseraFixture} from "./utils/Fixture.sol";
import {vm} from "./utils/Vm.sol";

/// @notice SeatRegistry over random expiries and times: a seat's access never outlasts the license
/// and is 0 from the license's expiry (or the seat's) on; a transfer ends every seat; the number of
/// seats never exceeds the terms' cap.
contract SeatsTest is TesseraFixture {
    uint256 internal constant MAX_DURATION = 10 * 365 days;
    uint32 internal constant CAP = 3;

    SeatRegistry internal seats;
    uint256 internal splitId;
    uint256 internal seatTerms;
    bytes32 internal seatTermsHash;
    address internal payee = address(0xFEE00001);
    address internal newHolder = address(0xB0B00002);

    function setUp() public {
        _setUpMarket();
        splitId = _soloSplit(payee);
        seats = new SeatRegistry(ISeatMarket(address(market)), registry);
        ITermsRegistry.Terms memory t = _worldwideTerms(true, keccak256("organisation legal text"));
        t.caps.seats = CAP;
        seatTerms = registry.registerTerms(t);
        seatTermsHash = registry.termsHashOf(seatTerms);
    }

    /// @dev A license on the fixture's asset under the seat terms (transferable, CAP seats), bought
    /// by `buyer` for free; `duration` 0 = perpetual.
    function _license(uint64 duration) internal returns (uint256 licenseId) {
        ILicenseTypes.OfferParams memory p;
        p.assetId = assetId;
        p.termsId = seatTerms;
        p.duration = duration;
        p.splitId = splitId;
        vm.prank(creator);
        uint256 offerId = market.createOffer(p);
        vm.prank(buyer);
        licenseId = market.purchase(offerId, buyer, 0, seatTermsHash, bytes2(0));
    }

    function _user(uint256 i) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encode("seat user", i)))));
    }

    function _seat(uint256 licenseId, address user, uint64 expires) internal {
        vm.prank(buyer);
        seats.setUser(licenseId, user, expires);
    }

    /// @notice For any license duration (or perpetual), seat expiry and later time: accessExpiry is
    /// at most the license's expiry, 0 from the license's or the seat's expiry on, and otherwise the
    /// earlier of the two; userExpires agrees.
    function testFuzz_accessNeverOutlastsTheLicense(uint256 d, bool perpetual, uint64 seatExpiry, uint256 t) public {
        uint64 duration = perpetual ? 0 : uint64(_bound(d, 1, MAX_DURATION));
        uint256 licenseId = _license(duration);
        uint64 expires = uint64(_bound(seatExpiry, _now() + 1, type(uint64).max));
        address user = _user(1);
        _seat(licenseId, user, expires);
        uint64 licenseExpiry = market.licenseInfo(licenseId).expiresAt;

        vm.warp(_now() + _bound(t, 0, 2 * MAX_DURATION));
        uint256 nowTs = _now();
        uint64 access = seats.accessExpiry(user, assetId, 1);
        vm.assertEq(seats.userExpires(licenseId, user), access, "userExpires and accessExpiry disagree");
        vm.assertTrue(access <= licenseExpiry, "a seat outlasts its license");
        if (nowTs >= licenseExpiry) vm.assertEq(access, 0, "a seat entitles after the license expired");
        else if (nowTs >= expires) vm.assertEq(access, 0, "a seat entitles after its own expiry");
        else vm.assertEq(access, expires < licenseExpiry ? expires : licenseExpiry, "not the earlier expiry");
        vm.assertEq(seats.accessExpiry(user, assetId, 2), 0, "a version-bound seat covers another version");
    }

    /// @notice Whatever the seat's expiry and the time of the transfer, the old holder's seats end
    /// with the transfer and stay ended; the new holder's seat works.
    function testFuzz_transferEndsSeats(uint64 seatExpiry, uint256 before, uint256 afterwards) public {
        uint256 licenseId = _license(uint64(MAX_DURATION));
        uint64 expires = uint64(_bound(seatExpiry, _now() + 1, type(uint64).max));
        _seat(licenseId, _user(1), expires);
        vm.warp(_now() + _bound(before, 0, MAX_DURATION - 2));
        vm.prank(buyer);
        market.transferFrom(buyer, newHolder, licenseId);
        vm.assertEq(seats.accessExpiry(_user(1), assetId, 1), 0, "a seat survived the transfer");
        vm.assertEq(seats.seatCount(licenseId), 0, "the new holder inherited seats");

        vm.prank(newHolder);
        seats.setUser(licenseId, _user(2), type(uint64).max);
        vm.warp(_now() + _bound(afterwards, 0, 1));
        vm.assertEq(seats.accessExpiry(_user(1), assetId, 1), 0, "an old seat came back");
        vm.assertEq(seats.accessExpiry(_user(2), assetId, 1), market.licenseInfo(licenseId).expiresAt, "new seat");
    }

    /// @notice Random sequences of assignments, frees and time steps: the seat count never exceeds
    /// the cap, a new seat is refused only at the cap (after lapsed seats were reclaimed), and with
    /// the exact error.
    function testFuzz_capNeverExceeded(uint256 seed) public {
        uint256 licenseId = _license(uint64(MAX_DURATION));
        for (uint256 step; step < 24; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            address user = _user(r % 6);
            uint256 action = (r >> 8) % 4;
            if (action == 0) {
                vm.warp(_now() + ((r >> 16) % 3 days));
                continue;
            }
            uint64 expires = action == 1 ? 0 : uint64(_now() + 1 + ((r >> 16) % 5 days));
            (address[] memory users, uint64[] memory stored) = seats.seatsOf(licenseId);
            bool seated;
            uint256 live;
            for (uint256 i; i < users.length; ++i) {
                if (users[i] == user) seated = true;
                if (stored[i] > _now()) ++live;
            }
            vm.prank(buyer);
            try seats.setUser(licenseId, user, expires) {
                vm.assertTrue(expires != 0 || seated, "freed a seat nobody held");
            } catch (bytes memory reason) {
                if (expires == 0) {
                    vm.assertFalse(seated, "could not free a held seat");
                } else {
                    vm.assertFalse(seated, "could not update a held seat");
                    vm.assertEq(live, CAP, "refused a new seat below the cap");
                    vm.assertTrue(
                        keccak256(reason) ==
                            keccak256(
                                abi.encodeWithSelector(ISeatRegistry.SeatCapExceeded.selector, licenseId, CAP + 1, CAP)
                            ),
                        "not SeatCapExceeded"
                    );
                }
            }
            vm.assertTrue(seats.seatCount(licenseId) <= CAP, "more seats than the cap");
        }
    }
}
