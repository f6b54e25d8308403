/**
 * The nginx site for running the gateway behind nginx, the production layout for bulk downloads:
 * nginx terminates client connections and proxies every request to the gateway; for an authorised
 * file the gateway answers with `X-Accel-Redirect` (config `accelRedirect`) and nginx streams the
 * file from the local store with sendfile, so bytes never pass through Node. `internal` keeps the
 * store location unreachable from outside; symlinks are refused as the gateway's own reads refuse
 * them. Used by the gateway benchmark; print one with `npm run gateway:nginx-config`.
 */

export interface NginxConfigParameters {
  /** Where nginx listens, e.g. `127.0.0.1:8080` or `443 ssl`. */
  listen: string;
  /** The gateway's address, e.g. `127.0.0.1:8787`. */
  gateway: string;
  /** The LocalAssetStore root (absolute). */
  storeRoot: string;
  /** The internal location prefix; the gateway's `accelRedirect` must be the same. */
  prefix?: string;
}

/** An `upstream` and a `server { … }` block (to include in nginx's `http` context). */
export function nginxServerBlock({ listen, gateway, storeRoot, prefix = "/_tessera_store" }: NginxConfigParameters) {
  const root = storeRoot.endsWith("/") ? storeRoot : `${storeRoot}/`;
  const upstream = `tessera_gateway_${listen.replace(/[^A-Za-z0-9]/g, "_")}`;
  return `upstream ${upstream} {
    server ${gateway};
    keepalive 32;                      # reuse connections to the gateway
}
server {
    listen ${listen};
    client_max_body_size 2g;           # creators' uploads (the gateway bounds them too)
    location / {
        proxy_pass http://${upstream};
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header X-Forwarded-For $remote_addr;
        proxy_request_buffering off;
        proxy_buffering off;
    }
    location ${prefix}/ {
        internal;
        alias ${root};
        disable_symlinks on;
        sendfile on;
        tcp_nopush on;
        default_type application/octet-stream;
        etag off;                          # the gateway's ETag (the file's sha256) stands
        add_header ETag $upstream_http_etag always;
    }
}
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [listen = "127.0.0.1:8080", gateway = "127.0.0.1:8787", storeRoot = "/var/lib/tessera/store"] =
    process.argv.slice(2);
  process.stdout.write(nginxServerBlock({ listen, gateway, storeRoot }));
}
