/** `tessera deploy`: deploys the four Tessera contracts and writes deployments/<chainId>.json. */
import { writeDeployment } from "../../deploy/deploymentFile.ts";
import { deployTessera } from "../../deploy/deployTessera.ts";
import { expectPositionals, parseAddress, stringOption } from "../lib/args.ts";
import { connectChain, walletFor } from "../lib/chain.ts";
import type { Command } from "../lib/command.ts";
import { rpcUrl } from "../lib/config.ts";
import { CliError } from "../lib/errors.ts";
import { note, println } from "../lib/output.ts";
import { loadSigner } from "../lib/signer.ts";

export const deployCommand: Command = {
  name: "deploy",
  summary: "deploy the Tessera contracts and write deployments/<chainId>.json",
  usage: "[--owner <address>] [options]",
  description:
    "Deploys TermsRegistry, TermsRenderer, LicenseMarket and LicenseMetadata from the compiled artifacts\n" +
    "(run npm run build first), wires them, and writes deployments/<chainId>.json, which every other\n" +
    "command reads. The signer pays for the deployment and is the protocol admin unless --owner is given.",
  options: [
    {
      name: "owner",
      type: "string",
      valueName: "<address>",
      description: "protocol admin offered ownership after deployment (it must accept)",
    },
  ],
  shared: ["rpc", "signer"],
  examples: ["TESSERA_PRIVATE_KEY=0x… tessera deploy --rpc-url http://127.0.0.1:8545"],
  async run(ctx) {
    expectPositionals("deploy", ctx.positionals, []);
    const ownerArg = stringOption(ctx.values, "owner");
    const owner = ownerArg === undefined ? undefined : parseAddress("--owner", ownerArg);
    const account = await loadSigner(ctx.values, ctx.env);
    const connection = await connectChain(rpcUrl(ctx.values, ctx.env));
    let deployment: Awaited<ReturnType<typeof deployTessera>>;
    try {
      deployment = await deployTessera({
        publicClient: connection.publicClient,
        walletClient: walletFor(connection, account),
        ...(owner && { owner }),
        onStep: (message) => note(ctx, message),
      });
    } catch (err) {
      const missing = /No compiled artifact for (\w+)/.exec(err instanceof Error ? err.message : "");
      if (missing)
        throw new CliError(`the contracts are not compiled (no artifact for ${missing[1]}): run npm run build first`);
      throw err;
    }
    const file = await writeDeployment(deployment);
    println(ctx, `deployed Tessera on chain ${deployment.chainId} (start block ${deployment.startBlock})`);
    for (const [name, { address }] of Object.entries(deployment.contracts))
      println(ctx, `  ${name.padEnd(16)} ${address}`);
    println(ctx, `wrote ${file}`);
    return 0;
  },
};
