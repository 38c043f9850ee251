import { AwsOperationError } from "../core/errors.js";

/**
 * One page of an IAM listing, checked before the SDK's paginator moves on: the paginator stops when a page has no
 * `Marker`, even one that says `IsTruncated: true`, so a list cut short (a proxy, an emulator, an IAM fault) would be
 * taken for the whole list, and an audit or a live lint judged on it could pass. Such a page is an error instead
 * (AWS_ERROR: the run fails as not judged). Returns the page.
 */
export function checkIamPage<T extends { IsTruncated?: boolean | undefined; Marker?: string | undefined }>(
  page: T,
  action: string,
): T {
  if (page.IsTruncated === true && (page.Marker === undefined || page.Marker === "")) {
    throw new AwsOperationError(
      "AWS_ERROR",
      `iam:${action} answered a page marked truncated (IsTruncated) without a Marker to read the rest from: the list is incomplete, so nothing is judged on it.`,
      {
        hint: "Run the command again; if it persists, check any proxy between here and AWS and AWS_ENDPOINT_URL / --endpoint-url.",
      },
    );
  }
  return page;
}
