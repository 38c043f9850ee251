import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { EmulatorEndpoint } from "./emulator-client.js";

/**
 * What the proxy does instead of (or before) forwarding a request:
 * - `throttle`: the service's own throttling error (query protocol: 400 `Throttling` XML; ECR JSON: 400
 *   `ThrottlingException`; S3: 503 `SlowDown` XML), as AWS sends it;
 * - `status`: a bare 5xx (default 503) with a plain-text body, as a load balancer sends it;
 * - `reset`: the connection is reset (RST) before any byte of the answer;
 * - `delay`: waits `ms` (default 1000), then forwards;
 * - `truncate`: forwards, but sends only half of the upstream body under the full Content-Length, then closes;
 * - `html403` / `html404`: an HTML error page of a corporate proxy (not an AWS error);
 * - `garbage200`: HTTP 200 with a body no AWS protocol can parse;
 * - `dropMarker`: forwards, but removes the `<Marker>` (and `<NextToken>`) of the answer, leaving
 *   `<IsTruncated>true</IsTruncated>`: a page that says more follows without saying where from.
 */
export type FaultKind =
  | "throttle"
  | "status"
  | "reset"
  | "delay"
  | "truncate"
  | "html403"
  | "html404"
  | "garbage200"
  | "dropMarker";

/** The request as the rules see it. */
export interface ProxiedRequest {
  /** `service:Action`, e.g. `sts:AssumeRole`, `ecr:GetAuthorizationToken`, `s3:PutObject`; `unknown` otherwise. */
  action: string;
  method: string;
  path: string;
  /** The request body as text (form parameters for the query protocol, JSON for ECR). */
  body: string;
}

/** One rule: requests for `action` (and matching `when`) get `fault`, `times` times (default: forever). */
export interface FaultRule {
  action: string;
  fault: FaultKind;
  times?: number;
  /** `status`: the HTTP status (default 503). */
  status?: number;
  /** `delay`: milliseconds (default 1000). */
  ms?: number;
  /** Only requests this returns true for (e.g. an AssumeRole without `ExternalId=`). */
  when?: (request: ProxiedRequest) => boolean;
}

/** One request the proxy received, and what it did with it. */
export interface ProxyRecord {
  action: string;
  /** The fault injected, or `forwarded`. */
  outcome: FaultKind | "forwarded";
}

