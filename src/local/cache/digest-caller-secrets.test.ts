import { createHash, createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { digestCallerSecrets } from "./digest-caller-secrets.js";

const S = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

describe("digestCallerSecrets", () => {
  it("is null without a secret or token (no crypto needed)", () => {
    expect(digestCallerSecrets({})).toBeNull();
    expect(
      digestCallerSecrets({ AWS_ACCESS_KEY_ID: "AKIA", AWS_SECRET_ACCESS_KEY: "", AWS_SESSION_TOKEN: "" }),
    ).toBeNull();
  });

  it("differs for every secret/token combination and never contains them", () => {
    const envs = [
      { AWS_SECRET_ACCESS_KEY: S },
      { AWS_SECRET_ACCESS_KEY: `${S.slice(0, -1)}X` },
      { AWS_SECRET_ACCESS_KEY: S, AWS_SESSION_TOKEN: "token-1" },
      { AWS_SECRET_ACCESS_KEY: S, AWS_SESSION_TOKEN: "token-2" },
      { AWS_SESSION_TOKEN: "token-1" },
    ];
    const digests = envs.map((env) => digestCallerSecrets(env));
    expect(new Set(digests).size).toBe(envs.length);
    for (const d of digests) {
      expect(d).toMatch(/^[0-9a-f]{64}$/);
      expect(d).not.toContain(S);
    }
  });

  it("is keyed: not a plain SHA-256 of the secret, which anyone could test guesses against offline", () => {
    const digest = digestCallerSecrets({ AWS_SECRET_ACCESS_KEY: S });
    for (const text of [S, JSON.stringify([S, null])]) {
      expect(digest).not.toBe(createHash("sha256").update(text).digest("hex"));
    }
    expect(digest).toBe(digestCallerSecrets({ AWS_SECRET_ACCESS_KEY: S }));
    expect(digest).toBe(
      createHmac("sha256", "crossrole/cache-key/caller-secrets/v1")
        .update(JSON.stringify([S, null]))
        .digest("hex"),
    );
  });

  it("binds a web identity token by its content, not its path: another token at the same path is another caller", () => {
    const dir = mkdtempSync(join(tmpdir(), "crossrole-wit-digest-"));
    try {
      const file = join(dir, "token");
      const env = { AWS_WEB_IDENTITY_TOKEN_FILE: file, AWS_ROLE_ARN: "arn:aws:iam::222222222222:role/ci" };
      writeFileSync(file, "header.allowed-sub.signature");
      const allowed = digestCallerSecrets(env);
      writeFileSync(file, "header.other-sub.signature");
      const other = digestCallerSecrets(env);
      expect(allowed).toMatch(/^[0-9a-f]{64}$/);
      expect(other).not.toBe(allowed);
      expect(other).not.toContain("other-sub");
      rmSync(file);
      expect(digestCallerSecrets(env)).not.toBe(other); // a missing file is a caller of its own (the SDK fails)
      expect(digestCallerSecrets({ AWS_SECRET_ACCESS_KEY: S })).toBe(
        digestCallerSecrets({ AWS_SECRET_ACCESS_KEY: S, AWS_WEB_IDENTITY_TOKEN_FILE: "" }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
