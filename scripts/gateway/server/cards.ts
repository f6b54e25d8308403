// Catalog cards: the title and one-line summary of each asset's public card (`public/README.md` of
// its newest version), many assets in one request, so a catalog of thousands of listings needs one
// call instead of one per listing. Versions are immutable, so a card is read once per version; the
// stored manifest is checked against the content hash the chain published (from the event index).
import type { Hex } from "viem";
import { manifestHash } from "../../storage/manifest.ts";
import type { AssetStore } from "../../storage/store.ts";

export const CARD_PATH = "public/README.md";
const MAX_CARD_BYTES = 64 * 1024;

export interface Card {
  version: number;
  contentHash: Hex;
  title: string;
  summary: string;
}

/** Title (first `# ` heading) and summary (first paragraph after it, Markdown emphasis dropped). */
export function parseCard(markdown: string): { title: string; summary: string } {
  const lines = markdown.split(/\r?\n/);
  const at = lines.findIndex((l) => /^#\s+\S/.test(l));
  const title = at === -1 ? "" : (lines[at] ?? "").replace(/^#\s+/, "").trim();
  const rest = lines.slice(at + 1);
  const start = rest.findIndex((l) => l.trim() !== "" && !l.startsWith("#"));
  const paragraph: string[] = [];
  for (const line of start === -1 ? [] : rest.slice(start)) {
    if (line.trim() === "" || line.startsWith("#")) break;
    paragraph.push(line.trim());
  }
  const summary = paragraph.join(" ").replace(/[*_`]/g, "").slice(0, 280);
  return { title: title.slice(0, 120), summary };
}

export class CardReader {
  readonly #store: AssetStore;
  readonly #cache = new Map<string, Card>();

  constructor(store: AssetStore) {
    this.#store = store;
  }

  /** The card of `assetId` at `version` (whose on-chain content hash is `contentHash`), or null. */
  async read(assetId: bigint, version: number, contentHash: Hex): Promise<Card | null> {
    const key = `${assetId}/${version}`;
    const known = this.#cache.get(key);
    if (known !== undefined) return known;
    const card = await this.#load(assetId, version, contentHash).catch(() => null);
    // A missing card is not remembered: the version's files may be published to the store later.
    if (card !== null) this.#cache.set(key, card);
    return card;
  }

  async #load(assetId: bigint, version: number, contentHash: Hex): Promise<Card | null> {
    const manifest = await this.#store.getManifest(`${assetId}`, `${version}`);
    if (manifestHash(manifest).toLowerCase() !== contentHash.toLowerCase()) return null;
    const entry = manifest.files.find((f) => f.path === CARD_PATH);
    if (entry === undefined || entry.size > MAX_CARD_BYTES) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of await this.#store.createReadStream(`${assetId}`, `${version}`, CARD_PATH)) {
      chunks.push(chunk as Buffer);
    }
    return { version, contentHash, ...parseCard(Buffer.concat(chunks).toString("utf8")) };
  }
}
