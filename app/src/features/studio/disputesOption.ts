/**
 * The offer form's "Disputes" option, the pure part: with it, the offer names the DisputeDesk as its
 * market arbiter, and the address typed is appointed on the desk once the offer exists.
 */
import type { Address } from "viem";
import { checkAppointee } from "../disputes/disputesLogic.ts";

export interface DisputesDraft {
  enabled: boolean;
  /** The arbiter to appoint, as typed. */
  arbiter: string;
}

export interface DisputesPlan {
  /** The offer's market arbiter: the desk, when the option is on. */
  marketArbiter?: Address | undefined;
  /** Whom to appoint on the desk once the offer is created. */
  appointee?: Address | undefined;
  /** Why the offer cannot be published as drafted. */
  problem?: string | undefined;
}

export function disputesPlan(draft: DisputesDraft, desk: Address | undefined): DisputesPlan {
  if (!draft.enabled) return {};
  if (!desk) return { problem: "This deployment has no dispute desk: redeploy to offer disputes." };
  const check = checkAppointee(draft.arbiter, desk);
  return check.ok ? { marketArbiter: desk, appointee: check.arbiter } : { problem: check.problem };
}
