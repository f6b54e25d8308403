/**
 * The gateway's SIWE session as a hook shared by every panel that needs it (downloads, usage):
 * one sign-in serves them all, and when one of them finds the session refused (401) and forgets
 * it, the others ask to sign in again too. The session itself is kept by gateway.ts.
 */
import { useCallback, useState, useSyncExternalStore } from "react";
import { useSignMessage } from "wagmi";
import { appChain } from "../wagmi.ts";
import { forgetSession, type Session, signIn, storedSession } from "./gateway.ts";
import { useTessera } from "./tessera.ts";

const listeners = new Set<() => void>();
/** Bumped on every sign-in and sign-out, so snapshots change when the stored session does. */
let version = 0;

function changed(): void {
  version++;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface GatewaySession {
  /** The connected account's live session, or null. */
  session: Session | null;
  /** Asks the wallet for a SIWE signature (no transaction, no fee). */
  signIn: () => Promise<void>;
  signing: boolean;
  /** The last sign-in failure (e.g. the user rejected the signature). */
  signInError: unknown;
  /** Drops a session the gateway refused, for every panel. */
  forget: () => void;
}

export function useGatewaySession(): GatewaySession {
  const { address } = useTessera();
  const { signMessageAsync } = useSignMessage();
  useSyncExternalStore(subscribe, () => version);
  const [signing, setSigning] = useState(false);
  const [signInError, setSignInError] = useState<unknown>(undefined);
  const doSignIn = useCallback(async () => {
    if (!address) return;
    setSigning(true);
    setSignInError(undefined);
    try {
      await signIn(address, appChain.id, (message) => signMessageAsync({ message }));
      changed();
    } catch (error) {
      setSignInError(error);
    } finally {
      setSigning(false);
    }
  }, [address, signMessageAsync]);
  const forget = useCallback(() => {
    forgetSession();
    changed();
  }, []);
  return { session: storedSession(address), signIn: doSignIn, signing, signInError, forget };
}
