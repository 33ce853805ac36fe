/** One sample of a Prometheus text exposition: `name{label="value",…} 12`. */
export type Sample = Readonly<{ name: string; labels: Readonly<Record<string, string>>; value: number }>;

const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/** The samples of an exposition (comments skipped); throws on a line that is neither. */
export const parsePrometheusText = (text: string): Sample[] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = SAMPLE.exec(line);
      if (match === null) throw new Error(`not a sample: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map(([, key, value]) => [key ?? '', value ?? '']));
      return { name: match[1] ?? '', labels, value: Number(match[3]) };
    });

/** The value of the one sample with this name and these labels (others ignored); undefined when none. */
export const sampleValue = (samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number | undefined =>
  samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))?.value;

/** Scrapes a /metrics URL. */
export const scrape = async (url: string): Promise<Sample[]> => {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`scrape answered ${response.status}`);
  return parsePrometheusText(await response.text());
};
