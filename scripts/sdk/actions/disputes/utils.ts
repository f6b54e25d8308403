/** Helpers shared by the dispute actions (not exported from the SDK index). */

/** IDisputeDesk.CaseStatus, by ordinal. */
export const CASE_STATUSES = ["NONE", "OPEN", "UPHELD", "DISMISSED", "WITHDRAWN"] as const;
export type CaseStatusName = (typeof CASE_STATUSES)[number];
