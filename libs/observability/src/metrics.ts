import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '@yanxiu/auth';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per process; services add their own metrics to it. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/** Sets a gauge when Prometheus scrapes, for values cheaper to read on demand than to track. */
export type GaugeCollector = (this: Gauge) => Promise<void>;

export const metrics = {
  counter: (name: string, help: string, labelNames: string[] = []) => new Counter({ name, help, labelNames, registers: [metricsRegistry] }),
  gauge: (name: string, help: string, labelNames: string[] = [], collect?: GaugeCollector) =>
    new Gauge({ name, help, labelNames, registers: [metricsRegistry], ...(collect ? { collect } : {}) }),
  histogram: (name: string, help: string, labelNames: string[] = [], buckets?: number[]) =>
    new Histogram({ name, help, labelNames, registers: [metricsRegistry], ...(buckets ? { buckets } : {}) }),
};

@Controller('metrics')
@Public()
export class MetricsController {
  @Get()
  @Header('content-type', metricsRegistry.contentType)
  async scrape(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
