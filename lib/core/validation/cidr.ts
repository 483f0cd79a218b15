/**
 * CIDR blocks as the API server reads them (`ipBlock.cidr` and `except`): parsed into an address
 * and a prefix length, compared, and checked against the canonical form the API server asks for.
 * Plain BigInt arithmetic (no bitwise operators): the address is a number of 32 or 128 bits.
 */

/** A parsed CIDR block. */
export interface Cidr {
  /** Address length: 32 (IPv4) or 128 (IPv6). */
  readonly bits: number;
  readonly address: bigint;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n` or an IPv6 CIDR; undefined when it is not one. */
export function parseCidr(cidr: unknown): Cidr | undefined {
  if (typeof cidr !== 'string') return undefined;
  const [addr, bits, extra] = cidr.split('/');
  if (extra !== undefined || bits === undefined || !/^\d{1,3}$/.test(bits)) return undefined;
  const prefix = Number(bits);
  if (addr.includes(':')) {
    const address = parseIpv6(addr);
    return prefix <= 128 && address !== undefined ? { bits: 128, address, prefix } : undefined;
  }
  const address = parseIpv4(addr);
  return prefix <= 32 && address !== undefined ? { bits: 32, address, prefix } : undefined;
}

/** True for a syntactically valid IPv4 or IPv6 CIDR (canonical or not). */
export function checkCidr(cidr: unknown): boolean {
  return parseCidr(cidr) !== undefined;
}

/** An IPv4 address without leading zeros (which some software reads as octal). */
export function parseIpv4(addr: string): bigint | undefined {
  const octets = addr.split('.');
  if (octets.length !== 4 || !octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255 && !(o.length > 1 && o.startsWith('0')))) return undefined;
  return octets.reduce((acc, o) => acc * 256n + BigInt(o), 0n);
}

/** An IPv6 address in hexadecimal groups, `::` allowed once. */
export function parseIpv6(addr: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(addr)) return undefined;
  const halves = addr.split('::');
  if (halves.length > 2) return undefined;
  const parts = halves.map((h) => (h === '' ? [] : h.split(':')));
  const groups = parts.flat();
  if (groups.some((g) => g.length === 0 || g.length > 4)) return undefined;
  if (halves.length === 2 ? groups.length >= 8 : groups.length !== 8) return undefined;
  const full = halves.length === 2 ? [...parts[0], ...Array(8 - groups.length).fill('0'), ...parts[1]] : groups;
  return full.reduce((acc, g) => acc * 65536n + BigInt(parseInt(g, 16)), 0n);
}

/** The block's network address: the address with every bit beyond the prefix cleared. */
export function networkOf(c: Cidr): bigint {
  const hostRange = 2n ** BigInt(c.bits - c.prefix);
  return (c.address / hostRange) * hostRange;
}

/** `sub` lies inside `block` and is smaller (what Kubernetes requires of `except`). */
export function strictSubset(sub: Cidr, block: Cidr): boolean {
  return sub.bits === block.bits && sub.prefix > block.prefix && contains(block, sub.address, sub.bits);
}

/** Does the block contain the address (of the same family)? */
export function contains(block: Cidr, address: bigint, bits: number): boolean {
  if (bits !== block.bits) return false;
  const hostRange = 2n ** BigInt(block.bits - block.prefix);
  return address / hostRange === block.address / hostRange;
}

/** The address as text: dotted quad, or RFC 5952 IPv6 (lowercase, no leading zeros, the longest zero run as `::`). */
export function formatAddress(address: bigint, bits: number): string {
  if (bits === 32) return [24n, 16n, 8n, 0n].map((s) => String((address / 2n ** s) % 256n)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((address / 2n ** BigInt(112 - 16 * i)) % 65536n));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.length < 2) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}

/**
 * What is wrong with a valid CIDR's form, as the API server judges it (strict validation rejects,
 * older servers warn): bits set beyond the prefix length, an IPv4-mapped IPv6 address, or a form
 * other than the canonical one (IPv6 per RFC 5952, no leading zeros in the prefix length).
 * Undefined when it is canonical.
 */
export function cidrFormProblem(text: string, c: Cidr): string | undefined {
  const network = networkOf(c);
  if (c.bits === 128 && c.address / 2n ** 32n === 0xffffn) {
    return `${JSON.stringify(text)} is an IPv4-mapped IPv6 address, which the API server rejects: write the IPv4 CIDR itself`;
  }
  if (network !== c.address) {
    return `${JSON.stringify(text)} has bits set beyond the prefix length, which the API server rejects as ambiguous: use ${JSON.stringify(`${formatAddress(network, c.bits)}/${c.prefix}`)} for the network or ${JSON.stringify(`${formatAddress(c.address, c.bits)}/${c.bits}`)} for the one address`;
  }
  const canonical = `${formatAddress(c.address, c.bits)}/${c.prefix}`;
  return canonical === text ? undefined : `${JSON.stringify(text)} is not in canonical form, which the API server asks for: use ${JSON.stringify(canonical)}`;
}
