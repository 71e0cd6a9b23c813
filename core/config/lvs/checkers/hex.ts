/**
 * keepalived read_hex_str() for UDP_CHECK payload / require_reply: hex digits
 * (whitespace ignored, two per byte); with `allowWildcards` an X nibble matches
 * anything and sets the corresponding mask bits. undefined = invalid.
 */
export function readHexBytes(
  text: string,
  allowWildcards: boolean,
): { readonly data: number[]; readonly mask: number[] } | undefined {
  const digits = text.replace(/\s+/g, '');
  if (digits.length === 0 || digits.length % 2 !== 0) return undefined;
  const data: number[] = [];
  const mask: number[] = [];
  for (let i = 0; i < digits.length; i += 2) {
    let byte = 0;
    let byteMask = 0;
    for (const ch of digits.slice(i, i + 2)) {
      byte <<= 4;
      byteMask <<= 4;
      if (/[0-9a-fA-F]/.test(ch)) byte |= parseInt(ch, 16);
      else if (allowWildcards && (ch === 'X' || ch === 'x')) byteMask |= 0xf;
      else return undefined;
    }
    data.push(byte);
    mask.push(byteMask);
  }
  return { data, mask: mask.some((m) => m !== 0) ? mask : [] };
}
