import { BlockList, isIP } from 'node:net';

/** Parses `10.0.0.0/8`, `2001:db8::/32` or a bare address; null when it is not one. */
export function parseCidr(
  value: string,
): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address, bits, ...rest] = value.trim().split('/');
  if (!address || rest.length > 0) return null;
  const version = isIP(address);
  if (version === 0) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** IPv4-mapped IPv6 (`::ffff:10.1.2.3`, what Node reports on dual-stack sockets) -> IPv4. */
function normalise(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1]! : ip;
}

/** Whether `ip` is inside any of the CIDR blocks. An unknown or unparsable ip is outside all of them. */
export function ipAllowed(ip: string | null, cidrs: readonly string[]): boolean {
  if (!ip) return false;
  const address = normalise(ip.trim());
  const version = isIP(address);
  if (version === 0) return false;
  const list = new BlockList();
  for (const c of cidrs) {
    const parsed = parseCidr(c);
    if (parsed) list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return list.check(address, version === 4 ? 'ipv4' : 'ipv6');
}
