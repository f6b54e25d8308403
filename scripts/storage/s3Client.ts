// A minimal S3 REST client for S3AssetStore (s3Store.ts): SigV4-signed requests through aws4fetch,
// path-style URLs (`<endpoint>/<bucket>/<key>`), and S3 errors turned into S3RequestError with a
// readable message (operation, s3://bucket/key, HTTP status, S3 error code and message) instead of
// raw XML. Only what the store needs: object GET/HEAD/PUT/DELETE, ListObjectsV2 and multipart
// upload (create, upload part, complete, abort).
import { AwsClient } from "aws4fetch";

export type S3ClientOptions = {
  /** Base URL of the S3-compatible service, e.g. `https://s3.eu-west-1.amazonaws.com` or `http://127.0.0.1:9000`. */
  endpoint: string;
  bucket: string;
  /** Signing region; `us-east-1` when omitted (what most S3-compatible servers expect). */
  region?: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
};

/** A failed S3 request: the network is down, or the server answered with an unexpected status. */
export class S3RequestError extends Error {
  override name = "S3RequestError";
  /** The S3 operation, e.g. `GetObject`. */
  readonly operation: string;
  /** The object key (or the listed prefix), without the bucket. */
  readonly key: string;
  /** HTTP status, absent when no response arrived. */
  readonly status: number | undefined;
  /** S3 error code from the response (`NoSuchKey`, `AccessDenied`, …), when there was one. */
  readonly s3Code: string | undefined;
  constructor(
    message: string,
    details: { operation: string; key: string; status?: number; s3Code?: string },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.operation = details.operation;
    this.key = details.key;
    this.status = details.status;
    this.s3Code = details.s3Code;
  }
}

export type S3Request = {
  operation: string;
  method: "GET" | "HEAD" | "PUT" | "POST" | "DELETE";
  /** Object key; empty for bucket-level requests (ListObjectsV2). */
  key: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Uint8Array | ReadableStream<Uint8Array>;
  /** Statuses that are returned to the caller; any other status throws S3RequestError. */
  accept: readonly number[];
};

const BUCKET_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{2,254}$/;
const MAX_ERROR_BODY = 4096;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes the XML entities S3 uses in text nodes. */
export function xmlDecode(s: string): string {
  return s.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(Number.parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? "";
  });
}

/** The decoded text of every `<tag>…</tag>` element (no nesting of the same tag; enough for S3). */
export function xmlAll(xml: string, tag: string): string[] {
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, "g");
  return [...xml.matchAll(re)].map((m) => m[1] ?? "");
}

export function xmlText(xml: string, tag: string): string | undefined {
  const first = xmlAll(xml, tag)[0];
  return first === undefined ? undefined : xmlDecode(first);
}

/** Encodes an object key for a URL path: each `/`-separated segment percent-encoded (RFC 3986). */
function encodeKey(key: string): string {
  return key
    .split("/")
    .map((segment) =>
      encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join("/");
}

const describeCause = (err: unknown): string => {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    // undici wraps connection errors; an AggregateError lists one per address tried.
    const inner = cause instanceof AggregateError ? cause.errors[0] : undefined;
    const message = cause.message || (inner instanceof Error ? inner.message : "") || code || cause.name;
    return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
  }
  return err.message;
};

export class S3Client {
  readonly bucket: string;
  readonly endpoint: string;
  /** Retries 5xx and 429 a few times: only for requests whose body can be sent again. */
  readonly #client: AwsClient;
  /** No retries: for streamed bodies, which are consumed by the first attempt. */
  readonly #once: AwsClient;

