// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MarketState} from "./MarketState.sol";
import {ILicenseMarket} from "./interfaces/ILicenseMarket.sol";

/// @title RevenueLedger: revenue splits and pull payments through one ledger.
/// @notice A sale credits its split's pool once, whatever the split's size. Anyone may
/// `distribute` a pool into the recipients' balances; recipients `withdraw`. Remainder rule: every
/// recipient but the first gets floor(amount * bps / 10,000); the first gets the rest, so the
/// credited sum equals the amount to the wei. A split with a controller is a consortium split:
/// its controller may change members and weights, and every pool is distributed under the old
/// weights first, so nothing is lost or counted twice. A recipient may itself be a split's
/// address (`splitAddress`): its share then lands in that split's pool. Cycles between splits lose
/// nothing (every distribution conserves the pool) but circulate revenue until a controller revises.
/// @dev Its state lives in MarketState, shared with the market's refunds extension (which credits
/// refunds and released escrow through the same balances and pools).
abstract contract RevenueLedger is ILicenseMarket, MarketState {
    using SafeERC20 for IERC20;

    /// @notice Native ETH is currency address(0).
    address public constant NATIVE = _NATIVE;
    uint256 internal constant _MAX_RECIPIENTS = 50;
    uint256 internal constant _MAX_CURRENCIES = 32;
    uint16 internal constant _MAX_PROTOCOL_FEE_BPS = 1_000;
    /// @dev High 96 bits of every split address (see `splitAddress`).
    uint96 private constant _SPLIT_TAG = uint96(bytes12(keccak256("tessera.split-address")));

    // ---------------------------------------------------------------- admin

    /// @notice Allows or disallows an ERC-20 as the currency of new offers.
    /// @param token The ERC-20 (not address(0), which is always allowed).
    /// @param allowed Whether new offers may use it.
    function setCurrencyAllowed(address token, bool allowed) external onlyOwner {
        if (token == NATIVE) revert ZeroAddress();
        if (allowed && !_isListed(token)) {
            if (_currencies.length == _MAX_CURRENCIES) revert TooManyCurrencies(_MAX_CURRENCIES);
            _currencies.push(token);
        }
        _allowed[token] = allowed;
        emit CurrencyAllowed(token, allowed);
    }

    /// @notice Sets the protocol fee taken from new offers' sales, and its treasury.
    /// @dev Offers snapshot the fee when created, so a change never alters a live offer.
    /// @param feeBps Fee in basis points (at most _MAX_PROTOCOL_FEE_BPS).
    /// @param treasury Receiver of the fee, also of fees still due on live offers that snapshotted an
    /// earlier rate; never zero, so those fees always stay withdrawable.
    function setProtocolFee(uint16 feeBps, address treasury) external onlyOwner {
        if (feeBps > _MAX_PROTOCOL_FEE_BPS) revert ProtocolFeeTooHigh(feeBps, _MAX_PROTOCOL_FEE_BPS);
        if (treasury == address(0)) revert ZeroAddress();
        _protocolFeeBps = feeBps;
        _treasury = treasury;
        emit ProtocolFeeSet(feeBps, treasury);
    }

    // ---------------------------------------------------------------- splits

    /// @notice Creates a revenue split.
    /// @param recipients Payees (1.._MAX_RECIPIENTS, distinct, non-zero); the first takes rounding dust.
    /// @param bps Their shares in basis points, each > 0, summing to 10,000.
    /// @param controller Zero for a fixed split; otherwise the consortium's controller, who may
    /// change members and weights.
    /// @return splitId The new split's id.
    function createSplit(
        address[] calldata recipients,
        uint16[] calldata bps,
        address controller
    ) external returns (uint256 splitId) {
        splitId = ++_splitCount;
        _validateSplit(splitId, recipients, bps);
        Split storage split = _splits[splitId];
        split.controller = controller;
        split.recipients = recipients;
        split.bps = bps;
        emit SplitCreated(splitId, controller, recipients, bps);
    }

    /// @notice Replaces a consortium split's members and weights, after distributing every
    /// pending pool under the old ones.
    /// @param splitId The consortium split.
    /// @param recipients New payees.
    /// @param bps New shares, summing to 10,000.
    function reviseSplit(uint256 splitId, address[] calldata recipients, uint16[] calldata bps) external nonReentrant {
        Split storage split = _controlledSplit(splitId);
        _validateSplit(splitId, recipients, bps);
        uint256 n = _currencies.length;
        for (uint256 i; i < n; ++i) {
            address currency = _currencies[i];
            if (_pools[splitId][currency] != 0) _distribute(splitId, currency);
        }
        split.recipients = recipients;
        split.bps = bps;
        emit SplitUpdated(splitId, recipients, bps);
    }

    /// @notice Starts handing control of a consortium split to `newController`.
    /// @param splitId The consortium split.
    /// @param newController The proposed controller.
    function transferSplitControl(uint256 splitId, address newController) external {
        _controlledSplit(splitId).pendingController = newController;
        emit SplitControlTransferStarted(splitId, msg.sender, newController);
    }

    /// @notice Accepts control of a consortium split.
    /// @param splitId The consortium split.
    function acceptSplitController(uint256 splitId) external {
        Split storage split = _splits[splitId];
        if (split.pendingController != msg.sender || msg.sender == address(0)) {
            revert NotPendingSplitController(splitId, msg.sender);
        }
        address previous = split.controller;
        split.controller = msg.sender;
        split.pendingController = address(0);
        emit SplitControlTransferred(splitId, previous, msg.sender);
    }

    /// @notice Moves a split's pool in `currency` into its recipients' balances.
    /// @param splitId The split.
    /// @param currency The currency (address(0) for ETH).
    function distribute(uint256 splitId, address currency) external nonReentrant {
        if (_splits[splitId].recipients.length == 0) revert SplitNotFound(splitId);
        if (_pools[splitId][currency] == 0) revert NothingToDistribute(splitId, currency);
        _distribute(splitId, currency);
    }

    /// @notice Pays the caller its whole balance in `currency`.
    /// @param currency The currency (address(0) for ETH).
    /// @return amount What was paid.
    function withdraw(address currency) external nonReentrant returns (uint256 amount) {
        return _withdraw(currency, msg.sender);
    }

    /// @notice Pays the caller's whole balance in `currency` to `to` (for payees, such as contracts,
    /// that cannot receive ETH themselves).
    /// @param currency The currency (address(0) for ETH).
    /// @param to Where to send it.
    /// @return amount What was paid.
    function withdrawBalanceTo(address currency, address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert ZeroAddress();
        return _withdraw(currency, to);
    }

    // ---------------------------------------------------------------- views

    /// @notice What `account` can withdraw in `currency` now.
    /// @param account The payee.
    /// @param currency The currency.
    /// @return The withdrawable amount.
    function withdrawable(address account, address currency) external view returns (uint256) {
        return _balances[account][currency];
    }

    /// @notice Revenue credited to a split and not yet distributed.
    /// @param splitId The split.
    /// @param currency The currency.
    /// @return The pool's amount.
    function pendingRevenue(uint256 splitId, address currency) external view returns (uint256) {
        return _pools[splitId][currency];
    }

    /// @notice A split's controller, pending controller, recipients and shares.
    /// @param splitId The split.
    /// @return info The split.
    function split(uint256 splitId) external view returns (SplitInfo memory info) {
        Split storage split = _splits[splitId];
        if (split.recipients.length == 0) revert SplitNotFound(splitId);
        return SplitInfo(split.controller, split.pendingController, split.recipients, split.bps);
    }

    /// @notice The ledger address that stands for a split when it is another split's recipient:
    /// a fixed 96-bit tag, then the split id. Nobody holds a key to such an address (finding one
    /// means matching 96 fixed bits), and the ledger recognises it without a lookup.
    /// @param splitId The split.
    /// @return The split's address.
    function splitAddress(uint256 splitId) public pure returns (address) {
        return address(uint160((uint256(_SPLIT_TAG) << 64) | uint64(splitId)));
    }

    /// @notice Every currency ever allowed (ETH first), and whether each is allowed now.
    /// @return currencies The list.
    /// @return allowed Parallel flags.
    function currencies() external view returns (address[] memory, bool[] memory allowed) {
        uint256 n = _currencies.length;
        allowed = new bool[](n);
        for (uint256 i; i < n; ++i) allowed[i] = _allowed[_currencies[i]];
        return (_currencies, allowed);
    }

    /// @notice The protocol fee applied to new offers and its treasury.
    /// @return feeBps The fee in basis points.
    /// @return treasury Its receiver.
    function protocolFee() external view returns (uint16 feeBps, address treasury) {
        return (_protocolFeeBps, _treasury);
    }

    // ---------------------------------------------------------------- internal

    function _splitExists(uint256 splitId) internal view returns (bool) {
        return _splits[splitId].recipients.length != 0;
    }

    /// @dev Takes `amount` from the buyer into the contract. ETH must match exactly (overpayment is
    /// rejected, not refunded: no refund path to attack). ERC-20s are checked by balance delta, so
    /// fee-on-transfer tokens are rejected.
    function _collect(address currency, uint256 amount) internal {
        if (currency == NATIVE) {
            if (msg.value != amount) revert IncorrectPayment(amount, msg.value);
            return;
        }
        if (msg.value != 0) revert IncorrectPayment(0, msg.value);
        if (amount == 0) return;
        IERC20 token = IERC20(currency);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert FeeOnTransferToken(currency, amount, received);
    }

    function _withdraw(address currency, address to) private returns (uint256 amount) {
        amount = _balances[msg.sender][currency];
        if (amount == 0) revert NothingToWithdraw(msg.sender, currency);
        _balances[msg.sender][currency] = 0;
        emit Withdrawn(msg.sender, currency, amount);
        _pay(currency, to, amount);
    }

    function _distribute(uint256 splitId, address currency) private {
        uint256 amount = _pools[splitId][currency];
        _pools[splitId][currency] = 0;
        Split storage split = _splits[splitId];
        uint256 n = split.recipients.length;
        uint256 rest = amount;
        for (uint256 i = 1; i < n; ++i) {
            uint256 share = (amount * split.bps[i]) / _BPS;
            rest -= share;
            _creditAccount(split.recipients[i], currency, share);
        }
        _creditAccount(split.recipients[0], currency, rest);
        emit Distributed(splitId, currency, amount);
    }

    function _creditAccount(address account, address currency, uint256 amount) private {
        uint256 nested = _splitIdOf(account);
        if (nested != 0) _pools[nested][currency] += amount;
        else _balances[account][currency] += amount;
    }

    /// @dev The split an address stands for (see `splitAddress`), or 0 for any other address.
    function _splitIdOf(address account) private pure returns (uint256) {
        return uint160(account) >> 64 == _SPLIT_TAG ? uint64(uint160(account)) : 0;
    }

    function _pay(address currency, address to, uint256 amount) private {
        if (currency == NATIVE) {
            (bool ok, ) = to.call{value: amount}("");
            if (!ok) revert EthTransferFailed(to, amount);
        } else {
            IERC20(currency).safeTransfer(to, amount);
        }
    }

    function _controlledSplit(uint256 splitId) private view returns (Split storage split) {
        split = _splits[splitId];
        if (split.recipients.length == 0) revert SplitNotFound(splitId);
        if (split.controller == address(0)) revert SplitImmutable(splitId);
        if (split.controller != msg.sender) revert NotSplitController(splitId, msg.sender);
    }

    function _validateSplit(uint256 splitId, address[] calldata recipients, uint16[] calldata bps) private view {
        uint256 n = recipients.length;
        if (n == 0) revert SplitEmpty();
        if (n > _MAX_RECIPIENTS) revert SplitTooLarge(n, _MAX_RECIPIENTS);
        if (bps.length != n) revert SplitLengthMismatch(n, bps.length);
        uint256 sum;
        for (uint256 i; i < n; ++i) {
            if (recipients[i] == address(0)) revert SplitZeroAddress(i);
            uint256 nested = _splitIdOf(recipients[i]);
            if (nested != 0) {
                // A split paying itself would only shuffle revenue back into its own pool; one paying
                // a split that does not exist yet would strand its share at an address nobody holds.
                if (nested == splitId) revert SplitSelfReference(splitId);
                if (!_splitExists(nested)) revert SplitNotFound(nested);
            }
            if (bps[i] == 0) revert SplitZeroShare(i);
            sum += bps[i];
            for (uint256 j; j < i; ++j) {
                if (recipients[j] == recipients[i]) revert SplitDuplicateRecipient(recipients[i]);
            }
        }
        if (sum != _BPS) revert SplitBpsSum(sum);
    }

    function _isListed(address token) private view returns (bool) {
        uint256 n = _currencies.length;
        for (uint256 i; i < n; ++i) if (_currencies[i] == token) return true;
        return false;
    }
}
