import { StatefulAppProps } from './props';
import { checkKnownKeys, checkObject, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { resolveMaxUnavailable } from '../workload/disruption-budget';

/** A StatefulApp's budget: a count or percentage that may go, or the quorum that must stay. */
export type ResolvedStatefulBudget = { readonly maxUnavailable: number | string } | { readonly minAvailable: number };

/**
 * Checks the StatefulApp's disruptionBudget (any input) against its replicas (undefined when the
 * count is invalid, reported: a quorum of it is not judged) and autoscaling; undefined when there
 * is a problem (recorded).
 */
export function resolveStatefulBudget(problems: Problems, props: StatefulAppProps, replicas: number | undefined): ResolvedStatefulBudget | undefined {
  const before = problems.count;
  const budget = props.disruptionBudget;
  if (budget !== undefined && checkObject(problems, 'disruptionBudget', budget)) {
    checkKnownKeys(problems, 'disruptionBudget', budget, ['maxUnavailable', 'quorum'], ['PodDisruptionBudgetSpec']);
  }
  if (budget?.quorum !== undefined && typeof budget.quorum !== 'boolean') {
    problems.invalid(path('disruptionBudget', 'quorum'), `must be a boolean, got ${describe(budget.quorum)}`);
  }
  if (budget?.quorum === true) {
    const at = path('disruptionBudget', 'quorum');
    if (budget.maxUnavailable !== undefined) problems.conflict(path('disruptionBudget', 'maxUnavailable'), 'cannot be set with quorum: the quorum decides how many may go');
    if (props.autoscaling !== undefined) problems.conflict(at, 'cannot be combined with autoscaling: a quorum is computed from a fixed member count');
    if (replicas === undefined) return undefined;
    const minAvailable = Math.floor(replicas / 2) + 1;
    if (replicas < 3) {
      problems.conflict(at, `needs at least 3 replicas: with ${replicas}, keeping a majority (${minAvailable}) up would block every node drain`);
    } else if (replicas % 2 === 0) {
      problems.conflict(at, `${replicas} replicas tolerate no more failures than ${replicas - 1} (both lose quorum after ${Math.floor((replicas - 1) / 2)}); use an odd count`);
    }
    return problems.count > before ? undefined : { minAvailable };
  }
  const maxUnavailable = resolveMaxUnavailable(problems, budget?.maxUnavailable);
  return problems.count > before || maxUnavailable === undefined ? undefined : { maxUnavailable };
}
