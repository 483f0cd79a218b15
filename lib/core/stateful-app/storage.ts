import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { STATEFUL_DEFAULTS } from './defaults';
import { PersistentStorageProps } from './props';
import { checkDns1123Label, checkDns1123Subdomain, checkKnownKeys, checkObject, describe, checkMountPath } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { quantity } from '../validation/values';
import { StorageMount } from '../workload/pod';
import { checkAccessModes } from '../workload/volumes';

/** The claim templates and where they are mounted, from the storage prop; entries with problems give none (recorded). */
export function resolveStorage(problems: Problems, storage: unknown): { templates: PersistentVolumeClaim[]; mounts: StorageMount[] } {
  const templates: PersistentVolumeClaim[] = [];
  const mounts: StorageMount[] = [];
  if (storage === undefined) return { templates, mounts };
  if (!Array.isArray(storage)) {
    problems.invalid('storage', `must be an array of storage entries, got ${describe(storage)}`);
    return { templates, mounts };
  }
  const names = new Set<string>();
  storage.forEach((s: PersistentStorageProps, i) => {
    const entry = resolveEntry(problems, path('storage', i), s, names);
    if (!entry) return;
    templates.push(entry.template);
    mounts.push(entry.mount);
  });
  return { templates, mounts };
}

function resolveEntry(
  problems: Problems,
  at: string,
  s: PersistentStorageProps,
  names: Set<string>,
): { template: PersistentVolumeClaim; mount: StorageMount } | undefined {
  if (!checkObject(problems, at, s)) return undefined;
  checkKnownKeys(problems, at, s, ['name', 'mountPath', 'size', 'storageClassName', 'accessModes', 'volumeMode', 'containers'], ['PersistentVolumeClaimSpec']);
  if (checkDns1123Label(problems, path(at, 'name'), s.name)) {
    if (names.has(s.name)) problems.duplicate(path(at, 'name'), `${JSON.stringify(s.name)} is used by another storage entry`);
    if (s.name === 'tmp' || s.name.startsWith('tmp-')) {
      problems.duplicate(path(at, 'name'), `${JSON.stringify(s.name)} clashes with the writable-directory volumes keelson adds (tmp, ...); choose another name`);
    }
    names.add(s.name);
  }
  const mountOk = checkMountPath(problems, path(at, 'mountPath'), s.mountPath);
  const size = s.size === undefined
    ? (problems.required(path(at, 'size'), 'is required, e.g. "10Gi"'), undefined)
    : quantity(problems, path(at, 'size'), s.size, 'storage');
  if (s.storageClassName !== undefined) checkDns1123Subdomain(problems, path(at, 'storageClassName'), s.storageClassName);
  const accessModes = s.accessModes ?? STATEFUL_DEFAULTS.accessModes;
  const modesOk = checkAccessModes(problems, at, accessModes);
  const volumeMode = s.volumeMode ?? STATEFUL_DEFAULTS.volumeMode;
  if (volumeMode !== 'Filesystem' && volumeMode !== 'Block') {
    problems.notSupported(path(at, 'volumeMode'), `must be 'Filesystem' or 'Block', got ${describe(volumeMode)}`);
  }
  if (s.containers !== undefined && (!Array.isArray(s.containers) || s.containers.some((c) => typeof c !== 'string'))) {
    problems.invalid(path(at, 'containers'), `must be a list of container names, got ${describe(s.containers)}`);
    return undefined;
  }
  if (s.containers !== undefined && s.containers.length === 0) {
    problems.invalid(path(at, 'containers'), 'must name at least one container: a volume no container mounts is provisioned for nothing; omit it for the default (the first container and every init container)');
    return undefined;
  }
  // No template from a malformed entry (e.g. accessModes: 0 from JavaScript); its problems are reported.
  if (!size || !mountOk || !modesOk || typeof s.name !== 'string') return undefined;
  return {
    template: {
      // Only labels that never change: claim templates are immutable.
      metadata: { name: s.name },
      spec: {
        accessModes: [...accessModes],
        ...(s.storageClassName !== undefined ? { storageClassName: s.storageClassName } : {}),
        volumeMode,
        resources: { requests: { storage: size.toString() } },
      },
    },
    mount: { volumeName: s.name, path: s.mountPath, block: volumeMode === 'Block', containers: s.containers, at },
  };
}
