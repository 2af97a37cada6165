import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-test-utils.js';

const SECRET = 'S3cr3t-Pa55';
const env = {
  AIRFLOW_CONN_ACI: `azure-container-instance://client-id:${SECRET}@?tenantId=tenant-1&subscriptionId=sub-1&client_secret=${SECRET}x`,
  AIRFLOW_CONN_REGISTRY: JSON.stringify({ conn_type: 'docker', host: 'registry.example.com', login: 'robot', password: SECRET, extra: { docker_url: 'unix:///var/run/docker.sock' } }),
};

describe('connections list', () => {
  it('prints id, type, source, host and login of every connection, never a secret', async () => {
    const r = await runCli(['connections', 'list'], { env });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const [header, ...rows] = r.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+TYPE\s+SOURCE\s+HOST\s+LOGIN$/);
    expect(rows).toEqual([
      expect.stringMatching(/^aci\s+azure_container_instance\s+env AIRFLOW_CONN_ACI\s+client-id$/),
      expect.stringMatching(/^docker_default\s+docker\s+built-in$/),
      expect.stringMatching(/^registry\s+docker\s+env AIRFLOW_CONN_REGISTRY\s+registry\.example\.com\s+robot$/),
    ]);
    expect(r.stdout).not.toContain(SECRET);
  });

  it('--json prints the redacted connections with their sources', async () => {
    const r = await runCli(['connections', 'list', '--json'], { env });
    expect(r.exitCode).toBe(0);
    const list = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(list.map((c) => [c.connId, c.source])).toEqual([
      ['aci', 'env'],
      ['docker_default', 'builtin'],
      ['registry', 'env'],
    ]);
    expect(list[2]).toMatchObject({ connType: 'docker', host: 'registry.example.com', login: 'robot', password: '***', extra: { docker_url: 'unix:///var/run/docker.sock' } });
    expect(list[0]).toMatchObject({ login: 'client-id', password: '***', extra: { tenantId: 'tenant-1', client_secret: '***' } });
    expect(r.stdout).not.toContain(SECRET);
  });

  it('lists the connections file with its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-conn-'));
    const file = join(dir, 'connections.json');
    await writeFile(file, JSON.stringify({ my_docker: { conn_type: 'docker', password: SECRET } }));
    const r = await runCli(['connections', 'list'], { env: { CONTAINER_HOOK_CONNECTIONS_FILE: file } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^my_docker\\s+docker\\s+file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
    expect(r.stdout).not.toContain(SECRET);
  });

  it('a broken connection variable is one clear line, without its secret', async () => {
    const r = await runCli(['connections', 'list'], { env: { AIRFLOW_CONN_BAD: `{"conn_type": "docker", "password": "${SECRET}"` } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^container-hook: [^\n]*AIRFLOW_CONN_BAD[^\n]* \(ConnectionConfig\)\n$/);
    expect(r.stderr).not.toContain(SECRET);
  });
});

describe('connections get', () => {
  it('shows one connection, password and secret extras redacted', async () => {
    const r = await runCli(['connections', 'get', 'aci'], { env });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^id:\s+aci$/m);
    expect(r.stdout).toMatch(/^type:\s+azure_container_instance$/m);
    expect(r.stdout).toMatch(/^login:\s+client-id$/m);
    expect(r.stdout).toMatch(/^password:\s+\*\*\*$/m);
    expect(r.stdout).toMatch(/^extra\.tenantId:\s+tenant-1$/m);
    expect(r.stdout).toMatch(/^extra\.client_secret:\s+\*\*\*$/m);
    expect(r.stdout).not.toContain(SECRET);
  });

  it('--json prints the redacted connection', async () => {
    const r = await runCli(['--json', 'connections', 'get', 'registry'], { env });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      connId: 'registry',
      connType: 'docker',
      host: 'registry.example.com',
      login: 'robot',
      password: '***',
      extra: { docker_url: 'unix:///var/run/docker.sock' },
    });
  });

  it('the built-in docker_default needs no configuration', async () => {
    const r = await runCli(['--json', 'connections', 'get', 'docker_default']);
    expect(JSON.parse(r.stdout)).toMatchObject({ connId: 'docker_default', connType: 'docker' });
  });

  it('an unknown id is one line saying how to define it (exit 1)', async () => {
    const r = await runCli(['connections', 'get', 'nope']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^container-hook: connection "nope" was not found; set AIRFLOW_CONN_NOPE [^\n]*\(ConnectionNotFound\)\n$/);
  });
});
