/**
 * Small but real files for the demo catalog, generated deterministically: a safetensors file with
 * one F32 tensor and a model card for models; a JSONL file and a datasheet for datasets.
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

/** The files of one version of a demo model. */
export function demoModelFiles(name: string, version: number): PutFile[] {
  return [
    { path: "model.safetensors", data: safetensors(name, 32, 32 * version, name.length + version) },
    { path: "config.json", data: `${JSON.stringify({ name, version, hidden: 32, layers: version })}\n` },
    {
      path: "README.md",
      data: `# ${name} v${version}\n\nA demo model of the Tessera catalog: one 32×${32 * version} F32 tensor.\n`,
    },
  ];
}

/** The files of one version of a demo dataset. */
export function demoDatasetFiles(name: string, version: number): PutFile[] {
  const rows = Array.from({ length: 50 * version }, (_, i) =>
    JSON.stringify({ id: i + 1, text: `${name} sample ${i + 1}`, label: i % 3 }),
  );
  return [
    { path: "data.jsonl", data: `${rows.join("\n")}\n` },
    { path: "DATASHEET.md", data: `# ${name} v${version}\n\nA demo dataset: ${rows.length} labelled rows.\n` },
  ];
}
