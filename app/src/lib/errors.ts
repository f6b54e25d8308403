/**
 * Any error → the words shown to a user. Contract reverts, rejected signatures and missing funds go
 * through the SDK's decodeTesseraError; gateway, network and chain errors get their own sentences.
 */
import { decodeTesseraError, TesseraError } from "../../../scripts/sdk/index.ts";

/** An error answer of the gateway (`{ error, message }`). */
export class GatewayError extends Error {
  override name = "GatewayError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** An error whose message is already the sentence to show (e.g. a step of the upload flow). */
export class PlainError extends Error {
  override name = "PlainError";
  constructor(
    message: string,
    readonly details?: string,
  ) {
    super(message);
  }
}

export interface ErrorWords {
  /** The sentence to show. */
  message: string;
  /** Technical details for a disclosure widget, if any. */
  details?: string | undefined;
}

const GATEWAY_SENTENCES: Record<string, string> = {
  unauthorized: "Your download session has expired or was refused: sign in again.",
  forbidden: "You hold no live license for this version, so the gateway will not serve it.",
  not_found: "The gateway has no such file or version.",
  rate_limited: "Too many sign-in attempts: wait a few seconds and try again.",
  unavailable: "The gateway cannot check licenses right now: try again shortly.",
  payload_too_large: "The files are too large for one upload",
};

export function errorWords(err: unknown): ErrorWords {
  if (err instanceof PlainError) return { message: err.message, details: err.details };
  if (err instanceof GatewayError && err.code === "payload_too_large") {
    return { message: `${GATEWAY_SENTENCES.payload_too_large}: ${err.message}.`, details: err.message };
  }
  if (err instanceof GatewayError) {
    return { message: GATEWAY_SENTENCES[err.code] ?? `The gateway refused: ${err.message}.`, details: err.message };
  }
  if (err instanceof TypeError && /fetch|network/i.test(err.message)) {
    return { message: "Cannot reach the server: check that the Tessera stack is running.", details: err.message };
  }
  const name = (err as { name?: unknown } | null)?.name;
  if (name === "ChainMismatchError" || name === "ChainNotConfiguredError") {
    return { message: "Your wallet is on another network: switch to the marketplace's network and try again." };
  }
  if (name === "ConnectorNotConnectedError" || name === "ConnectorAccountNotFoundError") {
    return { message: "Connect a wallet first." };
  }
  const decoded = err instanceof TesseraError ? err : decodeTesseraError(err);
  return { message: decoded.shortMessage, details: decoded.details };
}
