/** CPU time from Linux's /proc (the bench's per-thread figures). */

/**
 * The CPU time in a `/proc/…/stat` line, user and system, in seconds: fields 14 and 15
 * (utime, stime), counted after the command name's closing parenthesis (a name may hold
 * spaces), in clock ticks of 1/100 s.
 */
export function statCpuSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
