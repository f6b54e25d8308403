// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ITermsRegistry: immutable, deduplicated license terms for AI models and datasets.
/// @notice Terms summarise a license in checkable form (see the Tessera terms taxonomy). The hashed
/// legal text governs; the bits never grant more than it does. Terms are registered once, keyed by
/// `keccak256(abi.encode(terms))`, and referenced by a sequential id starting at 1.
/// @dev Enum-typed fields are carried as `uint8` so that an out-of-range value is reported with
/// {TermsInvalidEnum} rather than an opaque ABI-decoding revert; the enums below name the ordinals.
interface ITermsRegistry {
    enum Artifact {
        WEIGHTS,
        ADAPTER,
        DATASET,
        CODE,
        HOSTED_API
    }

    /// @dev Ordered: each scope includes the narrower ones.
    enum Scope {
        EVALUATION,
        NONCOMMERCIAL,
        INTERNAL,
        COMMERCIAL
    }

    enum OutputOwner {
        NOT_ADDRESSED,
        LICENSEE,
        LICENSOR_NO_CLAIM,
        LICENSOR
    }

    enum OutputTraining {
        NOT_ADDRESSED,
        UNRESTRICTED,
        INHERIT_TERMS,
        ATTRIBUTE_AND_NAME,
        SAME_FAMILY_ONLY,
        INTERNAL_ONLY,
        NO_COMPETING,
        PROHIBITED
    }

    enum Derivatives {
        ANY,
        PASS_THROUGH,
        SAME_LICENSE,
        NOT_ALLOWED
    }

    enum TerritoryMode {
        WORLDWIDE,
        ALLOW,
        DENY
    }

    enum CapBasis {
        NONE,
        CONTINUOUS,
        AT_RELEASE_INCL_AFFILIATES
    }

    enum OnExceed {
        NONE,
        SEPARATE_LICENSE,
        NEXT_TIER,
        SUSPEND
    }

    enum Liability {
        DISCLAIMED,
        CAPPED_FEES,
        CAPPED_AMOUNT,
        UNCAPPED
    }

    enum Audit {
        NONE,
        ON_NOTICE,
        PERIODIC_REPORT,
        PROVIDER_TELEMETRY
    }

    /// @notice Where the licensed artifact may be used.
    /// @param mode A {TerritoryMode}.
    /// @param codes ISO 3166-1 alpha-2 codes ("EU" = its member states); empty iff WORLDWIDE.
    /// @param appliesToOutputs Whether the restriction also covers outputs (optional).
    struct TerritoryRule {
        uint8 mode;
        bytes2[] codes;
        bool appliesToOutputs;
    }

    /// @notice Usage caps; 0 means no cap.
    /// @param basis A {CapBasis}: how usage is counted.
    /// @param onExceed An {OnExceed}: what happens above a cap.
    struct Caps {
        uint64 mau;
        uint64 callsPerPeriod;
        uint32 periodSeconds;
        uint32 seats;
        uint8 basis;
        uint8 onExceed;
    }

    /// @notice Duration and termination.
    /// @param untilTerminated Lasts until terminated (optional).
    /// @param durationSeconds Fixed duration (optional).
    /// @param renewable Whether a fixed term renews (optional).
    /// @param terminatesOn Bitmap, {TermsBits} TERMINATES_ON_*: breach, patentSuit, ipSuit, atWill.
    /// @param cureDays Days allowed to cure a breach (optional).
    /// @param remoteRestriction The licensor may restrict use remotely (optional).
    struct Term {
        bool perpetual;
        bool untilTerminated;
        uint64 durationSeconds;
        bool renewable;
        uint8 terminatesOn;
        uint16 cureDays;
        bool remoteRestriction;
    }

