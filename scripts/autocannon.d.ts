/** The part of autocannon 8's API the bench uses (the package ships no types, and @types/autocannon is not a dependency). */
declare module 'autocannon' {
  interface Options {
    url: string;
    method?: 'POST' | 'GET';
    headers?: Record<string, string>;
    connections?: number;
    duration?: number;
    requests?: { method?: 'POST' | 'GET'; body?: string }[];
  }
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
  }
  interface Result {
    /** Per second; `total`: the requests completed in the run. */
    requests: Histogram & { total: number };
    latency: Histogram;
    errors: number;
    non2xx: number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
