import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '@yanxiu/auth';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per process; services add their own metrics to it. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const metrics = {
  counter: (name: string, help: string, labelNames: string[] = []) => new Counter({ name, help, labelNames, registers: [metricsRegistry] }),
  gauge: (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [metricsRegistry] }),
  histogram: (name: string, help: string, labelNames: string[] = [], buckets?: number[]) =>
    new Histogram({ name, help, labelNames, registers: [metricsRegistry], ...(buckets ? { buckets } : {}) }),
};

@Controller('metrics')
@Public()
export class MetricsController {
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4')
  async scrape(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
