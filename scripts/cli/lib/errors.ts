/**
 * The CLI's errors and how any thrown value becomes the one line the user sees. Exit status 1 is
 * a failure of the operation (chain, gateway, files, contract revert); 2 is a usage error: the
 * command line or environment must be fixed (unknown command or option, bad argument, missing or
 * malformed key or setting).
 */
import { BaseError, HttpRequestError, TimeoutError } from "viem";
import { decodeTesseraError, TesseraError } from "../../sdk/errors.ts";

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** An error whose message is already the sentence to show. */
export class CliError extends Error {
  override name = "CliError";
  readonly exitCode: number;
  constructor(message: string, { exitCode = EXIT_FAILURE, cause }: { exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause });
    this.exitCode = exitCode;
  }
}

/** The command line or environment is wrong: exit status 2. */
export class UsageError extends CliError {
  override name = "UsageError";
  constructor(message: string) {
    super(message, { exitCode: EXIT_USAGE });
  }
}

/** The innermost `code` (ECONNREFUSED, ENOTFOUND, …) along an error's cause chain. */
export function networkCode(err: unknown): string | undefined {
  let code: string | undefined;
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    const c = (e as NodeJS.ErrnoException).code;
    if (typeof c === "string" && /^E[A-Z_]+$/.test(c)) code = c;
  }
  return code;
}

/** Whether viem failed to reach the RPC at all (as opposed to the RPC answering with an error). */
function unreachableRpc(err: unknown): HttpRequestError | TimeoutError | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (e instanceof BaseError) {
      const found = e.walk((x) => x instanceof HttpRequestError || x instanceof TimeoutError);
      if (found instanceof HttpRequestError || found instanceof TimeoutError) return found;
    }
  }
  return undefined;
}

/** The first line of a text, whitespace collapsed, without a trailing period doubled. */
function oneLine(text: string): string {
  return text.split("\n")[0]?.replace(/\s+/g, " ").trim() ?? "";
}

/** The sentence for anything thrown, never a stack. */
export function describeError(err: unknown): string {
  if (err instanceof CliError) return oneLine(err.message);
  const rpc = unreachableRpc(err);
  if (rpc) {
    const url = rpc instanceof HttpRequestError ? rpc.url : undefined;
    const why = rpc instanceof TimeoutError ? "timed out" : (networkCode(rpc) ?? "no answer");
    return `cannot reach the RPC${url ? ` at ${url}` : ""} (${why}): is the node running? (TESSERA_RPC_URL)`;
  }
  // A raw viem error (from a read outside the SDK's actions) is decoded like the SDK's own.
  const decoded = err instanceof BaseError ? decodeTesseraError(err) : err;
  if (decoded instanceof TesseraError) {
    // Generic SDK sentences carry the useful part in their details.
    if (decoded.details && /^The (request failed|transaction was reverted)\.$/.test(decoded.shortMessage)) {
      return `${decoded.shortMessage.slice(0, -1)}: ${oneLine(decoded.details)}`;
    }
    return oneLine(decoded.shortMessage);
  }
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    const file = (err as NodeJS.ErrnoException).path;
    if (code === "ENOENT" && file) return `${file}: no such file or directory`;
    if (code === "EACCES" && file) return `${file}: permission denied`;
    return oneLine(err.message) || err.name;
  }
  return oneLine(String(err));
}

/** The exit status for anything thrown. */
export function exitCodeOf(err: unknown): number {
  return err instanceof CliError ? err.exitCode : EXIT_FAILURE;
}