  constructor(options: S3ClientOptions) {
    let url: URL;
    try {
      url = new URL(options.endpoint);
    } catch {
      throw new TypeError(`invalid S3 endpoint: ${JSON.stringify(options.endpoint)}`);
    }
    if ((url.protocol !== "http:" && url.protocol !== "https:") || url.search !== "" || url.hash !== "") {
      throw new TypeError(`S3 endpoint must be a plain http(s) URL: ${JSON.stringify(options.endpoint)}`);
    }
    if (typeof options.bucket !== "string" || !BUCKET_RE.test(options.bucket)) {
      throw new TypeError(`invalid S3 bucket name: ${JSON.stringify(options.bucket)}`);
    }
    if (!options.accessKeyId || !options.secretAccessKey) throw new TypeError("S3 credentials are required");
    this.endpoint = url.href.replace(/\/+$/, "");
    this.bucket = options.bucket;
    const base = {
      accessKeyId: options.accessKeyId,
      secretAccessKey: options.secretAccessKey,
      sessionToken: options.sessionToken,
      service: "s3",
      region: options.region ?? "us-east-1",
    };
    this.#client = new AwsClient({ ...base, retries: 3 });
    this.#once = new AwsClient({ ...base, retries: 0 });
  }

  /** `s3://bucket/key`, for messages. */
  location(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  url(key: string, query?: Record<string, string>): string {
    const path = key === "" ? `/${this.bucket}` : `/${this.bucket}/${encodeKey(key)}`;
    const url = new URL(this.endpoint + path);
    // Keys are validated before they get here; this guards against URL normalisation (`..`).
    if (url.pathname !== new URL(this.endpoint).pathname.replace(/\/$/, "") + path) {
      throw new TypeError(`object key does not map to a stable URL: ${JSON.stringify(key)}`);
    }
    for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
    // `?uploads` (an empty value) is written without `=`, as S3 documents it.
    return url.href.replace(/=(?=&|$)/g, "");
  }

  /**
   * Sends a signed request. Resolves with the response when its status is in `accept` (the body
   * is then the caller's to read or cancel); throws S3RequestError otherwise.
   */
  async request(req: S3Request): Promise<Response> {
    const streamed = req.body instanceof ReadableStream;
    const headers: Record<string, string> = { ...req.headers };
    let response: Response;
    try {
      const client = streamed ? this.#once : this.#client;
      response = await client.fetch(this.url(req.key, req.query), {
        method: req.method,
        headers,
        body: req.body as RequestInit["body"],
        ...(streamed ? { duplex: "half" } : {}),
      } as RequestInit);
    } catch (err) {
      throw new S3RequestError(
        `S3 ${req.operation} ${this.location(req.key)} failed: cannot reach ${this.endpoint}: ${describeCause(err)}`,
        { operation: req.operation, key: req.key },
        { cause: err },
      );
    }
    if (req.accept.includes(response.status)) return response;
    throw await this.error(req, response);
  }

  /** Builds the S3RequestError for an unexpected response (and consumes its body). */
  async error(req: Pick<S3Request, "operation" | "key" | "method">, response: Response): Promise<S3RequestError> {
    let text = "";
    if (req.method !== "HEAD") {
      try {
        text = (await response.text()).slice(0, MAX_ERROR_BODY);
      } catch {
        // The body could not be read; the status says enough.
      }
    } else {
      await response.body?.cancel().catch(() => {});
    }
    return errorFrom(req.operation, this.location(req.key), req.key, response, text);
  }
}

/** An S3RequestError for an error response and its (already read) body. */
export function errorFrom(
  operation: string,
  location: string,
  key: string,
  response: Response,
  text: string,
): S3RequestError {
  const s3Code = xmlText(text, "Code") ?? response.headers.get("x-amz-error-code") ?? undefined;
  const s3Message = xmlText(text, "Message") ?? response.headers.get("x-amz-error-message") ?? undefined;
  let detail: string;
  if (s3Code !== undefined) detail = s3Message ? `${s3Code}: ${s3Message}` : s3Code;
  else if (text.trim() !== "") detail = `unexpected response ${JSON.stringify(text.trim().slice(0, 200))}`;
  else detail = response.statusText || "no details";
  const hint =
    response.status === 403 || s3Code === "InvalidAccessKeyId" || s3Code === "SignatureDoesNotMatch"
      ? " (check the S3 access key, secret and region)"
      : "";
  return new S3RequestError(`S3 ${operation} ${location} failed: HTTP ${response.status} ${detail}${hint}`, {
    operation,
    key,
    status: response.status,
    s3Code,
  });
}
