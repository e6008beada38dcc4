/** One metric as CloudWatch would hold it: namespace, name and dimension values, with the sum of its values. */
export interface LocalMetric {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
  sum: number;
  samples: number;
}

interface EmfRecord {
  _aws?: {
    CloudWatchMetrics?: { Namespace?: string; Dimensions?: string[][]; Metrics?: { Name?: string }[] }[];
  };
  [key: string]: unknown;
}

/** The widest record a function may print that is still read as metrics (CloudWatch's own limit is 1 MB). */
const MAX_LINE = 256 * 1024;
/** Distinct metrics kept; CloudWatch bills each, and a local run that makes more has a cardinality bug. */
const MAX_METRICS = 10_000;

/**
 * What CloudWatch makes of the functions' embedded metric format (EMF) lines: the local runtime reads every line a
 * function prints, and each EMF record adds to its metrics, summed per name and dimension values.
 */
export class LocalMetrics {
  private readonly metrics = new Map<string, LocalMetric>();

  /** Takes one line of a function's output; true when it was an EMF record. */
  record(line: string): boolean {
    if (line.length > MAX_LINE || !line.includes('"_aws"')) return false;
    let record: EmfRecord;
    try {
      record = JSON.parse(line) as EmfRecord;
    } catch {
      return false;
    }
    const directives = record._aws?.CloudWatchMetrics;
    if (!Array.isArray(directives)) return false;
    for (const directive of directives) {
      const dimensionNames = directive.Dimensions?.flat() ?? [];
      const dimensions = Object.fromEntries(dimensionNames.map((name) => [name, String(record[name] ?? '')]));
      for (const { Name: name } of directive.Metrics ?? []) {
        if (name === undefined) continue;
        const values = ([] as unknown[]).concat(record[name]).filter((v): v is number => typeof v === 'number');
        this.add(directive.Namespace ?? '', name, dimensions, values);
      }
    }
    return true;
  }

  /** Every metric so far, optionally of one name. */
  list(name?: string | null): LocalMetric[] {
    return [...this.metrics.values()].filter((metric) => name == null || metric.name === name);
  }

  private add(namespace: string, name: string, dimensions: Record<string, string>, values: number[]) {
    const key = JSON.stringify([namespace, name, Object.entries(dimensions).sort()]);
    const metric = this.metrics.get(key);
    if (metric === undefined && this.metrics.size >= MAX_METRICS) return;
    const entry = metric ?? { namespace, name, dimensions, sum: 0, samples: 0 };
    entry.sum += values.reduce((a, b) => a + b, 0);
    entry.samples += values.length;
    this.metrics.set(key, entry);
  }
}