    /// @notice One license's terms. Field names follow the preset JSON (scripts/sdk/terms).
    /// @param id Short license id, e.g. "llama3.1".
    /// @param artifact An {Artifact}.
    /// @param scope A {Scope}: the widest use allowed.
    /// @param grants Bitmap (13): use, reproduce, modify, redistribute, distributeDerivatives,
    /// hostForOthers, trainOn, benchmark, annotate, publishTrainedModel, commercialiseOutput,
    /// commercialiseModel, patent.
    /// @param duties Bitmap (15): includeLicense, notice, markChanges, credit, brand, namePrefix,
    /// passRestrictionsOn, shareAlike, acceptUsePolicy, acceptUpdates, clickThrough,
    /// deleteOnTermination, discloseAI, confidential, noExtraRestrictions.
    /// @param banned Bitmap (19) of forbidden fields of use: illegal, minors, disinformation,
    /// sensitiveInference, harassment, automatedDecisions, discrimination, vulnerableGroups,
    /// medicalAdvice, justicePolicingMigration, military, criticalInfrastructure, malware,
    /// unlicensedProfession, undisclosedAI, spam, violence, safeguardCircumvention, competingService.
    /// @param outputOwner An {OutputOwner}.
    /// @param outputTraining An {OutputTraining}.
    /// @param derivatives A {Derivatives}.
    /// @param transfer Bitmap, {TermsBits} TRANSFER_*: transferable, sublicensable,
    /// endUserPassThrough, distributeOnSameTerms.
    /// @param audit An {Audit} (optional).
    /// @param liability A {Liability}.
    /// @param liabilityCapMonths Months of fees that cap liability (optional).
    /// @param liabilityCapAmount Liability cap in the minor unit of the legal text's currency (optional).
    /// @param indemnity Bitmap, {TermsBits} INDEMNITY_*: licensorIP, licensorOutputIP,
    /// licenseeIndemnifiesLicensor.
    /// @param governingLaw ISO 3166-2 code ("US-CA", "HK") or empty.
    /// @param nameRule Required name prefix of distributed derivatives, or empty.
    /// @param family Model family, for SAME_FAMILY_ONLY (optional).
    /// @param dataFlags Bitmap (15): personalData, specialCategoryData, childrensData, anonymised,
    /// pseudonymised, processingAgreementRequired, transferRestricted, propagateErasure,
    /// researchLawfulBasis, tlpLow, tlpHigh, tdmOptOutsHonoured, generalPurposeAI, systemicRisk,
    /// openSourceExemptionClaimed.
    /// @param illustrative The figures are illustrative (optional).
    /// @param present Which optional fields are present, {TermsBits} PRESENT_*. An absent field
    /// must be zero, so each set of terms has exactly one encoding and one hash.
    /// @param legalTextHash sha256 of the canonical legal text (UTF-8, NFC, LF line endings).
    /// @param policyHash sha256 of the incorporated acceptable-use policy or attachment, or zero.
    struct Terms {
        string id;
        string name;
        string spdx;
        string url;
        uint8 artifact;
        uint8 scope;
        uint16 grants;
        uint16 duties;
        uint32 banned;
        uint8 outputOwner;
        uint8 outputTraining;
        uint8 derivatives;
        TerritoryRule territory;
        Caps caps;
        Term term;
        uint8 transfer;
        uint8 audit;
        uint8 liability;
        uint16 liabilityCapMonths;
        uint256 liabilityCapAmount;
        uint8 indemnity;
        string governingLaw;
        string nameRule;
        string family;
        uint16 dataFlags;
        bool illustrative;
        uint16 present;
        bytes32 legalTextHash;
        bytes32 policyHash;
    }

