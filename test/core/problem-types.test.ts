/**
 * Each problem carries its type (required, invalid, unknown, duplicate, notSupported, conflict),
 * in the spirit of Kubernetes' field.ErrorList, next to its path and message.
 */
import { StatelessAppProps, buildStatelessApp } from '../../lib';
import { minimalProps, validationError } from '../helpers/fixtures';

const IMAGE = 'ghcr.io/acme/web:1.4.2';
type Loose = Record<string, any>;
const typesOf = (p: Loose) => validationError(() => buildStatelessApp({ ...minimalProps(), ...p } as StatelessAppProps)).problems
  .map((problem) => `${problem.type} ${problem.path}`);

describe('problem types', () => {
  it.each<[string, Loose, string]>([
    ['a missing image', { containers: [{}] }, 'required containers[0].image'],
    ['an upper-case name', { name: 'Web' }, 'invalid name'],
    ['a typo of a property', { replica: 3 }, 'unknown replica'],
    ['two containers with one name', { containers: [{ image: IMAGE }, { name: 'web', image: IMAGE, ports: [] }] }, 'duplicate containers[1].name'],
    ['a spread mode that does not exist', { topologySpread: { nodes: 'maybe' } }, 'notSupported topologySpread.nodes'],
    ['replicas with autoscaling', { replicas: 3, autoscaling: { maxReplicas: 5 } }, 'conflict replicas'],
    ['a limit below the request', { containers: [{ image: IMAGE, resources: { memory: { request: '2Gi', limit: '1Gi' } } }] }, 'conflict containers[0].resources.memory.limit'],
  ])('%s', (_, props, expected) => {
    expect(typesOf(props)).toEqual([expected]);
  });
});
