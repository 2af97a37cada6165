/** The group's volumes (names, kinds, contents) and the containers' mounts of them. */
import { NAME_RULES, nameProblem } from './names.js';
import { formatPath, isRecord, itemsOf, type Problems, type Rec } from './problems.js';

// Limits [docs] (aci-rest-contract.md §4, `container-instances-resource-and-quota-limits.md`).

/** Volumes per group. */
const MAX_VOLUMES = 20;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const VOLUME_KINDS = ['azureFile', 'emptyDir', 'secret', 'gitRepo'] as const;

/** Checks `volumes` and returns the declared names (valid or not, so mounts are judged only once). */
export function checkVolumes(group: Rec, problems: Problems): Set<string> {
  const names = new Set<string>();
  const volumes = itemsOf(group.volumes);
  if (volumes.length > MAX_VOLUMES) problems.add('volumes', `a container group can have at most ${MAX_VOLUMES} volumes (it has ${volumes.length})`);
  for (const [i, volume] of volumes.entries()) {
    if (!isRecord(volume)) continue;
    const at = `volumes[${i}]`;
    if (typeof volume.name === 'string') {
      const problem = nameProblem(volume.name, NAME_RULES.volume);
      if (problem) problems.add(`${at}.name`, problem);
      if (names.has(volume.name)) {
        const first = volumes.findIndex((v) => isRecord(v) && v.name === volume.name);
        problems.add(`${at}.name`, `the volume name ${JSON.stringify(volume.name)} is already used by volumes[${first}]`);
      }
      names.add(volume.name);
    }
    const kinds = VOLUME_KINDS.filter((k) => volume[k] !== undefined && volume[k] !== null);
    if (kinds.length !== 1) {
      const has = kinds.length === 0 ? 'it has none' : `it has ${kinds.join(' and ')}`;
      problems.add(at, `a volume needs exactly one of azureFile, emptyDir, secret or gitRepo (${has})`);
    }
    if (isRecord(volume.secret)) {
      for (const [file, content] of Object.entries(volume.secret)) {
        if (typeof content === 'string' && !BASE64.test(content)) {
          problems.add(formatPath(['volumes', i, 'secret', file]), `the content of secret file ${JSON.stringify(file)} must be base64-encoded`);
        }
      }
    }
    if (isRecord(volume.azureFile)) {
      for (const field of ['shareName', 'storageAccountName'] as const) {
        const value = volume.azureFile[field];
        if (typeof value === 'string' && value.trim() === '') problems.add(`${at}.azureFile.${field}`, `${field} must not be empty`);
      }
    }
    if (isRecord(volume.gitRepo) && typeof volume.gitRepo.repository === 'string' && volume.gitRepo.repository.trim() === '') {
      problems.add(`${at}.gitRepo.repository`, 'the repository must not be empty');
    }
  }
  return names;
}

export function checkVolumeMounts(mounts: unknown, at: string, volumeNames: ReadonlySet<string>, problems: Problems): void {
  for (const [i, mount] of itemsOf(mounts).entries()) {
    if (!isRecord(mount)) continue;
    if (typeof mount.name === 'string' && !volumeNames.has(mount.name)) {
      problems.add(`${at}[${i}].name`, `the volume mount names ${JSON.stringify(mount.name)}, which is not one of the group's volumes`);
    }
    // The spec's only rule on mountPath is "must not contain a colon". The docs' examples are absolute, but
    // the real service accepted "mnt/mydir" (aci-recordings/*/recording_containergroups_create_test.json),
    // so a relative path is not refused here.
    if (typeof mount.mountPath === 'string') {
      if (mount.mountPath.trim() === '') problems.add(`${at}[${i}].mountPath`, 'the mount path must not be empty');
      else if (mount.mountPath.includes(':')) problems.add(`${at}[${i}].mountPath`, 'the mount path must not contain ":"');
    }
  }
}
