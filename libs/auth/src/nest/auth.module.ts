import { Module, type DynamicModule, type ModuleMetadata, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TokenVerifier, type TokenVerifierOptions } from '../token-verifier.js';
import { AuthGuard } from './auth.guard.js';

export interface AuthModuleOptions {
  /** Register AuthGuard for every route and gRPC method (deny by default). Default true. */
  globalGuard?: boolean;
}

export interface AuthModuleAsyncOptions extends AuthModuleOptions, Pick<ModuleMetadata, 'imports'> {
  // Nest's own factory-provider signature; the injected values are untyped by design.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory: (...args: any[]) => TokenVerifierOptions | Promise<TokenVerifierOptions>;
  inject?: NonNullable<Extract<Provider, { useFactory: unknown }>['inject']>;
}

/** Provides (globally) the TokenVerifier and AuthGuard, and by default installs the guard for the whole app. */
@Module({})
export class AuthModule {
  static forRoot(options: TokenVerifierOptions & AuthModuleOptions): DynamicModule {
    const { globalGuard, ...verifierOptions } = options;
    return AuthModule.build({ provide: TokenVerifier, useFactory: () => new TokenVerifier(verifierOptions) }, globalGuard, []);
  }

  static forRootAsync(options: AuthModuleAsyncOptions): DynamicModule {
    const verifier: Provider = {
      provide: TokenVerifier,
      useFactory: async (...args: unknown[]) => new TokenVerifier(await options.useFactory(...args)),
      inject: options.inject ?? [],
    };
    return AuthModule.build(verifier, options.globalGuard, options.imports ?? []);
  }

  private static build(verifier: Provider, globalGuard: boolean | undefined, imports: NonNullable<ModuleMetadata['imports']>): DynamicModule {
    const guard: Provider[] = globalGuard === false ? [] : [{ provide: APP_GUARD, useExisting: AuthGuard }];
    return { module: AuthModule, global: true, imports, providers: [verifier, AuthGuard, ...guard], exports: [TokenVerifier, AuthGuard] };
  }
}
