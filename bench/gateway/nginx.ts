/**
 * Debian's nginx, started by the bench with its own minimal config (one worker, sendfile on,
 * tcp_nopush on, no access log; pid, logs and temp paths under the bench's temp dir). One nginx
 * process holds every server block the bench needs, so the reference static server and the
 * production site (scripts/gateway/nginxConfig.ts: proxy to the gateway, X-Accel-Redirect into an
 * internal location on the store) share one worker and the same http-level settings.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export interface Nginx {
  pid: number;
  version: string;
  /** The http-level settings every server block gets (for the report). */
  settings: string;
  stop(): Promise<void>;
}

const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"];
const SETTINGS = "1 worker, sendfile on, tcp_nopush on, access_log off";

function findNginx(): string {
  for (const candidate of NGINX) {
    if (spawnSync(candidate, ["-v"]).status === 0) return candidate;
  }
  throw new Error("nginx is not installed: apt-get update && apt-get install -y nginx wrk");
}

/** The reference: a plain static server of `root` (the http-level settings above apply). */
export function staticServerBlock({ port, root }: { port: number; root: string }): string {
  return `server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { }
}
`;
}

const indent = (block: string) =>
  block
    .trimEnd()
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");

/**
 * Starts nginx with `servers` (server blocks) in its http context; resolves once every URL in
 * `ready` answers (any HTTP status). Throws, with nginx's stderr, when it exits or stays silent.
 */
export async function startNginx({
  dir,
  servers,
  ready,
}: {
  dir: string;
  servers: string[];
  ready: string[];
}): Promise<Nginx> {
  const bin = findNginx();
  const version = spawnSync(bin, ["-v"], { encoding: "utf8" })
    .stderr.trim()
    .replace(/^nginx version: /, "");
  await mkdir(path.join(dir, "tmp"), { recursive: true });
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((kind) => `  ${kind}_temp_path ${path.join(dir, "tmp", kind)};`)
    .join("\n");
  const conf = `# written by bench/gateway.ts
${process.getuid?.() === 0 ? "user root;\n" : ""}daemon off;
worker_processes 1;
pid ${path.join(dir, "nginx.pid")};
error_log ${path.join(dir, "error.log")} warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 60s;
  default_type application/octet-stream;
${temp}
${servers.map(indent).join("\n")}
}
`;
  const confPath = path.join(dir, "nginx.conf");
  await writeFile(confPath, conf);
  const test = spawnSync(bin, ["-t", "-p", dir, "-e", path.join(dir, "error.log"), "-c", confPath], {
    encoding: "utf8",
  });
  if (test.status !== 0) throw new Error(`nginx rejects the bench's config ${confPath}:\n${test.stderr.trim()}`);
  const child: ChildProcess = spawn(bin, ["-p", dir, "-e", path.join(dir, "error.log"), "-c", confPath], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM"); // fast shutdown of master and worker
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 10_000;
  for (const url of ready) {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr.trim()}`);
      const up = await fetch(url, { method: "HEAD" }).then(
        () => true,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`nginx did not answer on ${url}: ${stderr.trim()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { pid: child.pid ?? 0, version, settings: SETTINGS, stop };
}
