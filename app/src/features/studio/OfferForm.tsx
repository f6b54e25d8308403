/**
 * New offer: pick an asset, build the terms from a preset (plain words rendered live by the on-chain
 * TermsRenderer), set price, currency, period, supply and split; then registerTerms + createOffer.
 * For a derivative, what its parents' terms force on these (its registered lineage, or the licenses
 * picked as its parents) is shown beside them, with the LineageRegistry's verdict.
 */

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type Address, getAddress, type Hex, isAddress, zeroAddress } from "viem";
import { appointArbiter, createOffer, registerDerivative, registerTerms } from "../../../../scripts/sdk/index.ts";
import { ENUMS, encodeTerms } from "../../../../scripts/sdk/terms/codec.ts";
import { renderTerms } from "../../../../scripts/sdk/terms/render.ts";
import { errorWords, PlainError } from "../../lib/errors.ts";
import { type CurrencyInfo, parseAmount } from "../../lib/format.ts";
import { need } from "../../lib/need.ts";
import { FINAL_SALES, type RefundDraft, refundPlan } from "../../lib/refunds.ts";
import { trainingConfigHash } from "../../lib/royalties.ts";
import { useRoyaltyOwners } from "../../lib/royaltyOwners.ts";
import { SCOPE_WORDS } from "../../lib/terms.ts";
import { publicClient, useTessera, withHashes } from "../../lib/tessera.ts";
import { ErrorBox, Loading } from "../../ui/States.tsx";
import { type TxState, TxStatus } from "../../ui/TxStatus.tsx";
import { TermsView } from "../asset/TermsView.tsx";
import type { Listing } from "../catalog/catalogTypes.ts";
import { DisputesOption } from "./DisputesOption.tsx";
import {
  draftHash,
  type ParentPicks,
  useAssetInfo,
  useParentSides,
  useParentSources,
  useRegistryVerdict,
} from "./derivativeParents.ts";
import { type DisputesDraft, disputesPlan } from "./disputesOption.ts";
import { LineageRegistration } from "./LineageRegistration.tsx";
import { lineageStep, offerBlockedByLineage } from "./lineageStep.ts";
import { MeteringFields, setMeteringPlan, useMetering } from "./MeteringFields.tsx";
import { ParentConstraintsPanel, ParentPicker } from "./ParentsPanel.tsx";
import { RefundFields } from "./RefundFields.tsx";
import type { SplitInfo } from "./studioData.ts";
import { applyEdits, editsFromPreset, STARTING_PRESETS, type TermsEdits } from "./termsDraft.ts";