    /// @notice No terms are registered under `termsId`.
    error TermsNotFound(uint256 termsId);
    /// @notice Enum-typed `field` holds `value`, which is out of range.
    error TermsInvalidEnum(string field, uint256 value);
    /// @notice Bitmap `field` holds `value`, which has bits outside `allowedMask`.
    error TermsBitmapOutOfRange(string field, uint256 value, uint256 allowedMask);
    /// @notice Optional `field` is marked absent in `present` but is not zero.
    error TermsAbsentFieldNotEmpty(string field);
    /// @notice `code` is not two uppercase ASCII letters.
    error TermsInvalidTerritoryCode(bytes2 code);
    /// @notice `code` is listed twice.
    error TermsDuplicateTerritoryCode(bytes2 code);
    /// @notice `count` territory codes exceed the maximum `max`.
    error TermsTooManyTerritoryCodes(uint256 count, uint256 max);
    /// @notice WORLDWIDE terms list `count` territory codes; they must list none.
    error TermsWorldwideWithCodes(uint256 count);
    /// @notice ALLOW or DENY terms (`mode`) list no territory code.
    error TermsEmptyTerritoryList(uint8 mode);

    /// @notice Terms were registered for the first time.
    /// @param termsId The new id.
    /// @param termsHash `keccak256(abi.encode(terms))`.
    /// @param registrant Who registered them.
    event TermsRegistered(uint256 indexed termsId, bytes32 indexed termsHash, address indexed registrant);

    /// @notice Registers `t`, or finds it if already registered.
    /// @dev Idempotent: registering identical terms again returns the existing id and emits nothing.
    /// @param t The terms.
    /// @return termsId The id of `t` (sequential from 1).
    function registerTerms(Terms calldata t) external returns (uint256 termsId);

    /// @notice The terms registered under `termsId`. Reverts with {TermsNotFound} if none.
    /// @param termsId The terms id.
    /// @return The terms.
    function getTerms(uint256 termsId) external view returns (Terms memory);

    /// @notice The hash of the terms registered under `termsId`, or zero if none.
    /// @param termsId The terms id.
    /// @return `keccak256(abi.encode(terms))`.
    function termsHashOf(uint256 termsId) external view returns (bytes32);

    /// @notice The id of the terms with hash `termsHash`, or zero if none.
    /// @param termsHash `keccak256(abi.encode(terms))`.
    /// @return The terms id.
    function termsIdOf(bytes32 termsHash) external view returns (uint256);

    /// @notice The number of registered terms; ids run from 1 to this value.
    /// @return The count.
    function termsCount() external view returns (uint256);

    /// @notice What a market needs to know about `termsId` when an offer is created (one call).
    /// Reverts with {TermsNotFound} if none.
    /// @param termsId The terms id.
    /// @return termsHash The terms hash.
    /// @return transferable Whether the "transferable" transfer bit is set.
    /// @return territoryRestricted Whether the territory mode is not WORLDWIDE.
    function offerFacts(
        uint256 termsId
    ) external view returns (bytes32 termsHash, bool transferable, bool territoryRestricted);

    /// @notice Whether the terms allow use in territory `code`. WORLDWIDE allows every code; under
    /// ALLOW or DENY an undeclared (zero) or malformed code is refused, and a listed "EU" covers
    /// its member states. Reverts with {TermsNotFound} if none.
    /// @param termsId The terms id.
    /// @param code ISO 3166-1 alpha-2 code of the territory of use, or zero if undeclared.
    /// @return Whether use in `code` is allowed.
    function isTerritoryAllowed(uint256 termsId, bytes2 code) external view returns (bool);
}

