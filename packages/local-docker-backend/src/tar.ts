/** One regular file of an in-memory tar archive. */
export interface TarEntry {
  /** Path inside the archive, without a leading slash (≤ 100 bytes). */
  name: string;
  content: Uint8Array;
  /** Octal permission bits, default 0o644. */
  mode?: number;
}

function field(block: Buffer, offset: number, length: number, value: string): void {
  block.write(value, offset, length, 'utf8');
}

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0') + '\0';
}

/**
 * A ustar archive of regular files, built in memory: for `docker import` (the sandbox image) and for
 * `putArchive` (secret volumes), so that nothing is ever written to the host's disk. Pure.
 * @throws {RangeError} when a name is longer than 100 bytes.
 */
export function tarFiles(entries: readonly TarEntry[], mtimeInSeconds = 0): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    if (Buffer.byteLength(entry.name) > 100) throw new RangeError(`tar entry name "${entry.name}" is longer than 100 bytes`);
    const header = Buffer.alloc(512, 0);
    field(header, 0, 100, entry.name);
    field(header, 100, 8, octal(entry.mode ?? 0o644, 8));
    field(header, 108, 8, octal(0, 8));
    field(header, 116, 8, octal(0, 8));
    field(header, 124, 12, octal(entry.content.length, 12));
    field(header, 136, 12, octal(mtimeInSeconds, 12));
    field(header, 148, 8, '        ');
    field(header, 156, 1, '0');
    field(header, 257, 6, 'ustar\0');
    field(header, 263, 2, '00');
    let sum = 0;
    for (const b of header) sum += b;
    field(header, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
    parts.push(header, Buffer.from(entry.content));
    const pad = (512 - (entry.content.length % 512)) % 512;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  return Buffer.concat(parts);
}

/** The content of the first regular file of a tar archive (as the engine's `getArchive` returns one file), if any. Pure. */
export function untarFirst(archive: Buffer): Buffer | undefined {
  let o = 0;
  while (o + 512 <= archive.length) {
    const header = archive.subarray(o, o + 512);
    if (header.every((b) => b === 0)) return undefined;
    const size = parseInt(header.subarray(124, 136).toString('latin1').replace(/\0.*$/, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    if (type === '0' || type === '\0') return archive.subarray(o + 512, o + 512 + size);
    o += 512 + Math.ceil(size / 512) * 512;
  }
  return undefined;
}
