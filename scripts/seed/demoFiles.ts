/**
 * Small but real files for the demo catalog, generated deterministically: a safetensors file with
 * one F32 tensor and a config for models; JSONL or CSV rows for datasets; and for both a public
 * Markdown card (`public/README.md`) that the gateway serves without a license.
 */
import type { PutFile } from "../storage/store.ts";

/** A valid safetensors file: 8-byte little-endian header length, JSON header, then the tensor. */
export function safetensors(name: string, rows: number, cols: number, seed: number): Uint8Array {
  const count = rows * cols;
  const header = JSON.stringify({
    __metadata__: { format: "pt", name },
    weight: { dtype: "F32", shape: [rows, cols], data_offsets: [0, count * 4] },
  });
  // The header is padded with spaces to a multiple of 8 bytes, as the format recommends.
  const padded = header.padEnd(Math.ceil(header.length / 8) * 8, " ");
  const bytes = new Uint8Array(8 + padded.length + count * 4);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(padded.length), true);
  bytes.set(new TextEncoder().encode(padded), 8);
  for (let i = 0; i < count; i++) view.setFloat32(8 + padded.length + i * 4, Math.sin(seed + i) / 4, true);
  return bytes;
}

/** The public card: title, summary and the asset's Markdown sections. */
function card(name: string, version: number, summary: string, body: string): string {
  return `# ${name}\n\n_Version ${version}._ ${summary}\n\n${body}`;
}

/** The files of one version of a demo model: weights, config, and its model card under public/. */
export function demoModelFiles(name: string, version: number, cols: number, summary: string, body: string): PutFile[] {
  return [
    { path: "model.safetensors", data: safetensors(name, 32, cols * version, name.length + version) },
    { path: "config.json", data: `${JSON.stringify({ name, version, hidden: 32, layers: version })}\n` },
    { path: "public/README.md", data: card(name, version, summary, body) },
  ];
}

/** The files of one version of a demo dataset: JSONL or CSV rows, and its datasheet under public/. */
export function demoDatasetFiles(
  name: string,
  version: number,
  rows: number,
  format: "jsonl" | "csv",
  summary: string,
  body: string,
): PutFile[] {
  const count = rows * version;
  const data =
    format === "csv"
      ? `id,category,price_eur,quantity,region\n${Array.from(
          { length: count },
          (_, i) =>
            `${i + 1},${["dairy", "bakery", "produce", "frozen"][i % 4]},${((i * 37) % 1000) / 100},${1 + (i % 5)},R${i % 7}`,
        ).join("\n")}\n`
      : `${Array.from({ length: count }, (_, i) => JSON.stringify({ id: i + 1, text: `${name} sample ${i + 1}`, label: i % 3 })).join("\n")}\n`;
  return [
    { path: format === "csv" ? "data.csv" : "data.jsonl", data },
    { path: "public/README.md", data: card(name, version, summary, `${body}\n${count} rows in \`data.${format}\`.\n`) },
  ];
}