/// @title TermsBits: masks and named bits of the {ITermsRegistry-Terms} bitmaps.
/// @notice Shared by the registry, the renderer and markets that read terms.
/// @dev Bit i is `1 << i` in the order listed in the taxonomy; the TypeScript codec mirrors this.
library TermsBits {
    uint256 internal constant GRANTS_MASK = (1 << 13) - 1;
    uint256 internal constant DUTIES_MASK = (1 << 15) - 1;
    uint256 internal constant BANNED_MASK = (1 << 19) - 1;
    uint256 internal constant DATA_FLAGS_MASK = (1 << 15) - 1;
    uint256 internal constant TERMINATES_ON_MASK = (1 << 4) - 1;
    uint256 internal constant TRANSFER_MASK = (1 << 4) - 1;
    uint256 internal constant INDEMNITY_MASK = (1 << 3) - 1;
    uint256 internal constant PRESENT_MASK = (1 << 11) - 1;

    uint256 internal constant GRANT_USE = 1 << 0;
    uint256 internal constant GRANT_REPRODUCE = 1 << 1;
    uint256 internal constant GRANT_MODIFY = 1 << 2;
    uint256 internal constant GRANT_REDISTRIBUTE = 1 << 3;
    uint256 internal constant GRANT_DISTRIBUTE_DERIVATIVES = 1 << 4;
    uint256 internal constant GRANT_HOST_FOR_OTHERS = 1 << 5;
    uint256 internal constant GRANT_TRAIN_ON = 1 << 6;
    uint256 internal constant GRANT_BENCHMARK = 1 << 7;
    uint256 internal constant GRANT_ANNOTATE = 1 << 8;
    uint256 internal constant GRANT_PUBLISH_TRAINED_MODEL = 1 << 9;
    uint256 internal constant GRANT_COMMERCIALISE_OUTPUT = 1 << 10;
    uint256 internal constant GRANT_COMMERCIALISE_MODEL = 1 << 11;
    uint256 internal constant GRANT_PATENT = 1 << 12;

    uint256 internal constant DUTY_BRAND = 1 << 4;
    uint256 internal constant DUTY_NAME_PREFIX = 1 << 5;
    uint256 internal constant DUTY_PASS_RESTRICTIONS_ON = 1 << 6;
    uint256 internal constant DUTY_SHARE_ALIKE = 1 << 7;
    uint256 internal constant DUTY_ACCEPT_USE_POLICY = 1 << 8;
    uint256 internal constant DUTY_CLICK_THROUGH = 1 << 10;

    /// @dev dataFlags bits 9 and 10 hold a 2-bit TLP level: CLEAR, GREEN, AMBER, RED.
    uint256 internal constant DATA_TLP_SHIFT = 9;

    uint256 internal constant TERMINATES_ON_BREACH = 1 << 0;
    uint256 internal constant TERMINATES_ON_PATENT_SUIT = 1 << 1;
    uint256 internal constant TERMINATES_ON_IP_SUIT = 1 << 2;
    uint256 internal constant TERMINATES_ON_AT_WILL = 1 << 3;

    uint256 internal constant TRANSFER_TRANSFERABLE = 1 << 0;
    uint256 internal constant TRANSFER_SUBLICENSABLE = 1 << 1;
    uint256 internal constant TRANSFER_END_USER_PASS_THROUGH = 1 << 2;
    uint256 internal constant TRANSFER_DISTRIBUTE_ON_SAME_TERMS = 1 << 3;

    uint256 internal constant INDEMNITY_LICENSOR_IP = 1 << 0;
    uint256 internal constant INDEMNITY_LICENSOR_OUTPUT_IP = 1 << 1;
    uint256 internal constant INDEMNITY_LICENSEE_INDEMNIFIES_LICENSOR = 1 << 2;

    uint256 internal constant PRESENT_CURE_DAYS = 1 << 0;
    uint256 internal constant PRESENT_REMOTE_RESTRICTION = 1 << 1;
    uint256 internal constant PRESENT_UNTIL_TERMINATED = 1 << 2;
    uint256 internal constant PRESENT_DURATION_SECONDS = 1 << 3;
    uint256 internal constant PRESENT_RENEWABLE = 1 << 4;
    uint256 internal constant PRESENT_APPLIES_TO_OUTPUTS = 1 << 5;
    uint256 internal constant PRESENT_FAMILY = 1 << 6;
    uint256 internal constant PRESENT_LIABILITY_CAP_MONTHS = 1 << 7;
    uint256 internal constant PRESENT_LIABILITY_CAP_AMOUNT = 1 << 8;
    uint256 internal constant PRESENT_AUDIT = 1 << 9;
    uint256 internal constant PRESENT_ILLUSTRATIVE = 1 << 10;

    /// @dev The most territory codes one set of terms may list.
    uint256 internal constant MAX_TERRITORY_CODES = 64;
}
