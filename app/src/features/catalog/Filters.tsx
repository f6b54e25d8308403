/** The catalog's filter form: kind, scope, fine-tuning, derivatives, country of use, currency and price. */
import { useEffect, useState } from "react";
import type { Address } from "viem";
import { type CurrencyInfo, formatUnitsGrouped, parseAmount } from "../../lib/format.ts";
import type { CatalogFilters } from "./catalogQuery.ts";

export function Filters({
  filters,
  currencies,
  onChange,
}: {
  filters: CatalogFilters;
  currencies: Map<string, CurrencyInfo> | undefined;
  onChange: (patch: Partial<CatalogFilters>) => void;
}) {
  const currency = filters.currency ? currencies?.get(filters.currency.toLowerCase()) : undefined;
  const [maxText, setMaxText] = useState("");
  const [country, setCountry] = useState(filters.territory);
  // Keep the typed text in step when the URL changes (back button, "clear filters").
  useEffect(() => {
    setMaxText(filters.maxPrice !== null && currency ? formatUnitsGrouped(filters.maxPrice, currency.decimals) : "");
  }, [filters.maxPrice, currency]);
  useEffect(() => setCountry(filters.territory), [filters.territory]);
  const maxInvalid = maxText !== "" && currency !== undefined && parseAmount(maxText, currency.decimals) === null;

  return (
    <aside className="filters" aria-labelledby="filters-title">
      <h2 id="filters-title">Filters</h2>
      <form aria-label="Search and filter" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span>Search</span>
          <input
            type="search"
            value={filters.q}
            placeholder="Name, license, creator…"
            onChange={(e) => onChange({ q: e.target.value })}
          />
        </label>
        <fieldset className="field">
          <legend>Kind</legend>
          {(["ANY", "MODEL", "DATASET"] as const).map((k) => (
            <label key={k} className="inline">
              <input type="radio" name="kind" checked={filters.kind === k} onChange={() => onChange({ kind: k })} />
              {k === "ANY" ? "All" : k === "MODEL" ? "Models" : "Datasets"}
            </label>
          ))}
        </fieldset>
        <fieldset className="field">
          <legend>Use</legend>
          {(["ANY", "RESEARCH", "COMMERCIAL"] as const).map((s) => (
            <label key={s} className="inline">
              <input type="radio" name="scope" checked={filters.scope === s} onChange={() => onChange({ scope: s })} />
              {s === "ANY" ? "Any" : s === "RESEARCH" ? "Research" : "Commercial"}
            </label>
          ))}
        </fieldset>
        <fieldset className="field">
          <legend>Rights</legend>
          <label className="inline">
            <input
              type="checkbox"
              checked={filters.fineTuning}
              onChange={(e) => onChange({ fineTuning: e.target.checked })}
            />
            Fine-tuning allowed
          </label>
          <label className="inline">
            <input
              type="checkbox"
              checked={filters.derivatives}
              onChange={(e) => onChange({ derivatives: e.target.checked })}
            />
            Derivatives may be shared
          </label>
        </fieldset>
        <label className="field">
          <span>Country of use</span>
          <input
            value={country}
            maxLength={2}
            placeholder="e.g. DE"
            aria-describedby="country-hint"
            autoComplete="off"
            onChange={(e) => {
              const v = e.target.value.toUpperCase().replace(/[^A-Z]/g, "");
              setCountry(v);
              if (v.length === 2 || v.length === 0) onChange({ territory: v });
            }}
          />
          <small id="country-hint">Two-letter code; hides offers whose terms exclude it.</small>
        </label>
        <label className="field">
          <span>Currency</span>
          <select
            value={filters.currency}
            onChange={(e) => onChange({ currency: e.target.value as Address | "", maxPrice: null })}
          >
            <option value="">Any</option>
            {[...(currencies?.values() ?? [])].map((c) => (
              <option key={c.address} value={c.address}>
                {c.symbol}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Max price{currency ? ` (${currency.symbol})` : ""}</span>
          <input
            inputMode="decimal"
            value={maxText}
            disabled={!currency}
            aria-invalid={maxInvalid}
            aria-describedby="max-hint"
            onChange={(e) => {
              setMaxText(e.target.value);
              if (!currency) return;
              if (e.target.value.trim() === "") onChange({ maxPrice: null });
              else {
                const v = parseAmount(e.target.value, currency.decimals);
                if (v !== null) onChange({ maxPrice: v });
              }
            }}
          />
          <small id="max-hint">
            {currency ? (maxInvalid ? "Not a valid amount." : " ") : "Pick a currency first."}
          </small>
        </label>
      </form>
    </aside>
  );
}
