/**
 * The demo catalog as data: seven models and four datasets, each with a model card or datasheet
 * (Markdown, served publicly by the gateway from `public/README.md`), the offers on each under the
 * reference licenses, and the licenses sold at seeding. seedCatalog.ts turns it into transactions.
 */

export type SplitName = "solo" | "collab" | "consortium";
export type SellerRole = "creator" | "collaborator";
export type BuyerRole = "buyer" | "buyer2";

export interface DemoOffer {
  /** A license id of presets.json. */
  terms: string;
  /** In ETH, or whole dUSDC when `currency` is "dUSDC". */
  price: string;
  currency?: "ETH" | "dUSDC";
  durationDays?: number;
  maxSupply?: number;
  allVersions?: boolean;
  split: SplitName;
  arbiter?: boolean;
  /** The licensor's royalty on resales and on derivatives' revenue, in basis points. */
  royaltyBps?: number;
  /** Refundable sales: within `days` of purchase, the unused share less `penaltyBps` (payments held meanwhile). */
  refund?: { days: number; penaltyBps: number };
}

export interface DemoAsset {
  name: string;
  kind: "MODEL" | "DATASET";
  seller: SellerRole;
  /** One line for the card and the catalog. */
  summary: string;
  /** Markdown sections after the title and summary. */
  card: string;
  /** Extra versions published after the first. */
  extraVersions?: number;
  /** Shape of the generated files: tensor columns for models, rows for datasets. */
  size: number;
  format?: "jsonl" | "csv";
  offers: DemoOffer[];
}

export interface DemoSale {
  asset: string;
  /** Index into the asset's offers. */
  offer: number;
  buyer: BuyerRole;
  note: string;
  /** Bought before the clock is moved two days on, so a one-day license lapses. */
  beforeTimeJump?: boolean;
}

const modelCard = (base: string, intended: string, limits: string) =>
  `## Model details\n\n${base}\n\n## Intended use\n\n${intended}\n\n## Limitations\n\n${limits}\n\n` +
  "## Files\n\n| file | what |\n|---|---|\n| `model.safetensors` | the weights (F32) |\n| `config.json` | architecture |\n";

const datasheet = (motivation: string, composition: string, collection: string) =>
  `## Motivation\n\n${motivation}\n\n## Composition\n\n${composition}\n\n## Collection process\n\n${collection}\n`;

