// Cross-origin access for the dapp: browsers may call the gateway from the configured origins only.
// Sessions travel in the Authorization header (never cookies), so credentials mode is not needed.
import type { IncomingMessage, ServerResponse } from "node:http";

const ALLOW_HEADERS = "Authorization, Content-Type, Range, If-None-Match";
const EXPOSE_HEADERS = "ETag, Content-Range, Content-Length, Accept-Ranges, Retry-After";

/** Adds CORS headers for an allowed Origin; true when the request was a preflight (answered here). */
export function handleCors(req: IncomingMessage, res: ServerResponse, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || !(allowed.has(origin) || allowed.has("*"))) {
    if (req.method === "OPTIONS") {
      res.writeHead(origin === undefined ? 204 : 403, { Vary: "Origin", "Content-Length": "0" });
      res.end();
      return true;
    }
    return false;
  }
  res.setHeader("Access-Control-Allow-Origin", origin);
  res.setHeader("Vary", "Origin");
  if (req.method === "OPTIONS") {
    res.writeHead(204, {
      "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, DELETE, OPTIONS",
      "Access-Control-Allow-Headers": ALLOW_HEADERS,
      "Access-Control-Max-Age": "600",
      "Content-Length": "0",
    });
    res.end();
    return true;
  }
  res.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
  return false;
}
