/** Terms in plain words (from the on-chain TermsRenderer), as three columns: may / must / may not. */
import type { RenderedTerms } from "../../../../scripts/sdk/terms/render.ts";

export function TermsView({
  words,
  compact = false,
  notesOpen = false,
}: {
  words: RenderedTerms;
  compact?: boolean;
  notesOpen?: boolean;
}) {
  const groups = [
    { key: "may", title: "You may", items: words.may, className: "may" },
    { key: "must", title: "You must", items: words.must, className: "must" },
    { key: "mayNot", title: "You may not", items: words.mayNot, className: "may-not" },
  ];
  return (
    <div className={`terms-view${compact ? " compact" : ""}`}>
      {groups.map((g) => (
        <section key={g.key} className={`terms-group ${g.className}`} aria-label={g.title}>
          <h4>{g.title}</h4>
          {g.items.length === 0 ? (
            <p className="muted small">Nothing listed.</p>
          ) : (
            <ul className="terms-list">
              {g.items.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          )}
        </section>
      ))}
      {words.notes.length > 0 && (
        <details className="terms-notes" open={notesOpen}>
          <summary>More about these terms ({words.notes.length})</summary>
          <ul>
            {words.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