export function OfferForm({
  assets,
  splits,
  currencies,
}: {
  assets: Listing[];
  splits: SplitInfo[];
  currencies: Map<string, CurrencyInfo>;
}) {
  const { client, ready, address } = useTessera();
  const queryClient = useQueryClient();
  const first = STARTING_PRESETS[0];
  const [presetId, setPresetId] = useState(first?.id ?? "");
  const [edits, setEdits] = useState<TermsEdits | undefined>(first && editsFromPreset(first));
  const [assetId, setAssetId] = useState(assets[0]?.assetId.toString() ?? "");
  const [price, setPrice] = useState("0.05");
  const [currency, setCurrency] = useState<string>(zeroAddress);
  const [days, setDays] = useState("365");
  const [maxSupply, setMaxSupply] = useState("0");
  const [allVersions, setAllVersions] = useState(false);
  const [splitId, setSplitId] = useState(splits[0]?.splitId.toString() ?? "");
  const [arbiter, setArbiter] = useState("");
  const [disputes, setDisputes] = useState<DisputesDraft>({ enabled: false, arbiter: "" });
  const [refunds, setRefunds] = useState<RefundDraft>(FINAL_SALES);
  const [tx, setTx] = useState<TxState>({ status: "idle" });
  const [picks, setPicks] = useState<ParentPicks>({});
  const [lineageName, setLineageName] = useState<string | undefined>(undefined);
  const [family, setFamily] = useState<string | undefined>(undefined);
  const [trainingConfig, setTrainingConfig] = useState("");
  // "Skip: this is an original work", and the lineage registration's progress, for one asset each.
  const [skippedFor, setSkippedFor] = useState<string | undefined>(undefined);
  const [lineageTx, setLineageTx] = useState<{ assetId: string; state: TxState }>({
    assetId: "",
    state: { status: "idle" },
  });
  // The draft-terms registration's progress, for the draft (by terms hash) it was started for.
  const [termsTx, setTermsTx] = useState<{ hash: Hex | undefined; state: TxState }>({
    hash: undefined,
    state: { status: "idle" },
  });

  let draftError: string | undefined;
  let draft: ReturnType<typeof applyEdits> | undefined;
  try {
    if (edits) draft = applyEdits(presetId, edits);
  } catch (e) {
    draftError = e instanceof Error ? e.message : String(e);
  }
  const words = useQuery({
    queryKey: ["render-terms", JSON.stringify(draft ?? null)],
    enabled: !!draft && !!client,
    placeholderData: keepPreviousData,
    queryFn: () => renderTerms(publicClient, need(client).contracts.renderer.address, encodeTerms(need(draft))),
  });

  // The parents whose terms bind these: the registered lineage, else the licenses picked below.
  const asset = assets.find((a) => a.assetId.toString() === assetId);
  const sources = useParentSources(asset?.assetId, address);
  const pickedRefs = sources.candidates
    .filter((c) => picks[c.license.licenseId.toString()] !== undefined)
    .map((c) => ({
      assetId: c.license.assetId,
      licenseId: c.license.licenseId,
      termsId: c.license.termsId,
      relation: picks[c.license.licenseId.toString()] ?? "FINE_TUNED_FROM",
    }));
  const isRegistered = sources.registered.length > 0;
  const parentRefs = isRegistered ? sources.registered : pickedRefs;
  const parentSides = useParentSides(parentRefs, sources.title);
  const childName = lineageName ?? asset?.title ?? "";
  const childFamily = family ?? draft?.family ?? "";
  const hash = draftHash(draft);
  const childDraft =
    draft && hash ? { terms: draft, termsHash: hash, name: childName, family: childFamily } : undefined;
  const configHash = trainingConfigHash(trainingConfig);
  const verdict = useRegistryVerdict({
    client,
    registrant: address,
    childAssetId: !isRegistered && pickedRefs.length > 0 ? asset?.assetId : undefined,
    parents: pickedRefs,
    hash,
    name: childName,
    family: childFamily,
    trainingConfigHash: configHash,
  });

  // Step 1 (optional, before the first offer): register the lineage with the picked parents.
  const assetInfo = useAssetInfo(asset?.assetId);
  const step = lineageStep({
    hasRegistry: sources.hasLineage,
    account: address,
    controller: assetInfo.data?.controller,
    registered: sources.lineage.data ? sources.lineage.data.parents.length > 0 : undefined,
    offerCount: assetInfo.data?.offerCount,
    picked: pickedRefs.length,
    skipped: skippedFor === assetId,
  });
  const accepted = verdict.data?.kind === "checked" && verdict.data.result.ok;
  const royaltyParents = isRegistered ? sources.registered : pickedRefs;
  const owners = useRoyaltyOwners(royaltyParents, isRegistered || accepted);
  const registerLineage = async () => {
    const v = verdict.data;
    if (!client || !asset || v?.kind !== "checked" || !v.result.ok) return;
    const label = "Lineage registration";
    const id = asset.assetId.toString();
    const show = (state: TxState) => setLineageTx({ assetId: id, state });
    try {
      show({ status: "signing", label });
      const done = await registerDerivative(
        withHashes(client, (h) => show({ status: "pending", label, hash: h })),
        {
          childAssetId: asset.assetId,
          parents: pickedRefs.map((p) => ({ licenseId: p.licenseId, relation: p.relation })),
          child: { termsId: v.termsId, name: childName, family: childFamily, trainingConfigHash: configHash },
        },
      );
      show({ status: "confirmed", label, hash: done.hash });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["lineage"] }),
        queryClient.invalidateQueries({ queryKey: ["asset-info", id] }),
        queryClient.invalidateQueries({ queryKey: ["check-derivative"] }),
      ]);
    } catch (error) {
      show({ status: "failed", label, error });
    }
  };

  // The registry checks registered terms only: registering the draft's (no offer yet) lets it check
  // them now, while a derivative's lineage can still be recorded (before the asset's first offer).
  const registerDraftTerms = async () => {
    if (!client || !draft) return;
    const label = "Terms registration";
    const show = (state: TxState) => setTermsTx({ hash, state });
    try {
      show({ status: "signing", label });
      const done = await registerTerms(
        withHashes(client, (h) => show({ status: "pending", label, hash: h })),
        { terms: encodeTerms(draft) },
      );
      show(done.hash ? { status: "confirmed", label: `Terms #${done.termsId}`, hash: done.hash } : { status: "idle" });
      await queryClient.invalidateQueries({ queryKey: ["check-derivative"] });
    } catch (error) {
      show({ status: "failed", label, error });
    }
  };

  const cur = currencies.get(currency.toLowerCase());
  const priceUnits = cur ? parseAmount(price, cur.decimals) : null;
  const duration = /^\d+$/.test(days) ? BigInt(days) * 86_400n : null;
  const supply = /^\d+$/.test(maxSupply) ? Number(maxSupply) : null;
  const arbiterOk = disputes.enabled || arbiter.trim() === "" || isAddress(arbiter.trim(), { strict: false });
  const onDesk = disputesPlan(disputes, client?.contracts.disputes?.address);
  const metering = useMetering(client, draft?.caps, cur);
  const refundTerms = refundPlan(refunds);
  const refundsMissing = refunds.refundable && client && !client.contracts.refunds;
  const problems = [
    !assetId && "Pick one of your assets (you control none yet).",
    draftError,
    priceUnits === null && "Enter a valid price.",
    duration === null && "Enter the period in whole days (0 = perpetual).",
    supply === null && "Enter the supply as a whole number (0 = unlimited).",
    !splitId && "Create a revenue split first (below).",
    !arbiterOk && "The arbiter must be an address or empty.",
    onDesk.problem,
    ...metering.problems,
    refundTerms.daysProblem,
    refundTerms.penaltyProblem,
    refundsMissing && "This deployment has no refundable offers: redeploy to offer refunds.",
    offerBlockedByLineage(step),
  ].filter((p): p is string => typeof p === "string");
  const busy = tx.status === "signing" || tx.status === "pending";
  const set = (patch: Partial<TermsEdits>) => setEdits((e) => (e ? { ...e, ...patch } : e));

  const submit = async () => {
    if (!client || !draft || problems.length > 0 || priceUnits === null || duration === null || supply === null) return;
    try {
      setTx({ status: "signing", label: "Terms registration" });
      const terms = await registerTerms(
        withHashes(client, (h) => setTx({ status: "pending", label: "Terms registration", hash: h })),
        { terms: encodeTerms(draft) },
      );
      setTx({ status: "signing", label: "Offer" });
      const offer = await createOffer(
        withHashes(client, (h) => setTx({ status: "pending", label: "Offer", hash: h })),
        {
          assetId: BigInt(assetId),
          termsId: terms.termsId,
          price: priceUnits,
          currency: currency as Address,
          duration,
          maxSupply: supply,
          allVersions,
          splitId: BigInt(splitId),
          arbiter: onDesk.marketArbiter ?? (arbiter.trim() ? getAddress(arbiter.trim()) : undefined),
          refund: refundTerms.policy,
        },
      );
      let done = { label: `Offer #${offer.offerId}`, hash: offer.hash };
      const appointee = onDesk.appointee;
      if (appointee) {
        const label = `Arbiter appointment for offer #${offer.offerId}`;
        setTx({ status: "signing", label });
        const appointed = await appointArbiter(
          withHashes(client, (h) => setTx({ status: "pending", label, hash: h })),
          { offerId: offer.offerId, arbiter: appointee },
        ).catch((e: unknown) => {
          const { message, details } = errorWords(e);
          throw new PlainError(
            `Offer #${offer.offerId} is published, but its arbiter was not appointed: ${message} Appoint one under "Disputes" below before its first sale.`,
            details,
          );
        });
        done = { label: `Offer #${offer.offerId} with arbiter ${appointee} appointed`, hash: appointed.hash };
      }
      if (metering.plan) {
        const planHash = await setMeteringPlan(client, metering, offer.offerId, metering.plan, setTx);
        if (planHash === undefined) {
          await queryClient.invalidateQueries(); // the offer exists: its plan's failure and a retry are shown
          return;
        }
        done = { label: `${done.label}, metering plan set`, hash: planHash };
      }
      setTx({ status: "confirmed", ...done });
      await queryClient.invalidateQueries();
    } catch (error) {
      setTx({ status: "failed", label: "Offer", error });
    }
  };

  return (
    <section className="panel" aria-labelledby="offer-form-title">
      <h2 id="offer-form-title">New offer</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="builder">
          <div>
            <label className="field">
              <span>Asset</span>
              <select
                value={assetId}
                onChange={(e) => {
                  setAssetId(e.target.value);
                  setPicks({});
                  setLineageName(undefined);
                  setTrainingConfig("");
                }}
              >
                {assets.length === 0 && <option value="">You control no asset</option>}
                {assets.map((a) => (
                  <option key={a.assetId.toString()} value={a.assetId.toString()}>
                    #{a.assetId.toString()} {a.title}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Start from</span>
              <select
                value={presetId}
                onChange={(e) => {
                  const p = STARTING_PRESETS.find((x) => x.id === e.target.value);
                  if (p) {
                    setPresetId(p.id);
                    setEdits(editsFromPreset(p));
                  }
                }}
              >
                {STARTING_PRESETS.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
            {edits && (
              <>
                <label className="field">
                  <span>Use</span>
                  <select value={edits.scope} onChange={(e) => set({ scope: e.target.value as TermsEdits["scope"] })}>
                    {ENUMS.scope.map((s) => (
                      <option key={s} value={s}>
                        {SCOPE_WORDS[s]}
                      </option>
                    ))}
                  </select>
                </label>
                <fieldset className="field">
                  <legend>Rights</legend>
                  <label className="inline">
                    <input
                      type="checkbox"
                      checked={edits.fineTuning}
                      onChange={(e) => set({ fineTuning: e.target.checked })}
                    />
                    Fine-tuning (modify)
                  </label>
                  <label className="inline">
                    <input
                      type="checkbox"
                      checked={edits.training}
                      onChange={(e) => set({ training: e.target.checked })}
                    />
                    Train other models on it
                  </label>
                  <label className="inline">
                    <input
                      type="checkbox"
                      checked={edits.redistribution}
                      onChange={(e) => set({ redistribution: e.target.checked })}
                    />
                    Redistribute copies
                  </label>
                  <label className="inline">
                    <input
                      type="checkbox"
                      checked={edits.transferable}
                      onChange={(e) => set({ transferable: e.target.checked })}
                    />
                    License may be transferred
                  </label>
                </fieldset>
                <label className="field">
                  <span>Derivatives</span>
                  <select
                    value={edits.derivatives}
                    onChange={(e) => set({ derivatives: e.target.value as TermsEdits["derivatives"] })}
                  >
                    <option value="ANY">Any terms</option>
                    <option value="PASS_THROUGH">Must pass these restrictions on</option>
                    <option value="SAME_LICENSE">Same license only</option>
                    <option value="NOT_ALLOWED">Not allowed</option>
                  </select>
                </label>
                <label className="field">
                  <span>Territory</span>
                  <select
                    value={edits.territoryMode}
                    onChange={(e) => set({ territoryMode: e.target.value as TermsEdits["territoryMode"] })}
                  >
                    <option value="WORLDWIDE">Worldwide</option>
                    <option value="ALLOW">Only these countries</option>
                    <option value="DENY">Everywhere except</option>
                  </select>
                </label>
                {edits.territoryMode !== "WORLDWIDE" && (
                  <label className="field">
                    <span>Countries</span>
                    <input
                      value={edits.territoryCodes}
                      placeholder="DE, FR, EU"
                      onChange={(e) => set({ territoryCodes: e.target.value })}
                    />
                  </label>
                )}
              </>
            )}
            {sources.hasLineage && (
              <ParentPicker
                registered={sources.registered}
                candidates={sources.candidates}
                loading={sources.lineage.isLoading || sources.licenses.isLoading}
                error={sources.lineage.error ?? sources.licenses.error ?? undefined}
                title={sources.title}
                picks={picks}
                onPicks={setPicks}
                name={childName}
                onName={setLineageName}
                family={childFamily}
                onFamily={setFamily}
                trainingConfig={trainingConfig}
                onTrainingConfig={setTrainingConfig}
              />
            )}
          </div>
          <div>
            <ParentConstraintsPanel
              sides={parentSides.sides}
              pending={parentSides.pending}
              error={parentSides.error ?? undefined}
              child={childDraft}
              registered={isRegistered}
              verdict={verdict}
              onRegisterTerms={ready ? registerDraftTerms : undefined}
              termsTx={termsTx.hash === hash ? termsTx.state : { status: "idle" }}
            />
            <LineageRegistration
              step={step}
              verdict={verdict}
              owners={owners.owners}
              registeredRoyalties={sources.lineage.data?.royalties}
              walletReady={ready}
              tx={lineageTx.assetId === assetId ? lineageTx.state : { status: "idle" }}
              onRegister={() => void registerLineage()}
              onSkip={(skip) => {
                setSkippedFor(skip ? assetId : undefined);
                if (skip) setPicks({});
              }}
            />
            <div aria-live="polite">
              <h3>These terms in plain words</h3>
              {draftError && <p className="error-text">{draftError}</p>}
              {words.isPending && !words.data && <Loading label="Rendering…" />}
              {words.isError && <ErrorBox error={words.error} />}
              {words.data && <TermsView words={words.data} compact />}
            </div>
          </div>
        </div>
        <div className="builder">
          <label className="field">
            <span>Price</span>
            <input
              inputMode="decimal"
              value={price}
              aria-invalid={priceUnits === null}
              onChange={(e) => setPrice(e.target.value)}
            />
          </label>
          <label className="field">
            <span>Currency</span>
            <select value={currency} onChange={(e) => setCurrency(e.target.value)}>
              {[...currencies.values()].map((c) => (
                <option key={c.address} value={c.address}>
                  {c.symbol}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Period in days (0 = perpetual)</span>
            <input
              inputMode="numeric"
              value={days}
              aria-invalid={duration === null}
              onChange={(e) => setDays(e.target.value)}
            />
          </label>
          <label className="field">
            <span>Max licenses (0 = unlimited)</span>
            <input
              inputMode="numeric"
              value={maxSupply}
              aria-invalid={supply === null}
              onChange={(e) => setMaxSupply(e.target.value)}
            />
          </label>
          <label className="field">
            <span>Revenue split</span>
            <select value={splitId} onChange={(e) => setSplitId(e.target.value)}>
              {splits.length === 0 && <option value="">No split yet</option>}
              {splits.map((s) => (
                <option key={s.splitId.toString()} value={s.splitId.toString()}>
                  #{s.splitId.toString()}: {s.recipients.length} recipient{s.recipients.length === 1 ? "" : "s"} (
                  {s.bps.map((b) => `${b / 100}%`).join(" / ")})
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Arbiter (optional, may revoke licenses)</span>
            <input
              value={arbiter}
              placeholder="0x…"
              aria-invalid={!arbiterOk}
              disabled={disputes.enabled}
              onChange={(e) => setArbiter(e.target.value)}
            />
          </label>
        </div>
        <RefundFields
          draft={refunds}
          plan={refundTerms}
          onChange={setRefunds}
          price={priceUnits}
          duration={duration}
          currency={cur}
        />
        <DisputesOption draft={disputes} plan={onDesk} onChange={setDisputes} />
        <MeteringFields
          metering={metering}
          busy={busy}
          onRetry={(r) => client && void setMeteringPlan(client, metering, r.offerId, r.plan, setTx)}
        />
        <label className="inline">
          <input type="checkbox" checked={allVersions} onChange={(e) => setAllVersions(e.target.checked)} />
          Licenses cover every version, including future ones
        </label>
        {problems.length > 0 && (
          <ul className="muted small">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <button type="submit" disabled={!ready || busy || problems.length > 0}>
          Register terms and publish offer
        </button>
        <TxStatus state={tx} />
      </form>
    </section>
  );
}
