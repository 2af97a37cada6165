import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateCertificates } from './certificates.js';

let stateDir: string;
beforeEach(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), 'aci-emulator-certificates-'));
});
afterEach(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

async function mode(file: string): Promise<number> {
  return (await stat(file)).mode & 0o777;
}

describe('loadOrCreateCertificates', () => {
  it('creates a CA, a server certificate for localhost, 127.0.0.1 and ::1, and a client certificate', async () => {
    const certificates = await loadOrCreateCertificates(stateDir);

    expect(certificates.caCertificatePath).toBe(path.join(stateDir, 'ca.pem'));
    expect(await readFile(certificates.caCertificatePath, 'utf8')).toBe(certificates.caCertificatePem);
    const ca = new X509Certificate(certificates.caCertificatePem);
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(new Date(ca.validTo).getTime()).toBeGreaterThan(Date.now() + 9 * 365 * 24 * 3600_000);

    const server = new X509Certificate(certificates.certificatePem);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca) && server.verify(ca.publicKey)).toBe(true);
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkIP('::1')).toBe('::1');
    expect(server.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
    expect(createPublicKey(createPrivateKey(certificates.privateKeyPem)).export({ format: 'jwk' })).toEqual(server.publicKey.export({ format: 'jwk' }));

    const clientPem = await readFile(certificates.clientCertificatePath, 'utf8');
    expect(clientPem).toMatch(/^-----BEGIN CERTIFICATE-----[\s\S]+-----BEGIN PRIVATE KEY-----/);
    const client = new X509Certificate(clientPem);
    expect(client.verify(ca.publicKey)).toBe(true);
    expect(client.keyUsage).toContain('1.3.6.1.5.5.7.3.2');
    // MSAL signs client assertions with PS256, which needs an RSA key.
    expect(client.publicKey.asymmetricKeyType).toBe('rsa');
    expect(createPublicKey(createPrivateKey(clientPem)).export({ format: 'jwk' })).toEqual(client.publicKey.export({ format: 'jwk' }));

    expect(await mode(path.join(stateDir, 'ca-key.pem'))).toBe(0o600);
    expect(await mode(path.join(stateDir, 'server-key.pem'))).toBe(0o600);
    expect(await mode(certificates.clientCertificatePath)).toBe(0o600);
  });

  it('reuses the stored files on the next call', async () => {
    const first = await loadOrCreateCertificates(stateDir);
    const clientPem = await readFile(first.clientCertificatePath, 'utf8');
    const second = await loadOrCreateCertificates(stateDir);
    expect(second).toEqual(first);
    expect(await readFile(second.clientCertificatePath, 'utf8')).toBe(clientPem);
  });

  it('replaces a server certificate that expires soon or lacks a name, keeping the CA', async () => {
    const first = await loadOrCreateCertificates(stateDir);
    // A certificate the CA did not sign stands for one that is broken or stale.
    await writeFile(path.join(stateDir, 'server.pem'), first.caCertificatePem);
    const second = await loadOrCreateCertificates(stateDir);
    expect(second.caCertificatePem).toBe(first.caCertificatePem);
    expect(second.certificatePem).not.toBe(first.certificatePem);

    const third = await loadOrCreateCertificates(stateDir, { serverNames: ['host.docker.internal', '172.17.0.1'] });
    expect(third.certificatePem).not.toBe(second.certificatePem);
    const server = new X509Certificate(third.certificatePem);
    expect(server.checkHost('host.docker.internal')).toBe('host.docker.internal');
    expect(server.checkIP('172.17.0.1')).toBe('172.17.0.1');
    expect(server.checkHost('localhost')).toBe('localhost');
  });

  it('serves TLS that a client trusting only the CA accepts', async () => {
    const certificates = await loadOrCreateCertificates(stateDir);
    const server = https.createServer({ key: certificates.privateKeyPem, cert: certificates.certificatePem }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      for (const host of ['127.0.0.1', 'localhost']) {
        const body = await new Promise<string>((resolve, reject) => {
          https
            .get({ host: '127.0.0.1', servername: host === 'localhost' ? 'localhost' : undefined, port, path: '/', ca: certificates.caCertificatePem, headers: { host } }, (res) => {
              let text = '';
              res.on('data', (chunk: Buffer) => (text += chunk.toString()));
              res.on('end', () => resolve(text));
            })
            .on('error', reject);
        });
        expect(body).toBe('ok');
      }
    } finally {
      server.close();
    }
  });
});
