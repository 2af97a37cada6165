/** Ports: the containers' and the group IP address's (which must match by number), and the DNS name label. */
import { NAME_RULES, nameProblem } from './names.js';
import { isRecord, itemsOf, type Problems } from './problems.js';

// Limits [docs] (aci-rest-contract.md §4, `container-instances-resource-and-quota-limits.md`).

/** Ports per IP address. */
const MAX_IP_PORTS = 5;

/** Checks a container's `ports` and adds the valid ones to `exposedPorts`. */
export function checkContainerPorts(ports: unknown, at: string, exposedPorts: Set<number>, problems: Problems): void {
  for (const [j, port] of itemsOf(ports).entries()) {
    if (!isRecord(port) || !Number.isInteger(port.port)) continue;
    const p = port.port as number;
    if (p < 1 || p > 65535) problems.add(`${at}[${j}].port`, `port must be between 1 and 65535 (it is ${p})`);
    else exposedPorts.add(p);
  }
}

export function checkIpAddress(ipAddress: unknown, exposedPorts: ReadonlySet<number> | undefined, problems: Problems): void {
  if (!isRecord(ipAddress)) return;
  const ports = itemsOf(ipAddress.ports);
  if (ports.length > MAX_IP_PORTS) {
    problems.add('ipAddress.ports', `an IP address can expose at most ${MAX_IP_PORTS} ports (it has ${ports.length})`);
  }
  for (const [i, port] of ports.entries()) {
    if (!isRecord(port) || !Number.isInteger(port.port)) continue;
    const p = port.port as number;
    const at = `ipAddress.ports[${i}].port`;
    if (p < 1 || p > 65535) problems.add(at, `port must be between 1 and 65535 (it is ${p})`);
    // The service matches the group's ports to the containers' by number.
    else if (exposedPorts && !exposedPorts.has(p)) problems.add(at, `port ${p} is not exposed by any container; add it to a container's ports`);
  }
  if (typeof ipAddress.dnsNameLabel === 'string') {
    const problem = nameProblem(ipAddress.dnsNameLabel, NAME_RULES.dnsNameLabel);
    if (problem) problems.add('ipAddress.dnsNameLabel', problem);
  }
}
