/** Sum of a Prometheus counter over every series matching the labels given (0 when there is none yet). */
export async function metricValue(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter(
      (row) =>
        (row.startsWith(`${name}{`) || row.startsWith(`${name} `)) &&
        Object.entries(labels).every(([key, value]) => row.includes(`${key}="${value}"`)),
    )
    .reduce((sum, row) => sum + Number(row.split(' ').pop()), 0);
}
