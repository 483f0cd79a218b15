import { Problems } from '../validation/problems';

// [registry[:port]/]repository[:tag][@algorithm:digest] (the distribution reference grammar)
const REPOSITORY = /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

/** A container image reference split into its parts. */
export interface ImageReference {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Splits `registry:5000/team/app:1.2.3@sha256:...` into repository, tag and digest. */
export function parseImage(image: string): ImageReference | undefined {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  if (rest.length === 0 || rest.length > 255 || !REPOSITORY.test(rest)) return undefined;
  // The first component is a registry only when it looks like a host (has '.' or ':', or is
  // localhost); otherwise it is a path component and must be lowercase (`Team/app` is invalid).
  const slash = rest.indexOf('/');
  const head = slash >= 0 ? rest.slice(0, slash) : undefined;
  if (head !== undefined && !/[.:]/.test(head) && head !== 'localhost' && !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(head)) return undefined;
  return { repository: rest, tag, digest };
}

/**
 * Checks that an image is well formed and pinned: a digest, or a tag other than `latest`.
 * Unpinned images make rollbacks and audits guesswork: the same manifest can run different
 * code on different nodes.
 */
export function checkImage(problems: Problems, at: string, image: string, allowUnpinned: boolean): ImageReference | undefined {
  const ref = parseImage(image);
  if (!ref) {
    problems.invalid(at, `${JSON.stringify(image)} is not a valid image reference: expected [registry/]repository[:tag][@sha256:digest]`);
    return undefined;
  }
  if (!allowUnpinned && !ref.digest) {
    if (!ref.tag) {
      problems.invalid(at, `${JSON.stringify(image)} has no tag; pin a tag or digest (or set allowUnpinnedImages: true)`);
    } else if (ref.tag === 'latest') {
      problems.invalid(at, `${JSON.stringify(image)} uses the mutable "latest" tag; pin a version tag or digest (or set allowUnpinnedImages: true)`);
    }
  }
  return ref;
}

/**
 * The `app.kubernetes.io/version` value an image implies: its tag when that is a valid label
 * value; undefined for digest-only references.
 */
export function versionFromImage(ref: ImageReference): string | undefined {
  const tag = ref.tag;
  return tag !== undefined && tag.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(tag) ? tag : undefined;
}

/**
 * `IfNotPresent` for digests (immutable, so a cached copy is the same image) and `Always` for
 * tags (tags can be moved: every node then resolves the tag to the same image).
 */
export function pullPolicyFor(ref: ImageReference): 'Always' | 'IfNotPresent' {
  return ref.digest ? 'IfNotPresent' : 'Always';
}
