import { Controller, Get, Inject, Module, ServiceUnavailableException, type DynamicModule } from '@nestjs/common';
import { Public } from '@yanxiu/auth';

/** A dependency the service cannot serve without; `check` rejects when it is unusable. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<unknown>;
}

export interface ReadinessResult {
  status: 'ok' | 'unavailable';
  /** 'ok' or the reason the check failed. */
  checks: Record<string, string>;
}

const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** Runs every check with a time limit, so one hung dependency can't hang the probe. */
export async function runReadinessChecks(checks: ReadinessCheck[], timeoutMs = 2000): Promise<ReadinessResult> {
  const entries = await Promise.all(
    checks.map(async ({ name, check }) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([check(), timeout]);
        return [name, 'ok'] as const;
      } catch (error) {
        return [name, error instanceof Error ? error.message : String(error)] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const result = Object.fromEntries(entries);
  return { status: entries.every(([, v]) => v === 'ok') ? 'ok' : 'unavailable', checks: result };
}

@Controller('health')
@Public()
export class HealthController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<ReadinessResult> {
    const result = await runReadinessChecks(this.checks);
    if (result.status !== 'ok') throw new ServiceUnavailableException(result);
    return result;
  }
}

@Module({})
export class HealthModule {
  static forRoot(checks: ReadinessCheck[]): DynamicModule {
    return { module: HealthModule, controllers: [HealthController], providers: [{ provide: READINESS_CHECKS, useValue: checks }] };
  }
}
