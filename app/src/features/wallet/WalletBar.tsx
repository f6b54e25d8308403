/**
 * The header's wallet control: connect an injected wallet (EIP-6963 discovery) or, on the local
 * chain, a dev account by role; show the account and role; prompt to switch a wrong network.
 */
import { useEffect, useRef, useState } from "react";
import { useConnect, useConnection, useConnectors, useDisconnect, useSwitchChain } from "wagmi";
import { appConfig, isLocalChain } from "../../config.ts";
import { selectDevAccount } from "../../lib/devConnector.ts";
import { errorWords } from "../../lib/errors.ts";
import { shortAddress } from "../../lib/format.ts";
import { appChain } from "../../wagmi.ts";

const DEV_ID = "tessera-dev";

export function roleOf(address: string | undefined): string | undefined {
  if (!address || !isLocalChain) return undefined;
  return appConfig.devAccounts.find((a) => a.address.toLowerCase() === address.toLowerCase())?.role;
}

export function WalletBar() {
  const { address, status, chainId, connector } = useConnection();
  const connectors = useConnectors();
  const connect = useConnect();
  const disconnect = useDisconnect();
  const switchChain = useSwitchChain();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal?.();
    if (!open && d.open) d.close?.();
  }, [open]);

  const injectedConnectors = connectors.filter((c) => c.id !== DEV_ID);
  const devConnector = connectors.find((c) => c.id === DEV_ID);
  const role = roleOf(address);

  const pickDev = async (devAddress: `0x${string}`) => {
    if (!devConnector) return;
    if (status === "connected") await disconnect.mutateAsync();
    selectDevAccount(devAddress);
    connect.mutate({ connector: devConnector, chainId: appChain.id }, { onSuccess: () => setOpen(false) });
  };

  const wrongChain = status === "connected" && chainId !== appChain.id;

  return (
    <div className="wallet">
      {wrongChain && (
        <div className="wrong-chain" role="alert">
          Wrong network.{" "}
          <button type="button" onClick={() => switchChain.mutate({ chainId: appChain.id })}>
            Switch to {appChain.name}
          </button>
          {switchChain.error && <span className="error-text"> {errorWords(switchChain.error).message}</span>}
        </div>
      )}
      {status === "connected" && address ? (
        <>
          <span className="account" title={address}>
            {role && <span className="role">{role}</span>} {shortAddress(address)}
          </span>
          <button type="button" className="secondary" onClick={() => setOpen(true)}>
            Switch
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              if (connector?.id === DEV_ID) selectDevAccount(null);
              disconnect.mutate();
            }}
          >
            Disconnect
          </button>
        </>
      ) : (
        <button type="button" onClick={() => setOpen(true)} disabled={status === "connecting"}>
          {status === "connecting" || status === "reconnecting" ? "Connecting…" : "Connect wallet"}
        </button>
      )}
      <dialog ref={dialog} aria-labelledby="wallet-dialog-title" onClose={() => setOpen(false)} className="dialog">
        <h2 id="wallet-dialog-title">Connect a wallet</h2>
        <section aria-labelledby="injected-title">
          <h3 id="injected-title">Browser wallets</h3>
          {injectedConnectors.length === 0 ? (
            <p className="muted">No browser wallet found. Install one (e.g. MetaMask, Rabby) and reload.</p>
          ) : (
            <ul className="connector-list">
              {injectedConnectors.map((c) => (
                <li key={c.uid}>
                  <button
                    type="button"
                    onClick={() =>
                      connect.mutate({ connector: c, chainId: appChain.id }, { onSuccess: () => setOpen(false) })
                    }
                  >
                    {c.icon && <img src={c.icon} alt="" width={20} height={20} />} {c.name}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        {isLocalChain && devConnector && (
          <section aria-labelledby="dev-title">
            <h3 id="dev-title">Dev accounts (local chain only)</h3>
            <p className="muted">
              Accounts of the local Hardhat node, unlocked there. Never use them on a real network.
            </p>
            <ul className="connector-list dev-accounts">
              {appConfig.devAccounts.map((a) => (
                <li key={a.address}>
                  <button type="button" onClick={() => void pickDev(a.address)} data-role={a.role}>
                    <strong>{a.role}</strong> <span className="muted">{shortAddress(a.address)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        {connect.error && (
          <p className="error-text" role="alert">
            {errorWords(connect.error).message}
          </p>
        )}
        <form method="dialog">
          <button type="submit" className="secondary">
            Close
          </button>
        </form>
      </dialog>
    </div>
  );
}
