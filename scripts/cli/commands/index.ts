/** Every command of the CLI, in the order `tessera --help` lists them. */
import type { Command } from "../lib/command.ts";
import { buyCommand } from "./buy.ts";
import { createOfferCommand } from "./createOffer.ts";
import { deployCommand } from "./deploy.ts";
import { fetchCommand } from "./fetch.ts";
import { licensesCommand } from "./licenses.ts";
import { listAssetCommand } from "./listAsset.ts";
import { newVersionCommand } from "./newVersion.ts";
import { refundCommand } from "./refund.ts";
import { releaseHeldCommand } from "./releaseHeld.ts";
import { renewCommand } from "./renew.ts";
import { verifyAuditCommand } from "./verifyAudit.ts";
import { withdrawCommand } from "./withdraw.ts";

export const COMMANDS: readonly Command[] = [
  deployCommand,
  listAssetCommand,
  newVersionCommand,
  createOfferCommand,
  buyCommand,
  renewCommand,
  refundCommand,
  licensesCommand,
  fetchCommand,
  withdrawCommand,
  releaseHeldCommand,
  verifyAuditCommand,
];