/** A fault-injecting HTTP proxy in front of the emulator (or any upstream). */
export interface FaultProxy extends EmulatorEndpoint {
  /** Replaces the rules (and their remaining counts). */
  setRules(rules: readonly FaultRule[]): void;
  /** Every request received since the last `reset()`, in order. */
  readonly requests: readonly ProxyRecord[];
  /** How many requests for `action` (`service:Action`) were received, faulted or not. */
  count(action: string): number;
  /** Clears the rules and the record. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts a proxy on 127.0.0.1 (a free port) that forwards every request to `upstream` unless a rule says
 * otherwise. Point crossrole at it with AWS_ENDPOINT_URL or --endpoint-url. The action is read from the request:
 * `Action=` in the query or form body (STS, IAM: the service from the SigV4 credential scope), `X-Amz-Target`
 * (ECR's JSON protocol), and for S3 the method and path.
 */
export async function startFaultProxy(upstream: EmulatorEndpoint): Promise<FaultProxy> {
  const target = new URL(upstream.endpoint);
  let rules: { rule: FaultRule; left: number }[] = [];
  const requests: ProxyRecord[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const proxied: ProxiedRequest = {
        action: actionOf(req, body.toString("utf8")),
        method: req.method ?? "GET",
        path: req.url ?? "/",
        body: body.toString("utf8"),
      };
      const entry = rules.find(
        (r) =>
          r.left > 0 &&
          r.rule.action === proxied.action &&
          (r.rule.when === undefined || r.rule.when(proxied)),
      );
      if (entry !== undefined) entry.left--;
      const fault = entry?.rule;
      requests.push({ action: proxied.action, outcome: fault?.fault ?? "forwarded" });
      void answer(req, res, body, proxied, fault);
    });
  });

  async function answer(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    proxied: ProxiedRequest,
    fault: FaultRule | undefined,
  ): Promise<void> {
    switch (fault?.fault) {
      case undefined:
        return forward(req, res, body, false);
      case "dropMarker":
        return forward(req, res, body, false, dropMarker);
      case "delay":
        await new Promise((done) => setTimeout(done, fault.ms ?? 1000));
        return forward(req, res, body, false);
      case "truncate":
        return forward(req, res, body, true);
      case "reset": {
        const socket = req.socket as typeof req.socket & { resetAndDestroy?: () => void };
        if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
        else socket.destroy();
        return;
      }
      case "throttle":
        return send(res, throttleOf(proxied));
      case "status": {
        const status = fault.status ?? 503;
        return send(res, {
          status,
          type: "text/plain",
          body: `${status} ${STATUS_TEXT[status] ?? "Server Error"}\n`,
        });
      }
      case "html403":
        return send(res, { status: 403, type: "text/html", body: htmlPage(403, "Forbidden") });
      case "html404":
        return send(res, { status: 404, type: "text/html", body: htmlPage(404, "Not Found") });
      case "garbage200":
        return send(res, { status: 200, type: "text/plain", body: "this is not an AWS response <{[\n" });
    }
  }

  function forward(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    truncate: boolean,
    rewrite?: (text: string) => string,
  ): void {
    const out = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (up) => {
        if (rewrite !== undefined) {
          const parts: Buffer[] = [];
          up.on("data", (c: Buffer) => parts.push(c));
          up.on("end", () => {
            const text = Buffer.from(rewrite(Buffer.concat(parts).toString("utf8")), "utf8");
            const headers = { ...up.headers, "content-length": String(text.length) };
            delete headers["transfer-encoding"];
            res.writeHead(up.statusCode ?? 200, headers);
            res.end(text);
          });
          return;
        }
        if (!truncate) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        const parts: Buffer[] = [];
        up.on("data", (c: Buffer) => parts.push(c));
        up.on("end", () => {
          const full = Buffer.concat(parts);
          const headers = { ...up.headers, "content-length": String(Math.max(full.length, 64)) };
          delete headers["transfer-encoding"];
          res.writeHead(up.statusCode ?? 200, headers);
          res.write(full.subarray(0, Math.floor(full.length / 2)), () => res.socket?.destroy());
        });
      },
    );
    out.on("error", (error) => {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`fault proxy: upstream failed: ${String(error)}\n`);
    });
    out.end(body);
  }

  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    setRules(next) {
      rules = next.map((rule) => ({ rule, left: rule.times ?? Number.POSITIVE_INFINITY }));
    },
    count: (action) => requests.filter((r) => r.action === action).length,
    reset() {
      rules = [];
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

// --- internal ---

/** The answer without its continuation token (`dropMarker`). */
function dropMarker(text: string): string {
  return text.replace(/<Marker>[^<]*<\/Marker>/g, "").replace(/<NextToken>[^<]*<\/NextToken>/g, "");
}

const STATUS_TEXT: Record<number, string> = {
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** `service:Action` of a request (see {@link startFaultProxy}). */
export function actionOf(
  req: { method?: string | undefined; url?: string | undefined; headers: IncomingMessage["headers"] },
  body: string,
): string {
  const target = req.headers["x-amz-target"];
  if (typeof target === "string" && target.includes(".")) {
    const [prefix = "", operation = ""] = target.split(".");
    const service = /EC2ContainerRegistry/i.test(prefix) ? "ecr" : prefix.toLowerCase();
    return `${service}:${operation}`;
  }
  const url = new URL(req.url ?? "/", "http://proxy.invalid");
  const action = url.searchParams.get("Action") ?? new URLSearchParams(body).get("Action");
  const service = serviceOf(req.headers.authorization, url);
  if (action !== null && action !== "") return `${service ?? "unknown"}:${action}`;
  if (service === "s3") return `s3:${s3ActionOf(req.method ?? "GET", url)}`;
  return "unknown";
}

/** The service of the SigV4 credential scope (`Credential=AKID/DATE/REGION/SERVICE/aws4_request`). */
function serviceOf(authorization: string | undefined, url: URL): string | undefined {
  const scope =
    /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(authorization ?? "")?.[1] ??
    /\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(url.searchParams.get("X-Amz-Credential") ?? "")?.[1];
  return scope;
}

function s3ActionOf(method: string, url: URL): string {
  const [, bucket = "", ...key] = url.pathname.split("/");
  const hasKey = key.join("/") !== "";
  if (bucket === "") return "ListBuckets";
  switch (method) {
    case "PUT":
      return hasKey ? "PutObject" : "CreateBucket";
    case "DELETE":
      return hasKey ? "DeleteObject" : "DeleteBucket";
    case "HEAD":
      return hasKey ? "HeadObject" : "HeadBucket";
    default:
      return hasKey ? "GetObject" : "ListObjects";
  }
}

interface Canned {
  status: number;
  type: string;
  body: string;
  headers?: Record<string, string>;
}

function send(res: ServerResponse, canned: Canned): void {
  res.writeHead(canned.status, {
    "content-type": canned.type,
    "content-length": String(Buffer.byteLength(canned.body)),
    ...canned.headers,
  });
  res.end(canned.body);
}

/** The service's own throttling error, per protocol. */
function throttleOf(request: ProxiedRequest): Canned {
  const service = request.action.split(":")[0];
  const requestId = "00000000-0000-4000-8000-fau1tpr0xy00";
  if (service === "ecr") {
    return {
      status: 400,
      type: "application/x-amz-json-1.1",
      headers: { "x-amzn-requestid": requestId, "x-amzn-errortype": "ThrottlingException" },
      body: JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" }),
    };
  }
  if (service === "s3") {
    return {
      status: 503,
      type: "application/xml",
      headers: { "x-amz-request-id": requestId },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>${requestId}</RequestId></Error>`,
    };
  }
  const ns =
    service === "iam"
      ? "https://iam.amazonaws.com/doc/2010-05-08/"
      : "https://sts.amazonaws.com/doc/2011-06-15/";
  return {
    status: 400,
    type: "text/xml",
    headers: { "x-amzn-requestid": requestId },
    body: `<ErrorResponse xmlns="${ns}">\n  <Error>\n    <Type>Sender</Type>\n    <Code>Throttling</Code>\n    <Message>Rate exceeded</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`,
  };
}

function htmlPage(status: number, text: string): string {
  return `<!DOCTYPE html>\n<html><head><title>${status} ${text}</title></head>\n<body><h1>${text}</h1><p>The request was blocked by the network proxy (corporate policy).</p><hr><address>proxy.example</address></body></html>\n`;
}