export const DEMO_ASSETS: readonly DemoAsset[] = [
  {
    name: "Aurora-7B",
    kind: "MODEL",
    seller: "creator",
    summary: "A 7B-parameter general-purpose language model, instruction-tuned.",
    card: modelCard(
      "Decoder-only transformer, 32 layers, 4k context. Version 2 adds longer context training.",
      "Chat assistants, summarisation, drafting. Commercial use under the Apache-2.0 offer.",
      "May state falsehoods fluently; not evaluated for medical or legal advice.",
    ),
    extraVersions: 1,
    size: 32,
    offers: [
      { terms: "cc-by-nc-4.0", price: "0.01", durationDays: 30, split: "solo" },
      { terms: "apache-2.0", price: "0.5", durationDays: 365, allVersions: true, split: "collab", arbiter: true },
    ],
  },
  {
    name: "Llama-Tessera-8B",
    kind: "MODEL",
    seller: "creator",
    summary: "A Llama 3.1 8B fine-tune for retrieval-augmented answers with citations.",
    card: modelCard(
      "Fine-tuned from Llama 3.1 8B on 120k question/answer pairs with source passages.",
      "Question answering over your documents; enterprise deployments under the seat-based offer.",
      "Inherits the base model's acceptable-use policy; answers only as good as the retrieved passages.",
    ),
    size: 48,
    offers: [
      { terms: "openrail-m", price: "0.001", durationDays: 1, split: "solo" },
      { terms: "llama3.1", price: "0.2", allVersions: true, split: "solo", arbiter: true },
      {
        terms: "enterprise-api",
        price: "12000",
        currency: "dUSDC",
        durationDays: 365,
        maxSupply: 10,
        split: "collab",
        arbiter: true,
      },
    ],
  },
  {
    name: "Hunyuan-Mesh-3D",
    kind: "MODEL",
    seller: "creator",
    summary: "Text- and image-to-3D mesh generation with PBR textures.",
    card: modelCard(
      "A diffusion shape model and a texture model; outputs glTF meshes.",
      "Game assets, product mock-ups, prototyping.",
      "Territory restrictions of the upstream license apply (no use in the EU, UK or South Korea).",
    ),
    size: 40,
    offers: [{ terms: "hunyuan3d-2.1", price: "0.1", durationDays: 90, split: "solo" }],
  },
  {
    name: "Whisper-Tiny-EU",
    kind: "MODEL",
    seller: "collaborator",
    summary: "A small speech-recognition model tuned for 24 EU languages.",
    card: modelCard(
      "Encoder-decoder speech model, 39M parameters, fine-tuned on parliamentary recordings.",
      "Transcription and captioning on laptops and phones.",
      "Accuracy drops on noisy audio and for accents absent from the training data.",
    ),
    size: 24,
    offers: [
      { terms: "apache-2.0", price: "0.02", durationDays: 365, split: "collab" },
      { terms: "cc-by-nc-4.0", price: "0.002", durationDays: 30, split: "collab" },
    ],
  },
  {
    name: "Sentinel-ViT-B",
    kind: "MODEL",
    seller: "creator",
    summary: "A vision transformer for satellite-image land-cover classification.",
    card: modelCard(
      "ViT-B/16 trained on CropSat-2025 (a dataset of this catalog) and public Sentinel-2 tiles.",
      "Crop monitoring, land-use mapping.",
      "Trained on European and North American tiles; weaker elsewhere.",
    ),
    size: 36,
    offers: [
      { terms: "openrail-m", price: "0.05", durationDays: 180, split: "consortium" },
      { terms: "enterprise-api", price: "5000", currency: "dUSDC", durationDays: 365, maxSupply: 25, split: "collab" },
    ],
  },
  {
    name: "CodeWeaver-1.3B",
    kind: "MODEL",
    seller: "creator",
    summary: "A compact code-completion model for TypeScript, Python and Solidity.",
    card: modelCard(
      "1.3B-parameter decoder trained on permissively licensed repositories, fill-in-the-middle objective.",
      "IDE completion, code search, refactoring suggestions.",
      "May reproduce snippets from its training data; check licenses of long completions.",
    ),
    size: 28,
    offers: [
      { terms: "llama2", price: "0.03", split: "solo" },
      { terms: "apache-2.0", price: "0.25", durationDays: 365, allVersions: true, split: "collab" },
    ],
  },
  {
    name: "CropSat-2025",
    kind: "DATASET",
    seller: "collaborator",
    summary: "Labelled Sentinel-2 crop-type patches from 14 countries, 2025 season.",
    card: datasheet(
      "Built by an agricultural consortium to benchmark crop-type mapping.",
      "Image patches with crop labels (wheat, maize, rapeseed, …) and field boundaries.",
      "Labels from farmers' declarations, checked by agronomists; cloud-covered tiles removed.",
    ),
    size: 60,
    offers: [
      { terms: "cdla-permissive-2.0", price: "0.05", split: "consortium", royaltyBps: 1_000 },
      { terms: "mdl-cropland", price: "0.02", durationDays: 180, split: "consortium" },
    ],
  },
  {
    name: "OpenMed-QA",
    kind: "DATASET",
    seller: "creator",
    summary: "Medical exam questions with reviewed answers and explanations.",
    card: datasheet(
      "To evaluate and fine-tune models on clinical reasoning.",
      "Multiple-choice questions, the correct option and a physician-written explanation.",
      "Questions written for the dataset by licensed physicians; no patient data.",
    ),
    extraVersions: 1,
    size: 50,
    offers: [{ terms: "cc-by-4.0", price: "0.03", allVersions: true, split: "collab" }],
  },
  {
    name: "Polyglot-Speech-10k",
    kind: "DATASET",
    seller: "collaborator",
    summary: "Ten thousand hours of transcribed speech in 40 languages.",
    card: datasheet(
      "To train multilingual speech recognition beyond the major languages.",
      "Utterances with transcripts, language and speaker metadata (no names).",
      "Recorded by paid volunteers who consented to commercial use.",
    ),
    size: 40,
    offers: [
      { terms: "cc-by-4.0", price: "0.04", split: "collab" },
      { terms: "cc-by-nc-4.0", price: "0.005", durationDays: 30, split: "collab" },
    ],
  },
  {
    name: "Retail-Receipts-EU",
    kind: "DATASET",
    seller: "creator",
    summary: "Anonymised supermarket receipts for demand forecasting.",
    card: datasheet(
      "To forecast demand and study basket composition.",
      "Line items with product category, price, quantity and store region (CSV).",
      "From a retail partner; customer identifiers removed and stores grouped by region.",
    ),
    size: 80,
    format: "csv",
    offers: [
      { terms: "cdla-permissive-2.0", price: "200", currency: "dUSDC", durationDays: 365, split: "solo" },
      { terms: "enterprise-api", price: "2500", currency: "dUSDC", durationDays: 365, maxSupply: 5, split: "collab" },
    ],
  },
  {
    name: "Sketch-Diffusion-XS",
    kind: "MODEL",
    seller: "creator",
    summary: "A small text-to-image diffusion model for line-art sketches, with a refundable trial licence.",
    card: modelCard(
      "Latent diffusion, 350M parameters, trained on line drawings at 512×512.",
      "Storyboards, concept sketches, colouring pages. Try it: the 30-day licence is refundable for 14 days.",
      "Black-and-white line art only; hands and text are often malformed.",
    ),
    size: 24,
    offers: [
      {
        terms: "openrail-m",
        price: "0.02",
        durationDays: 30,
        split: "solo",
        refund: { days: 14, penaltyBps: 1_000 },
      },
    ],
  },
];

