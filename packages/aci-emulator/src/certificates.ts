/**
 * The emulator's private PKI: a CA that clients trust, the HTTPS server's certificate and the service
 * principal's client certificate (for `ClientCertificateCredential`), all kept in the state directory so a
 * client that trusted the CA once keeps trusting it across restarts.
 */
import { X509Certificate, createPrivateKey, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import createDebug from 'debug';
import { ensureStateDir, readOptionalFile, writeFileAtomically } from './state-files.js';

type X509Module = typeof import('@peculiar/x509');
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const log = createDebug('container-hook:emulator');
const subtle = webcrypto.subtle;

const DAY_IN_MS = 24 * 60 * 60 * 1000;
const CA_VALIDITY_IN_DAYS = 3650;
const LEAF_VALIDITY_IN_DAYS = 730;
/** A certificate that expires sooner than this is replaced now rather than failing a long run later. */
const RENEW_BEFORE_IN_DAYS = 30;
const DEFAULT_SERVER_NAMES = ['localhost', '127.0.0.1', '::1'];

const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const EC_SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
// The client certificate's key must be RSA: MSAL signs its client assertion with PS256 (or RS256).
const RSA_KEY = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } as const;

/** The emulator's TLS material, as PEM text and as the paths clients are given. */
export interface EmulatorCertificates {
  /** `ca.pem`: what a client trusts (`NODE_EXTRA_CA_CERTS`, `REQUESTS_CA_BUNDLE`, `https.Agent({ ca })`). */
  caCertificatePath: string;
  caCertificatePem: string;
  /** The HTTPS server's certificate (`server.pem`), signed by the CA. */
  certificatePem: string;
  /** The HTTPS server's PKCS#8 private key (`server-key.pem`). */
  privateKeyPem: string;
  /** `client.pem`: the service principal's certificate followed by its PKCS#8 key, as `ClientCertificateCredential` reads it. */
  clientCertificatePath: string;
}

/** Options of {@link loadOrCreateCertificates}. */
export interface LoadOrCreateCertificatesOptions {
  /**
   * More host names or IP addresses the server certificate must cover (for example `host.docker.internal`
   * for containers that call back), besides `localhost`, `127.0.0.1` and `::1`.
   */
  serverNames?: string[];
}

/**
 * Loads the emulator's CA, server and client certificates from `stateDir`, creating what is missing.
 *
 * The CA (10 years) is created once and then reused. The server certificate (2 years; `localhost`,
 * `127.0.0.1`, `::1` and any `serverNames`) and the client certificate (2 years) are created again when
 * missing, due to expire within 30 days, no longer signed by the CA, or (server) missing a name.
 * Private keys are written with mode 0600.
 *
 * @param stateDir - The emulator's state directory (created with mode 0700 when missing).
 * @param options - Extra names for the server certificate.
 * @returns The PEM texts and file paths.
 */
