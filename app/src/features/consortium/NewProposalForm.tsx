/**
 * "New proposal": one form for every kind (admit, remove or reweight a member; pool, sell, pause or
 * release an asset). Pooling explains the nominate step and offers it; a pooled offer's terms come
 * from the studio's presets, registered first when new.
 */
import { useState } from "react";
import type { Address } from "viem";
import { PROPOSAL_KINDS, type ProposalKindName } from "../../../../scripts/sdk/actions/consortium/proposals.ts";
import { propose } from "../../../../scripts/sdk/actions/consortium/propose.ts";
import { registerTerms } from "../../../../scripts/sdk/index.ts";
import { encodeTerms } from "../../../../scripts/sdk/terms/codec.ts";
import type { CurrencyInfo } from "../../lib/format.ts";
import { shortAddress } from "../../lib/format.ts";
import { useTxRunner } from "../../lib/useTxRunner.ts";
import { Loading } from "../../ui/States.tsx";
import { TxStatus } from "../../ui/TxStatus.tsx";
import type { Listing } from "../catalog/catalogTypes.ts";
import { applyEdits, editsFromPreset, STARTING_PRESETS } from "../studio/termsDraft.ts";
import { nominateConsortium, type PooledOfferRow, useNomination } from "./consortiumData.ts";
import {
  assetText,
  describeProposal,
  EMPTY_DRAFT,
  KIND_WORDS,
  type ProposalDraft,
  validateDraft,
} from "./consortiumLogic.ts";

export interface NewProposalProps {
  consortium: Address;
  members: readonly { account: Address; weight: bigint }[];
  pooledAssets: readonly bigint[];
  pooledOffers: readonly PooledOfferRow[];
  /** Assets the connected account controls and the consortium does not pool. */
  myAssets: readonly Listing[];
  currencies: Map<string, CurrencyInfo>;
  currency: (address: Address) => CurrencyInfo;
  assetTitle: (assetId: bigint) => string | undefined;
  /** Why the viewer cannot propose (not a member, no wallet), if so. */
  blocked: string | undefined;
  me: Address | undefined;
  ready: boolean;
}