export const DEMO_SALES: readonly DemoSale[] = [
  { asset: "Llama-Tessera-8B", offer: 0, buyer: "buyer", note: "one-day trial, left to expire", beforeTimeJump: true },
  { asset: "Aurora-7B", offer: 0, buyer: "buyer", note: "research licence, active" },
  { asset: "Aurora-7B", offer: 1, buyer: "buyer2", note: "commercial licence, all versions" },
  { asset: "Llama-Tessera-8B", offer: 2, buyer: "buyer2", note: "enterprise licence paid in dUSDC" },
  { asset: "CropSat-2025", offer: 0, buyer: "buyer", note: "dataset licence, consortium split" },
  { asset: "Whisper-Tiny-EU", offer: 0, buyer: "buyer2", note: "commercial licence, collaborative split" },
  { asset: "Sketch-Diffusion-XS", offer: 0, buyer: "buyer2", note: "refundable licence, payment held 14 days" },
];

export interface DemoLineage {
  child: string;
  parent: string;
  /** Index into the parent's offers: the child's controller buys this license first. */
  parentOffer: number;
  relation: "FINE_TUNED_FROM" | "TRAINED_ON" | "DISTILLED_FROM";
  /** The child's terms (a preset id), checked against the parent's. */
  childTerms: string;
  family: string;
}

/** Derivatives registered in the LineageRegistry, so the dapp's family trees have something to show. */
export const DEMO_LINEAGE: readonly DemoLineage[] = [
  {
    child: "Sentinel-ViT-B",
    parent: "CropSat-2025",
    parentOffer: 0,
    relation: "TRAINED_ON",
    childTerms: "openrail-m",
    family: "vit",
  },
];

export interface DemoConsortium {
  /** Members by role, with their weights. */
  members: readonly { role: "consortium" | "creator" | "collaborator"; weight: bigint }[];
  /** Yes weight a proposal needs, in basis points of the total. */
  thresholdBps: number;
  lifetimeDays: number;
  /** Assets the members pool (their controller nominates the consortium, the members vote it in). */
  pooled: readonly string[];
  /** A pooled offer the members publish by proposal (terms preset, ETH price, days). */
  pooledOffer: { asset: string; terms: string; price: string; durationDays: number };
  /** A proposal left open, so the dapp has a vote to show: admit this role with this weight. */
  openProposal: { admit: "buyer2"; weight: bigint };
}

/** A speech-data consortium: three members pool a dataset and sell it together. */
export const DEMO_CONSORTIUM: DemoConsortium = {
  members: [
    { role: "collaborator", weight: 50n },
    { role: "consortium", weight: 30n },
    { role: "creator", weight: 20n },
  ],
  thresholdBps: 6_000,
  lifetimeDays: 7,
  pooled: ["Polyglot-Speech-10k"],
  pooledOffer: { asset: "Polyglot-Speech-10k", terms: "cdla-permissive-2.0", price: "0.08", durationDays: 90 },
  openProposal: { admit: "buyer2", weight: 10n },
};

/** A seat the holder of the enterprise licence on Llama-Tessera-8B (buyer2) gives the buyer. */
export const DEMO_SEAT = { asset: "Llama-Tessera-8B", holder: "buyer2", user: "buyer" } as const;

/**
 * A metering plan on the enterprise offer of Llama-Tessera-8B (its terms cap calls at 1,000,000 per
 * 30 days and move to the next tier beyond): the gateway attests usage; extra units cost 0.001 dUSDC.
 */
export const DEMO_PLAN = {
  asset: "Llama-Tessera-8B",
  offer: 2,
  includedUnits: 1_000_000n,
  periodDays: 30,
  pricePerUnit: "0.001",
  onExceed: "NEXT_TIER",
} as const;
