/** An address shown short, with the full one in a tooltip and for screen readers. */
import { shortAddress } from "../lib/format.ts";

export function AddressText({ address, label }: { address: string; label?: string | undefined }) {
  return (
    <span className="address" title={address}>
      {label ? `${label} ` : ""}
      <span aria-hidden="true">{shortAddress(address)}</span>
      <span className="sr-only">{address}</span>
    </span>
  );
}
