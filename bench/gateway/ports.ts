import { createServer } from "node:net";

/** The first port in [start, start + count) that 127.0.0.1 can listen on right now. */
export async function freePort(start: number, count = 10): Promise<number> {
  for (let port = start; port < start + count; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${start}..${start + count - 1}`);
}
