// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ITermsRegistry, TermsBits} from "./interfaces/ITermsRegistry.sol";

/// @title TermsRenderer: license terms in plain words.
/// @notice Turns {ITermsRegistry-Terms} into `{"may":[...],"must":[...],"mayNot":[...],"notes":[...]}`:
/// one sentence per set bit of grants, duties, banned and dataFlags (the two TLP bits form one
/// level), plus sentences for scope, territory, caps, outputs, derivatives, term, transfer,
/// liability and governing law. Every sentence comes from the tables below; none is per license.
/// @dev A separate contract so that the registry stays small. Sentences are routed by their
/// opening words ("You may not ", "You must ", "You may ", anything else to notes), so each list
/// holds only its own kind. Tables are "|"-separated; an empty entry renders nothing. Placeholders:
/// `~` the artifact noun, `%` the modify verb, `#` the brand phrase, the at sign the name prefix,
/// `$` the model family.
contract TermsRenderer {
    struct Lists {
        bytes may;
        bytes must;
        bytes mayNot;
        bytes notes;
    }

    struct Words {
        bytes noun;
        bytes modify;
        bytes brand;
        bytes prefix;
        bytes family;
    }

    bytes16 private constant _HEX = "0123456789abcdef";
    bytes private constant _NOUNS = "the model|the adapter|the dataset|the code|the API";

    bytes private constant _GRANTS =
        "You may use ~.|"
        "You may copy ~.|"
        "You may % ~.|"
        "You may redistribute ~.|"
        "You may distribute derivatives of ~.|"
        "You may let others use ~ through a service you run.|"
        "You may use ~ to train AI models.|"
        "You may evaluate and benchmark ~.|"
        "You may annotate ~.|"
        "You may publish the models you train with it.|"
        "You may use its outputs commercially.|"
        "You may commercialise ~ and models trained on it.|"
        "You may use the licensor's patents that cover ~.";

    bytes private constant _DUTIES =
        "You must include a copy of the license.|"
        "You must keep the copyright and attribution notices.|"
        "You must mark the changes you make.|"
        "You must credit the licensor.|"
        "You must display # on products that use it.|"
        "You must start the names of derived models you distribute with @.|"
        "You must pass its use restrictions on to anyone you share it with.|"
        "You must share adaptations under the same terms.|"
        "You must follow the acceptable-use policy.|"
        "You must make reasonable efforts to use its latest version.|"
        "You must accept the license explicitly before access.|"
        "You must delete your copies when the license ends.|"
        "You must disclose that outputs are AI-generated.|"
        "You must keep it confidential.|"
        "You must not add terms that restrict recipients' rights.";

    bytes private constant _BANNED =
        "You may not use it to break the law.|"
        "You may not use it to exploit or harm minors.|"
        "You may not use it to create or spread disinformation.|"
        "You may not use it to infer sensitive personal traits.|"
        "You may not use it to harass, threaten or bully people.|"
        "You may not use it for fully automated decisions that affect people's rights.|"
        "You may not use it to discriminate against people.|"
        "You may not use it to exploit vulnerable groups.|"
        "You may not use it to give medical advice.|"
        "You may not use it for law enforcement, justice or migration decisions.|"
        "You may not use it for military purposes.|"
        "You may not use it to operate critical infrastructure.|"
        "You may not use it to create malware or attack computer systems.|"
        "You may not use it to practise a licensed profession without a licence.|"
        "You may not pass off its outputs as human-made.|"
        "You may not use it to send spam.|"
        "You may not use it to incite or plan violence.|"
        "You may not circumvent its safety measures.|"
        "You may not use it to build a competing service.";

    /// @dev Entries 9 and 10 are the TLP level, rendered from `_TLP`.
    bytes private constant _DATA_FLAGS =
        "It contains personal data.|"
        "It contains special categories of personal data.|"
        "It contains children's data.|"
        "It is anonymised.|"
        "It is pseudonymised.|"
        "A data processing agreement is required.|"
        "International transfers of it are restricted.|"
        "Erasure requests must reach every copy.|"
        "Personal data in it is processed on a research lawful basis.|||"
        "Text and data mining opt-outs were honoured in collecting it.|"
        "The licensor classifies it as a general-purpose AI model.|"
        "The licensor classifies it as a general-purpose AI model with systemic risk.|"
        "The licensor claims the open-source exemption of the EU AI Act.";

    bytes private constant _TLP = "|It is marked TLP:GREEN.|It is marked TLP:AMBER.|It is marked TLP:RED.";

    bytes private constant _SCOPE =
        "You may not use it beyond evaluation.|"
        "You may not use it for commercial purposes.|"
        "You may not use it outside your organisation.|";

    bytes private constant _OUTPUT_OWNER =
        "The license does not say who owns outputs.|You own the outputs.|"
        "The licensor claims no rights in the outputs.|The licensor owns the outputs.";

    bytes private constant _OUTPUT_TRAINING =
        "The license does not address training on its outputs.|"
        "You may use its outputs to train any model.|"
        "You must apply these terms to models trained on its outputs.|"
        "You must credit it and start the names of models trained on its outputs with @.|"
        "You may not use its outputs to improve models outside $.|"
        "You may not use its outputs to train models used outside your organisation.|"
        "You may not use its outputs to develop competing models.|"
        "You may not use its outputs to train other models.";

    bytes private constant _TERMINATES_ON =
        "|It ends if you bring a patent claim over it.|"
        "It ends if you sue the licensor over intellectual property.|"
        "Either party may end it at any time.";

    bytes private constant _TRANSFER =
        "You may transfer the license.|You may sublicense your rights.|"
        "End users receive these terms directly from the licensor.|"
        "You must pass it on only under these same terms.";

    bytes private constant _INDEMNITY =
        "The licensor indemnifies you against IP claims over ~.|"
        "The licensor indemnifies you against IP claims over its outputs.|"
        "You indemnify the licensor against claims arising from your use.";

    bytes private constant _AUDIT =
        "There is no audit right.|You must allow audits on notice.|"
        "You must report your usage periodically.|The provider meters your usage.";

    bytes private constant _ON_EXCEED =
        "You must not exceed |You must obtain a separate license above |"
        "You must move to the next tier above |You must not exceed ";

    /// @notice Renders `t` as JSON `{"may":[...],"must":[...],"mayNot":[...],"notes":[...]}`.
    /// @dev Never reverts on unvalidated input: unknown enum values render nothing.
    /// @param t The terms.
    /// @return json The plain-language rendering; strings are JSON-escaped.
    function renderTerms(ITermsRegistry.Terms memory t) public pure returns (string memory json) {
        Lists memory lists;
        Words memory w = _words(t);
        _emit(lists, bytes.concat("Summary of ", bytes(t.name), " (", bytes(t.spdx), "); the legal text governs."));

        _emitBits(lists, _GRANTS, t.grants, w);
        _emitBits(lists, _DUTIES, t.duties, w);
        _emitBits(lists, _BANNED, t.banned, w);
        _emitBits(lists, _DATA_FLAGS, t.dataFlags, w);
        _emitBits(lists, _TLP, _bit((t.dataFlags >> TermsBits.DATA_TLP_SHIFT) & 3), w);
        _emit(lists, "Rights not listed are not granted.");

        _emitBits(lists, _SCOPE, _bit(t.scope), w);
        _emitBits(lists, _OUTPUT_OWNER, _bit(t.outputOwner), w);
        _emitBits(lists, _OUTPUT_TRAINING, _bit(t.outputTraining), w);
        _renderDerivatives(lists, t);
        _renderTerritory(lists, t.territory);
        _renderCaps(lists, t.caps);
        _renderTerm(lists, t.term, t.present);
        _renderLegal(lists, t, w);

        return
            string(
                bytes.concat(
                    '{"may":[',
                    lists.may,
                    '],"must":[',
                    lists.must,
                    '],"mayNot":[',
                    lists.mayNot,
                    '],"notes":[',
                    lists.notes,
                    "]}"
                )
            );
    }

    /// @notice Renders the terms registered under `termsId` in `registry` (see {renderTerms}).
    /// @param registry The terms registry.
    /// @param termsId The terms id; the registry reverts with `TermsNotFound` if unknown.
    /// @return The plain-language rendering as JSON.
    function renderTermsById(ITermsRegistry registry, uint256 termsId) external view returns (string memory) {
        return renderTerms(registry.getTerms(termsId));
    }

    // ---------------------------------------------------------------- sections

    function _words(ITermsRegistry.Terms memory t) private pure returns (Words memory w) {
        w.noun = _entry(_NOUNS, t.artifact);
        bool isModel =
            t.artifact == uint8(ITermsRegistry.Artifact.WEIGHTS) ||
                t.artifact == uint8(ITermsRegistry.Artifact.ADAPTER);
        w.modify = isModel ? bytes("fine-tune (modify)") : bytes("modify");
        bool named = bytes(t.nameRule).length != 0;
        w.brand = named ? bytes.concat('"Built with ', bytes(t.nameRule), '"') : bytes('the "Built with" notice');
        w.prefix = named ? bytes.concat('"', bytes(t.nameRule), '"') : bytes("the required prefix");
        w.family =
            bytes(t.family).length != 0 ? bytes.concat("the ", bytes(t.family), " family") : bytes("its model family");
    }

    /// @dev Derivatives read together with the distributeDerivatives grant, so that a license
    /// without that grant says so rather than stating a rule for derivatives it does not allow.
    function _renderDerivatives(Lists memory lists, ITermsRegistry.Terms memory t) private pure {
        uint8 d = t.derivatives;
        if (
            t.grants & TermsBits.GRANT_DISTRIBUTE_DERIVATIVES == 0 || d == uint8(ITermsRegistry.Derivatives.NOT_ALLOWED)
        ) {
            _emit(lists, "You may not distribute derivatives.");
        } else if (d == uint8(ITermsRegistry.Derivatives.PASS_THROUGH)) {
            _emit(lists, "You must keep these use restrictions in the terms of your derivatives.");
        } else if (d == uint8(ITermsRegistry.Derivatives.SAME_LICENSE)) {
            _emit(lists, "You must license derivatives under this same license.");
        } else if (d == uint8(ITermsRegistry.Derivatives.ANY)) {
            _emit(lists, "Derivatives may carry terms of your choice.");
        }
    }

    function _renderTerritory(Lists memory lists, ITermsRegistry.TerritoryRule memory r) private pure {
        if (r.mode == uint8(ITermsRegistry.TerritoryMode.WORLDWIDE)) {
            _emit(lists, "There is no territorial restriction.");
            return;
        }
        bytes memory where;
        if (r.mode == uint8(ITermsRegistry.TerritoryMode.ALLOW)) where = " outside: ";
        else if (r.mode == uint8(ITermsRegistry.TerritoryMode.DENY)) where = " in: ";
        else return;
        bytes memory codes;
        bool hasEU;
        for (uint256 i; i < r.codes.length; ++i) {
            codes = bytes.concat(codes, i == 0 ? bytes("") : bytes(", "), r.codes[i]);
            hasEU = hasEU || r.codes[i] == "EU";
        }
        _emit(lists, bytes.concat("You may not use it", where, codes, "."));
        if (r.appliesToOutputs) _emit(lists, bytes.concat("You may not use its outputs", where, codes, "."));
        if (hasEU) _emit(lists, "EU stands for its 27 member states.");
    }

    function _renderCaps(Lists memory lists, ITermsRegistry.Caps memory c) private pure {
        bytes memory action = _entry(_ON_EXCEED, c.onExceed);
        bytes memory suffix =
            c.onExceed == uint8(ITermsRegistry.OnExceed.SUSPEND)
                ? bytes("; above it, access is suspended.")
                : bytes(".");
        if (c.mau != 0) _emit(lists, bytes.concat(action, _commas(c.mau), " monthly active users", suffix));
        if (c.callsPerPeriod != 0) {
            bytes memory period = c.periodSeconds != 0 ? _duration(c.periodSeconds) : bytes("period");
            _emit(lists, bytes.concat(action, _commas(c.callsPerPeriod), " calls per ", period, suffix));
        }
        if (c.seats != 0) _emit(lists, bytes.concat(action, _commas(c.seats), " seats", suffix));
        if (c.basis == uint8(ITermsRegistry.CapBasis.CONTINUOUS)) {
            _emit(lists, "Caps apply at all times.");
        } else if (c.basis == uint8(ITermsRegistry.CapBasis.AT_RELEASE_INCL_AFFILIATES)) {
            _emit(lists, "Caps are counted with your affiliates, as of the release date.");
        }
    }

    function _renderTerm(Lists memory lists, ITermsRegistry.Term memory term, uint256 present) private pure {
        if (term.perpetual) _emit(lists, "The license is perpetual.");
        if (term.untilTerminated) _emit(lists, "The license lasts until it is terminated.");
        if (present & TermsBits.PRESENT_DURATION_SECONDS != 0) {
            _emit(lists, bytes.concat("The license lasts ", _duration(term.durationSeconds), "."));
        }
        if (present & TermsBits.PRESENT_RENEWABLE != 0) {
            _emit(lists, term.renewable ? bytes("It is renewable.") : bytes("It is not renewable."));
        }
        bool cure = present & TermsBits.PRESENT_CURE_DAYS != 0;
        if (term.terminatesOn & TermsBits.TERMINATES_ON_BREACH != 0) {
            _emit(
                lists,
                cure
                    ? bytes.concat(
                        "It ends if you breach it and do not cure the breach within ",
                        _days(term.cureDays),
                        "."
                    )
                    : bytes("It ends if you breach it.")
            );
        } else if (cure) {
            _emit(lists, bytes.concat("A breach may be cured within ", _days(term.cureDays), "."));
        }
        _emitBits(lists, _TERMINATES_ON, term.terminatesOn, Words("", "", "", "", ""));
        if (term.remoteRestriction) _emit(lists, "The licensor may restrict your use remotely if you breach it.");
    }

    function _renderLegal(Lists memory lists, ITermsRegistry.Terms memory t, Words memory w) private pure {
        if (t.transfer & TermsBits.TRANSFER_TRANSFERABLE == 0) _emit(lists, "The license is not transferable.");
        _emitBits(lists, _TRANSFER, t.transfer, w);
        if (t.present & TermsBits.PRESENT_AUDIT != 0) _emitBits(lists, _AUDIT, _bit(t.audit), w);
        _renderLiability(lists, t);
        _emitBits(lists, _INDEMNITY, t.indemnity, w);
        if (bytes(t.governingLaw).length != 0) {
            _emit(lists, bytes.concat("The law of ", bytes(t.governingLaw), " governs it."));
        }
        if (t.illustrative) _emit(lists, "The figures in these terms are illustrative.");
    }

    function _renderLiability(Lists memory lists, ITermsRegistry.Terms memory t) private pure {
        uint8 kind = t.liability;
        if (kind == uint8(ITermsRegistry.Liability.DISCLAIMED)) {
            _emit(lists, "Warranties and liability are disclaimed.");
        } else if (kind == uint8(ITermsRegistry.Liability.CAPPED_FEES)) {
            _emit(
                lists,
                t.present & TermsBits.PRESENT_LIABILITY_CAP_MONTHS != 0
                    ? bytes.concat(
                        "Liability is capped at the fees paid in the last ",
                        _plural(t.liabilityCapMonths, " month"),
                        "."
                    )
                    : bytes("Liability is capped at the fees paid.")
            );
        } else if (kind == uint8(ITermsRegistry.Liability.CAPPED_AMOUNT)) {
            _emit(
                lists,
                t.present & TermsBits.PRESENT_LIABILITY_CAP_AMOUNT != 0
                    ? bytes.concat(
                        "Liability is capped at ",
                        _commas(t.liabilityCapAmount),
                        " minor units of the agreed currency."
                    )
                    : bytes("Liability is capped at a fixed amount.")
            );
        } else if (kind == uint8(ITermsRegistry.Liability.UNCAPPED)) {
            _emit(lists, "Liability is not capped.");
        }
    }

    // ---------------------------------------------------------------- tables and lists

    /// @dev Emits entry i of `table` for every set bit i of `bits`, walking the table once.
    function _emitBits(Lists memory lists, bytes memory table, uint256 bits, Words memory w) private pure {
        uint256 start;
        uint256 index;
        for (uint256 i; i <= table.length && bits >> index != 0; ++i) {
            if (i == table.length || table[i] == "|") {
                if ((bits >> index) & 1 == 1 && i > start) _emit(lists, _expand(table, start, i, w));
                start = i + 1;
                ++index;
            }
        }
    }

    /// @dev Entry `index` of `table`, without placeholders; empty if out of range.
    function _entry(bytes memory table, uint256 index) private pure returns (bytes memory) {
        uint256 start;
        uint256 n;
        for (uint256 i; i <= table.length; ++i) {
            if (i == table.length || table[i] == "|") {
                if (n == index) return _slice(table, start, i);
                start = i + 1;
                ++n;
            }
        }
        return "";
    }

    function _expand(
        bytes memory table,
        uint256 start,
        uint256 end,
        Words memory w
    ) private pure returns (bytes memory out) {
        uint256 from = start;
        for (uint256 i = start; i < end; ++i) {
            bytes1 c = table[i];
            bytes memory sub;
            if (c == "~") sub = w.noun;
            else if (c == "%") sub = w.modify;
            else if (c == "#") sub = w.brand;
            else if (c == "@") sub = w.prefix;
            else if (c == "$") sub = w.family;
            else continue;
            out = bytes.concat(out, _slice(table, from, i), sub);
            from = i + 1;
        }
        out = bytes.concat(out, _slice(table, from, end));
    }

    /// @dev Appends `sentence`, JSON-escaped, to the list its opening words select.
    function _emit(Lists memory lists, bytes memory sentence) private pure {
        bytes memory item = bytes.concat('"', _escape(sentence), '"');
        if (_startsWith(sentence, "You may not ")) lists.mayNot = _append(lists.mayNot, item);
        else if (_startsWith(sentence, "You must ")) lists.must = _append(lists.must, item);
        else if (_startsWith(sentence, "You may ")) lists.may = _append(lists.may, item);
        else lists.notes = _append(lists.notes, item);
    }

    /// @dev A one-hot bitmap selecting table entry `index`.
    function _bit(uint256 index) private pure returns (uint256) {
        return index < 256 ? uint256(1) << index : 0;
    }

    function _append(bytes memory list, bytes memory item) private pure returns (bytes memory) {
        return list.length == 0 ? item : bytes.concat(list, ",", item);
    }

    // ---------------------------------------------------------------- bytes helpers

    function _startsWith(bytes memory s, bytes memory prefix) private pure returns (bool) {
        if (s.length < prefix.length) return false;
        for (uint256 i; i < prefix.length; ++i) {
            if (s[i] != prefix[i]) return false;
        }
        return true;
    }

    function _slice(bytes memory s, uint256 start, uint256 end) private pure returns (bytes memory out) {
        out = new bytes(end - start);
        for (uint256 i; i < out.length; ++i) {
            out[i] = s[start + i];
        }
    }

    /// @dev JSON string escaping: quote, backslash and control characters; UTF-8 passes through.
    function _escape(bytes memory s) private pure returns (bytes memory out) {
        uint256 n = s.length;
        for (uint256 i; i < s.length; ++i) {
            bytes1 c = s[i];
            if (c == '"' || c == "\\") ++n;
            else if (uint8(c) < 0x20) n += 5;
        }
        if (n == s.length) return s;
        out = new bytes(n);
        uint256 j;
        for (uint256 i; i < s.length; ++i) {
            bytes1 c = s[i];
            if (c == '"' || c == "\\") {
                out[j] = "\\";
                out[j + 1] = c;
                j += 2;
            } else if (uint8(c) < 0x20) {
                // "\u00XX": a control character's high nibble is 0 or 1.
                bytes memory u = bytes.concat("\\u00", bytes1(uint8(0x30) + (uint8(c) >> 4)), _HEX[uint8(c) & 0xf]);
                for (uint256 k; k < 6; ++k) {
                    out[j + k] = u[k];
                }
                j += 6;
            } else {
                out[j] = c;
                ++j;
            }
        }
    }

    /// @dev Decimal with thousands separators: 700000000 -> "700,000,000".
    function _commas(uint256 v) private pure returns (bytes memory out) {
        uint256 digits = 1;
        for (uint256 x = v; x >= 10; x /= 10) ++digits;
        out = new bytes(digits + (digits - 1) / 3);
        uint256 j = out.length;
        for (uint256 k; k < digits; ++k) {
            if (k != 0 && k % 3 == 0) out[--j] = ",";
            out[--j] = bytes1(uint8(0x30 + (v % 10)));
            v /= 10;
        }
    }

    function _plural(uint256 n, bytes memory unit) private pure returns (bytes memory) {
        return bytes.concat(_commas(n), unit, n == 1 ? bytes("") : bytes("s"));
    }

    function _days(uint256 n) private pure returns (bytes memory) {
        return _plural(n, " day");
    }

    /// @dev Seconds in the largest whole unit: days, hours, else seconds.
    function _duration(uint256 s) private pure returns (bytes memory) {
        if (s % 1 days == 0) return _days(s / 1 days);
        if (s % 1 hours == 0) return _plural(s / 1 hours, " hour");
        return _plural(s, " second");
    }
}