export function NewProposalForm(props: NewProposalProps) {
  const { consortium, members, pooledAssets, pooledOffers, myAssets, currencies, blocked, me, ready } = props;
  const [draft, setDraft] = useState<ProposalDraft>({ ...EMPTY_DRAFT, to: me ?? "" });
  const [presetId, setPresetId] = useState(STARTING_PRESETS[0]?.id ?? "");
  const [touched, setTouched] = useState(false);
  const { tx, busy, run } = useTxRunner();
  const set = (patch: Partial<ProposalDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const v = validateDraft(draft, {
    members,
    pooledAssets,
    pooledOffers: pooledOffers.map((o) => o.offerId),
    currencies,
  });
  const ctx = { assetTitle: props.assetTitle, currency: props.currency };
  const preview = v.action && draft.kind !== "PUBLISH_OFFER" ? describeProposal(v.action, ctx) : undefined;

  const submit = async () => {
    setTouched(true);
    if (!v.action || blocked) return;
    let action = v.action;
    if (action.kind === "PUBLISH_OFFER") {
      const registered = await run("Terms registration", (c) =>
        registerTerms(c, { terms: encodeTerms(applyEdits(presetId, editsFromPreset(findStarting(presetId)))) }),
      );
      if (!registered) return;
      action = { ...action, offer: { ...action.offer, termsId: registered.termsId } };
    }
    const done = await run("Proposal", (c) => propose(c, { consortium, action }));
    if (!done) return;
    setTouched(false);
    setDraft((d) => ({ ...EMPTY_DRAFT, kind: d.kind, to: me ?? "" }));
  };

  const memberOptions = (
    <>
      <option value="">Pick a member</option>
      {members.map((m) => (
        <option key={m.account} value={m.account}>
          {m.account} (weight {m.weight.toString()})
        </option>
      ))}
    </>
  );
  const pooledOptions = (
    <>
      <option value="">Pick a pooled asset</option>
      {pooledAssets.map((id) => (
        <option key={id.toString()} value={id.toString()}>
          {assetText(id, ctx)}
        </option>
      ))}
    </>
  );

  return (
    <form
      aria-label="New proposal"
      className="consortium-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label className="field" htmlFor="proposal-kind">
        <span>What should the consortium do?</span>
        <select
          id="proposal-kind"
          value={draft.kind}
          onChange={(e) => {
            setTouched(false);
            set({ kind: e.target.value as ProposalKindName, account: "", weight: "", assetId: "", offerId: "" });
          }}
        >
          {PROPOSAL_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_WORDS[k]}
            </option>
          ))}
        </select>
      </label>

      {draft.kind === "ADMIT_MEMBER" && (
        <div className="builder">
          <label className="field" htmlFor="proposal-account">
            <span>New member's address</span>
            <input
              id="proposal-account"
              value={draft.account}
              placeholder="0x…"
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => set({ account: e.target.value })}
            />
          </label>
          <label className="field" htmlFor="proposal-weight">
            <span>Weight</span>
            <input
              id="proposal-weight"
              inputMode="numeric"
              value={draft.weight}
              onChange={(e) => set({ weight: e.target.value })}
            />
          </label>
        </div>
      )}

      {(draft.kind === "REMOVE_MEMBER" || draft.kind === "SET_WEIGHT") && (
        <div className="builder">
          <label className="field" htmlFor="proposal-member">
            <span>Member</span>
            <select id="proposal-member" value={draft.account} onChange={(e) => set({ account: e.target.value })}>
              {memberOptions}
            </select>
          </label>
          {draft.kind === "SET_WEIGHT" && (
            <label className="field" htmlFor="proposal-weight">
              <span>New weight</span>
              <input
                id="proposal-weight"
                inputMode="numeric"
                value={draft.weight}
                onChange={(e) => set({ weight: e.target.value })}
              />
            </label>
          )}
          {draft.kind === "REMOVE_MEMBER" && (
            <p className="muted small">A removed member keeps what it has earned so far and can still claim it.</p>
          )}
        </div>
      )}

      {draft.kind === "ADD_ASSET" && (
        <AddAssetFields
          consortium={consortium}
          myAssets={myAssets}
          assetId={draft.assetId}
          onAsset={(assetId) => set({ assetId })}
          ready={ready}
        />
      )}

      {draft.kind === "RELEASE_ASSET" && (
        <div className="builder">
          <label className="field" htmlFor="proposal-asset">
            <span>Pooled asset</span>
            <select id="proposal-asset" value={draft.assetId} onChange={(e) => set({ assetId: e.target.value })}>
              {pooledOptions}
            </select>
          </label>
          <label className="field" htmlFor="proposal-to">
            <span>Hand control to (address)</span>
            <input
              id="proposal-to"
              value={draft.to}
              placeholder="0x…"
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => set({ to: e.target.value })}
            />
          </label>
          <p className="muted small">
            Members lose access to a released asset; the new controller accepts it on the market.
          </p>
        </div>
      )}

      {draft.kind === "SET_OFFER_STATUS" && (
        <div className="builder">
          <label className="field" htmlFor="proposal-offer">
            <span>Pooled offer</span>
            <select id="proposal-offer" value={draft.offerId} onChange={(e) => set({ offerId: e.target.value })}>
              <option value="">Pick an offer</option>
              {pooledOffers.map((o) => (
                <option key={o.offerId.toString()} value={o.offerId.toString()}>
                  Offer #{o.offerId.toString()}
                  {o.listing ? ` on ${o.listing.title}` : ""}
                  {o.offer ? (o.offer.active ? " (active)" : " (paused or closed)") : ""}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="field">
            <legend>New status</legend>
            {(
              [
                ["PAUSED", "Paused (no sales for now)"],
                ["ACTIVE", "Active (on sale)"],
                ["CLOSED", "Closed (for good)"],
              ] as const
            ).map(([value, label]) => (
              <label className="inline" key={value}>
                <input
                  type="radio"
                  name="offer-status"
                  value={value}
                  checked={draft.offerStatus === value}
                  onChange={() => set({ offerStatus: value })}
                />
                {label}
              </label>
            ))}
          </fieldset>
          {pooledOffers.length === 0 && <p className="muted small">The consortium has published no offer yet.</p>}
        </div>
      )}

      {draft.kind === "PUBLISH_OFFER" && (
        <div className="builder">
          <label className="field" htmlFor="proposal-asset">
            <span>Pooled asset</span>
            <select id="proposal-asset" value={draft.assetId} onChange={(e) => set({ assetId: e.target.value })}>
              {pooledOptions}
            </select>
          </label>
          <label className="field" htmlFor="proposal-terms">
            <span>Terms</span>
            <select id="proposal-terms" value={presetId} onChange={(e) => setPresetId(e.target.value)}>
              {STARTING_PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field" htmlFor="proposal-price">
            <span>Price</span>
            <input
              id="proposal-price"
              inputMode="decimal"
              value={draft.price}
              onChange={(e) => set({ price: e.target.value })}
            />
          </label>
          <label className="field" htmlFor="proposal-currency">
            <span>Currency</span>
            <select id="proposal-currency" value={draft.currency} onChange={(e) => set({ currency: e.target.value })}>
              {[...currencies.values()].map((c) => (
                <option key={c.address} value={c.address}>
                  {c.symbol}
                </option>
              ))}
            </select>
          </label>
          <label className="field" htmlFor="proposal-days">
            <span>Period in days (0 = perpetual)</span>
            <input
              id="proposal-days"
              inputMode="numeric"
              value={draft.days}
              onChange={(e) => set({ days: e.target.value })}
            />
          </label>
          <label className="field" htmlFor="proposal-supply">
            <span>Max licenses (0 = unlimited)</span>
            <input
              id="proposal-supply"
              inputMode="numeric"
              value={draft.maxSupply}
              onChange={(e) => set({ maxSupply: e.target.value })}
            />
          </label>
          <label className="inline">
            <input
              type="checkbox"
              checked={draft.allVersions}
              onChange={(e) => set({ allVersions: e.target.checked })}
            />
            Licenses cover every version, including future ones
          </label>
          <p className="muted small">
            Sales pay the consortium's own split; members share them by weight. The terms are registered first if they
            are new (one more transaction).
          </p>
        </div>
      )}

      {preview && (
        <p className="small" aria-live="polite">
          Proposal: <strong>{preview}</strong>
        </p>
      )}
      {(touched || draftTouched(draft)) && v.errors.length > 0 && (
        <ul className="error-text" role={touched ? "alert" : undefined}>
          {v.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="submit" disabled={busy || !!blocked} aria-describedby={blocked ? "proposal-blocked" : undefined}>
          Propose
        </button>
        {blocked && (
          <span id="proposal-blocked" className="muted small">
            {blocked}
          </span>
        )}
      </div>
      <TxStatus state={tx} />
    </form>
  );
}

/** Whether the user typed anything the kind reads (errors then show before the first submit). */
function draftTouched(d: ProposalDraft): boolean {
  return d.account !== "" || d.weight !== "";
}

function findStarting(id: string) {
  const p = STARTING_PRESETS.find((x) => x.id === id) ?? STARTING_PRESETS[0];
  if (!p) throw new Error("No terms preset is available.");
  return p;
}

/** ADD_ASSET: pick one of your assets, nominate the consortium (step 1), then propose (step 2). */
function AddAssetFields({
  consortium,
  myAssets,
  assetId,
  onAsset,
  ready,
}: {
  consortium: Address;
  myAssets: readonly Listing[];
  assetId: string;
  onAsset: (assetId: string) => void;
  ready: boolean;
}) {
  const selected = /^\d+$/.test(assetId) ? BigInt(assetId) : undefined;
  const nomination = useNomination(selected);
  const { tx, busy, run } = useTxRunner();
  const nominated = nomination.data?.pendingController.toLowerCase() === consortium.toLowerCase();
  if (myAssets.length === 0) {
    return (
      <p className="muted small">
        You control no asset outside this consortium. An asset is pooled by its controller: they nominate the consortium
        on the market, then a member proposes pooling it. Connect the wallet that controls the asset.
      </p>
    );
  }
  return (
    <div>
      <label className="field" htmlFor="proposal-my-asset">
        <span>Your asset</span>
        <select id="proposal-my-asset" value={assetId} onChange={(e) => onAsset(e.target.value)}>
          <option value="">Pick an asset you control</option>
          {myAssets.map((a) => (
            <option key={a.assetId.toString()} value={a.assetId.toString()}>
              #{a.assetId.toString()} {a.title}
            </option>
          ))}
        </select>
      </label>
      <ol className="steps small">
        <li>
          Nominate the consortium as the asset's controller on the market (you keep control until the proposal is
          executed).
        </li>
        <li>Propose pooling it; once the members pass the proposal, anyone executes it and the consortium takes it.</li>
      </ol>
      {selected !== undefined && nomination.isPending && <Loading label="Reading the asset's nomination…" />}
      {selected !== undefined && nomination.data && (
        <p className="small">
          {nominated ? (
            <span className="verified">✓ Step 1 done: the consortium is nominated for asset {assetId}.</span>
          ) : (
            <>
              <button
                type="button"
                className="secondary"
                disabled={busy || !ready}
                aria-describedby={!ready ? "nominate-why" : undefined}
                onClick={() =>
                  void run("Nomination", (c) => nominateConsortium(c, { assetId: BigInt(assetId), consortium }))
                }
              >
                Nominate the consortium
              </button>{" "}
              {!ready && (
                <span id="nominate-why" className="muted">
                  Connect a wallet on the marketplace's network to nominate.
                </span>
              )}
              {nomination.data.pendingController !== "0x0000000000000000000000000000000000000000" && (
                <span className="muted">
                  {" "}
                  (now nominated: {shortAddress(nomination.data.pendingController)}; this replaces it)
                </span>
              )}
            </>
          )}
        </p>
      )}
      <TxStatus state={tx} />
    </div>
  );
}
