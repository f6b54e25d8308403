/** A tiny hash router: "#/asset/3?tab=offers" → { path: "/asset/3", params }. Works from any static host. */
import { useSyncExternalStore } from "react";

export interface Route {
  path: string;
  params: URLSearchParams;
  /** Path segments, e.g. ["asset", "3"]. */
  segments: string[];
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, "") || "/";
  const [path = "/", query = ""] = raw.split("?", 2);
  const clean = path.startsWith("/") ? path : `/${path}`;
  return { path: clean, params: new URLSearchParams(query), segments: clean.split("/").filter(Boolean) };
}

function subscribe(onChange: () => void) {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseHash(hash);
}

/** "#/asset/3" style link target. */
export function href(path: string, params?: URLSearchParams): string {
  const query = params?.toString();
  return `#${path}${query ? `?${query}` : ""}`;
}

export function navigate(path: string, params?: URLSearchParams, { replace = false } = {}): void {
  const target = href(path, params);
  if (replace) window.history.replaceState(null, "", target);
  else window.history.pushState(null, "", target);
  window.dispatchEvent(new HashChangeEvent("hashchange"));
}
