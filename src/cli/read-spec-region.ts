import { loadSpec } from "../workflows/load-spec.js";

/**
 * The spec's top-level region, for the BUILD side's own STS calls of verify, revoke and rotate (the one region
 * order: --region, the spec's, AWS_REGION/AWS_DEFAULT_REGION). Reading the spec here fails exactly as the
 * workflow's own read would, only earlier.
 */
export async function readSpecRegion(file: string): Promise<string> {
  return (await loadSpec(file)).spec.region;
}
