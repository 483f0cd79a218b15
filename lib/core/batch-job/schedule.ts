import { describe } from '../validation/checks';
import { Problems } from '../validation/problems';

/** The descriptors the CronJob controller's parser (robfig/cron's standard parser) accepts besides five fields. */
const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

interface CronField {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  /** Names allowed in place of numbers (months, weekdays), the first worth `min`. */
  readonly names?: readonly string[];
  /** `?` stands for `*` (day of month, day of week). */
  readonly question?: boolean;
}

const FIELDS: readonly CronField[] = [
  { label: 'minute', min: 0, max: 59 },
  { label: 'hour', min: 0, max: 23 },
  { label: 'day of month', min: 1, max: 31, question: true },
  { label: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { label: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], question: true },
];

/**
 * Checks a CronJob schedule the way the controller parses it: five fields or a descriptor, each
 * field a list of `*`, values, ranges and steps within its bounds. Records a problem and returns
 * false when it is not one.
 */
export function checkSchedule(problems: Problems, at: string, value: unknown): value is string {
  if (typeof value !== 'string') {
    problems.invalid(at, `must be a cron schedule string (e.g. '30 2 * * *' or '@daily'), got ${describe(value)}`);
    return false;
  }
  const text = value.trim();
  if (/^(CRON_)?TZ=/.test(text)) {
    problems.notSupported(at, `${JSON.stringify(value)} sets its time zone in the schedule, which Kubernetes refuses; use the timeZone prop`);
    return false;
  }
  if (text.startsWith('@')) {
    if (DESCRIPTORS.includes(text)) return true;
    problems.invalid(at, `${JSON.stringify(value)} is not a schedule descriptor Kubernetes knows; use one of ${DESCRIPTORS.join(', ')} or five cron fields`);
    return false;
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5) {
    problems.invalid(at, `${JSON.stringify(value)} has ${text === '' ? 0 : fields.length} fields; a schedule has five: minute, hour, day of month, month, day of week (e.g. '30 2 * * *')`);
    return false;
  }
  const wrong = fields.map((f, i) => fieldProblem(f, FIELDS[i])).find((p) => p !== undefined);
  if (wrong) problems.invalid(at, `${JSON.stringify(value)}: ${wrong}`);
  return wrong === undefined;
}

/** Why one field is not valid, or undefined. */
function fieldProblem(text: string, field: CronField): string | undefined {
  for (const part of text.split(',')) {
    const bad = `the ${field.label} field ${JSON.stringify(text)}`;
    const [range, step, ...more] = part.split('/');
    if (more.length || (step !== undefined && !/^[1-9][0-9]*$/.test(step))) return `${bad} has a step that is not a positive whole number`;
    if (range === '*' || (range === '?' && field.question)) continue;
    const ends = range.split('-');
    if (ends.length > 2) return `${bad} has a range with more than two ends`;
    const values = ends.map((e) => valueOf(e, field));
    if (values.some((v) => v === undefined)) {
      return `${bad} has ${JSON.stringify(range)}, which is not a value from ${field.min} to ${field.max}${field.names ? ` or a name (${field.names[0]}-${field.names[field.names.length - 1]})` : ''}`;
    }
    if (values.length === 2 && values[0]! > values[1]!) return `${bad} has the range ${JSON.stringify(range)}, whose start is after its end`;
  }
  return undefined;
}

function valueOf(text: string, field: CronField): number | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return field.min + named;
  if (!/^[0-9]{1,2}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= field.min && n <= field.max ? n : undefined;
}

/**
 * Checks a time zone name: IANA-shaped (`UTC`, `Europe/Berlin`, `America/Argentina/Buenos_Aires`,
 * `Etc/GMT+5`). Kubernetes refuses `Local`; whether the zone exists is up to the controller's tz database.
 */
export function checkTimeZone(problems: Problems, at: string, value: unknown): value is string {
  if (typeof value !== 'string') {
    problems.invalid(at, `must be an IANA time zone name (e.g. 'Europe/Berlin'), got ${describe(value)}`);
    return false;
  }
  if (value.toLowerCase() === 'local') {
    problems.invalid(at, '"Local" is refused by Kubernetes: the schedule would depend on the controller node\'s time zone; name the zone (e.g. \'Europe/Berlin\')');
    return false;
  }
  if (value.length > 255 || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) {
    problems.invalid(at, `${JSON.stringify(value)} is not an IANA time zone name (e.g. 'UTC', 'Europe/Berlin', 'America/New_York')`);
    return false;
  }
  return true;
}
