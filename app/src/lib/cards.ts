/**
 * Listing names and summaries come from each asset's public card (public/README.md at the
 * gateway): the chain records only a content hash and a metadata URI. Cards are fetched with a small
 * concurrency limit and cached; listings without one keep their fallback title.
 */
import { useQuery } from "@tanstack/react-query";
import { fetchPublicText } from "./gateway.ts";
import { cardTitle } from "./markdown.ts";

export interface CardSummary {
  title: string | undefined;
  /** The first paragraph after the title, without Markdown emphasis. */
  summary: string | undefined;
}

export function cardSummary(markdown: string): CardSummary {
  const title = cardTitle(markdown);
  const paragraphs = markdown
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p && !p.startsWith("#") && !p.startsWith("|") && !p.startsWith("```"));
  const first = paragraphs[0]
    ?.replace(/[*_`]/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\s+/g, " ");
  return { title, summary: first && first.length > 200 ? `${first.slice(0, 199)}…` : first };
}

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Card summaries of `assetIds` (latest version), keyed by asset id. */
export function useCardSummaries(assetIds: readonly bigint[]) {
  return useQuery({
    queryKey: ["card-summaries", assetIds.join(",")],
    enabled: assetIds.length > 0,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const entries = await mapLimit(assetIds, 8, async (id): Promise<[string, CardSummary]> => {
        const text = await fetchPublicText(id, "latest").catch(() => null);
        return [id.toString(), text ? cardSummary(text) : { title: undefined, summary: undefined }];
      });
      return new Map(entries);
    },
  });
}
