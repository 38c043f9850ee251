import { spawn } from "node:child_process";
import { EnvironmentError } from "../../core/errors.js";

/** Options of {@link runDockerLogin}. */
export interface RunDockerLoginOptions {
  host: string;
  username: string;
  /** Written to docker's stdin, never to its argv or environment. */
  password: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The docker executable (default `docker`, looked up on PATH). */
  docker?: string;
}

/**
 * Runs `docker login --username USER --password-stdin HOST` with the password on stdin, so it never appears in any
 * process's argv (ps, /proc) or in docker's "--password via the CLI is insecure" warning.
 * @throws EnvironmentError `DOCKER_NOT_FOUND` when docker is not installed, `DOCKER_LOGIN_FAILED` with docker's
 *   own output (with the password masked, should docker ever echo it) when it exits non-zero.
 */
export async function runDockerLogin(options: RunDockerLoginOptions): Promise<void> {
  const docker = options.docker ?? "docker";
  const args = ["login", "--username", options.username, "--password-stdin", options.host];
  const { code, output } = await new Promise<{ code: number | null; output: string }>((done, fail) => {
    const child = spawn(docker, args, {
      env: options.env as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      if (output.length < 8192) output += chunk.toString("utf8");
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") {
        fail(
          new EnvironmentError("DOCKER_NOT_FOUND", `--docker: the "${docker}" command was not found.`, {
            hint: "Install docker (or put it on PATH), or leave out --docker: crossrole then writes docker's config.json itself.",
            cause: error,
          }),
        );
      } else {
        fail(
          new EnvironmentError("DOCKER_LOGIN_FAILED", `--docker: cannot run ${docker}: ${error.message}`, {
            cause: error,
          }),
        );
      }
    });
    child.stdin.on("error", () => undefined);
    child.once("close", (exitCode) => done({ code: exitCode, output }));
    child.stdin.end(`${options.password}\n`);
  });
  if (code !== 0) {
    const said = output.split(options.password).join("****").trim();
    throw new EnvironmentError(
      "DOCKER_LOGIN_FAILED",
      `docker login ${options.host} failed (exit ${code ?? "signal"})${said === "" ? "." : `:\n${said}`}`,
      { hint: "Run docker login yourself to see the problem, or leave out --docker." },
    );
  }
}
