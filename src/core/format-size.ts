const MIB = 1024 * 1024;

/** A size for people: "300 bytes", "12 KiB", "3.2 MiB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [value, unit] = bytes < MIB ? [bytes / 1024, "KiB"] : [bytes / MIB, "MiB"];
  return `${value.toFixed(1).replace(/\.0$/, "")} ${unit}`;
}