export async function loadOrCreateCertificates(stateDir: string, options: LoadOrCreateCertificatesOptions = {}): Promise<EmulatorCertificates> {
  await ensureStateDir(stateDir);
  const x509 = await loadX509();
  const files = {
    ca: path.join(stateDir, 'ca.pem'),
    caKey: path.join(stateDir, 'ca-key.pem'),
    server: path.join(stateDir, 'server.pem'),
    serverKey: path.join(stateDir, 'server-key.pem'),
    client: path.join(stateDir, 'client.pem'),
  };

  const ca = await loadOrCreateCa(x509, files.ca, files.caKey);
  const serverNames = [...new Set([...DEFAULT_SERVER_NAMES, ...(options.serverNames ?? [])])];

  let certificatePem = await readOptionalFile(files.server);
  let privateKeyPem = await readOptionalFile(files.serverKey);
  if (certificatePem === undefined || privateKeyPem === undefined || !isUsableLeaf(certificatePem, ca.certificate, serverNames)) {
    log('creating the server certificate for %s', serverNames.join(', '));
    const keys = (await subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
    const certificate = await issueLeaf(x509, ca, keys, 'CN=localhost', [
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.SubjectAlternativeNameExtension(serverNames.map((name) => ({ type: isIP(name) ? 'ip' : 'dns', value: name }))),
    ]);
    certificatePem = certificate.toString('pem') + '\n';
    privateKeyPem = await exportPrivateKeyPem(keys.privateKey);
    await writeFileAtomically(files.serverKey, privateKeyPem, 0o600);
    await writeFileAtomically(files.server, certificatePem, 0o644);
  }

  const clientPem = await readOptionalFile(files.client);
  if (clientPem === undefined || !clientPem.includes('PRIVATE KEY-----') || !isUsableLeaf(clientPem, ca.certificate, [])) {
    log('creating the service principal client certificate');
    const keys = (await subtle.generateKey(RSA_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
    const certificate = await issueLeaf(x509, ca, keys, 'CN=container-hook ACI emulator service principal', [
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    ]);
    await writeFileAtomically(files.client, certificate.toString('pem') + '\n' + (await exportPrivateKeyPem(keys.privateKey)), 0o600);
  }

  return { caCertificatePath: files.ca, caCertificatePem: ca.pem, certificatePem, privateKeyPem, clientCertificatePath: files.client };
}

interface Ca {
  pem: string;
  certificate: X509Certificate;
  /** The CA's name as x509 parsed it, so that leaves name their issuer byte for byte. */
  subjectName: InstanceType<X509Module['Name']>;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

async function loadOrCreateCa(x509: X509Module, certificateFile: string, keyFile: string): Promise<Ca> {
  const pem = await readOptionalFile(certificateFile);
  const keyPem = await readOptionalFile(keyFile);
  if (pem !== undefined && keyPem !== undefined) {
    const certificate = new X509Certificate(pem);
    if (expiresAfter(certificate, RENEW_BEFORE_IN_DAYS)) {
      const privateKey = createPrivateKey(keyPem).toCryptoKey(EC_KEY, false, ['sign']);
      const parsed = new x509.X509Certificate(pem);
      const publicKey = await parsed.publicKey.export(EC_KEY, ['verify']);
      return { pem, certificate, subjectName: parsed.subjectName, privateKey, publicKey };
    }
    // WARNING: clients that trusted the old CA must trust the new one; this happens once in ten years.
    log('the emulator CA in %s expires soon: creating a new one', certificateFile);
  }
  log('creating the emulator CA in %s', certificateFile);
  const keys = (await subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const created = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=container-hook ACI emulator CA, O=container-hook',
    notBefore: new Date(now - DAY_IN_MS),
    notAfter: new Date(now + CA_VALIDITY_IN_DAYS * DAY_IN_MS),
    signingAlgorithm: EC_SIGNING,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const createdPem = created.toString('pem') + '\n';
  await writeFileAtomically(keyFile, await exportPrivateKeyPem(keys.privateKey), 0o600);
  await writeFileAtomically(certificateFile, createdPem, 0o644);
  return { pem: createdPem, certificate: new X509Certificate(createdPem), subjectName: created.subjectName, privateKey: keys.privateKey, publicKey: keys.publicKey };
}

async function issueLeaf(x509: X509Module, ca: Ca, keys: CryptoKeyPair, subject: string, extensions: InstanceType<X509Module['Extension']>[]) {
  const now = Date.now();
  return x509.X509CertificateGenerator.create({
    subject,
    issuer: ca.subjectName,
    // Backdated a day so that a client whose clock is slightly behind accepts it at once.
    notBefore: new Date(now - DAY_IN_MS),
    notAfter: new Date(now + LEAF_VALIDITY_IN_DAYS * DAY_IN_MS),
    signingAlgorithm: EC_SIGNING,
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      ...extensions,
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.publicKey),
    ],
  });
}

/** Whether a stored leaf certificate can be kept: signed by this CA, not expiring soon, covering `names`. */
function isUsableLeaf(pem: string, ca: X509Certificate, names: string[]): boolean {
  try {
    const certificate = new X509Certificate(pem);
    return (
      certificate.checkIssued(ca) &&
      certificate.verify(ca.publicKey) &&
      expiresAfter(certificate, RENEW_BEFORE_IN_DAYS) &&
      names.every((name) => (isIP(name) ? certificate.checkIP(name) : certificate.checkHost(name)) !== undefined)
    );
  } catch {
    return false;
  }
}

function expiresAfter(certificate: X509Certificate, days: number): boolean {
  return new Date(certificate.validTo).getTime() > Date.now() + days * DAY_IN_MS;
}

async function exportPrivateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await subtle.exportKey('pkcs8', key));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

/**
 * Imports `@peculiar/x509` on first use (only a state folder without certificates needs it).
 *
 * WARNING: it registers its algorithms with tsyringe, which refuses to load without a Reflect metadata
 * polyfill: `reflect-metadata` (the one inversify uses too) is loaded first.
 */
async function loadX509(): Promise<X509Module> {
  await import('reflect-metadata');
  return import('@peculiar/x509');
}
