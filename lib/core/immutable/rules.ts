/**
 * The shape of the immutable-field data (fields.ts): for one kind, how the API server treats an
 * update of each field keelson emits (or a JSON patch could set).
 */

/**
 * What an update of a field does:
 * - `immutable`: any change is refused;
 * - `mutable`: any change is applied;
 * - `growOnly`: a quantity that may grow, never shrink below what it was;
 * - `dropped`: the API server does not serve the field (a feature gate off by default) and drops
 *   a value set on update, with no error: the change is not refused, and not applied either.
 */
export type FieldChange = 'immutable' | 'mutable' | 'growOnly' | 'dropped';

/** A field of the old or the new object having a value, e.g. `spec.type` = `ExternalName`. */
export interface FieldCondition {
  /** The field, dotted as in {@link FieldRule.path}: `spec.type`. */
  readonly path: string;
  /** The value the field must have for the condition to hold: `ExternalName`. */
  readonly equals: string;
}

/** How the API server treats an update of one field. */
export interface FieldRule {
  /** The field, dotted, with `[0]` for an array's first item: `spec.selector`, `spec.ipFamilies[0]`. */
  readonly path: string;
  /** What an update of the field does: refused, applied, allowed only to grow, or silently dropped. */
  readonly change: FieldChange;
  /**
   * What leaving the field out of the next manifest means: `keepsLive` for a value the API server
   * allocated (a Service's cluster IP), which an update without it keeps; `{ default }` for a value
   * it defaults. Without this, an omitted field is compared as absent.
   */
  readonly omitted?: 'keepsLive' | {
    /** The value the API server gives the field when a manifest leaves it out, compared in its place. */
    readonly default: unknown;
  };
  /** Compared as a set (order ignored), as the API server does for ResourceQuota scopes. */
  readonly unordered?: boolean;
  /** The rule does not apply when the old or the new object meets any of these. */
  readonly exceptWhenEither?: readonly FieldCondition[];
  /** The rule applies only when the old and the new object both meet all of these. */
  readonly onlyWhenBoth?: readonly FieldCondition[];
}

/** The rules of one kind, with where they come from. */
export interface KindRules {
  /** `apps/StatefulSet`, `Service`: the API group (none for the core group) and the kind. */
  readonly kind: string;
  /** The validation code (or CRD) the rules are read from. */
  readonly source: string;
  /** One rule per field keelson emits (or a JSON patch could set) for the kind. */
  readonly fields: readonly FieldRule[];
}

/** `apps/StatefulSet` for `apiVersion: apps/v1, kind: StatefulSet`; `Service` for `v1`. */
export function kindKey(apiVersion: string | undefined, kind: string | undefined): string {
  const slash = (apiVersion ?? '').lastIndexOf('/');
  return slash > 0 ? `${apiVersion!.slice(0, slash)}/${kind}` : `${kind}`;
}
