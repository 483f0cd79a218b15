/**
 * How the adapters recognise a keelson app construct or component (StatelessApp, StatefulApp,
 * CanaryRelease), whichever engine: by a brand carrying its construct type, not by its class name
 * (which minifiers and subclasses change) nor by its shape (which anything may imitate).
 */
export const APP_BRAND: unique symbol = Symbol.for('keelson.app');

/** An object branded as a keelson app. */
export interface BrandedApp {
  readonly [APP_BRAND]: string;
}

/** Whether `x` is a keelson app. */
export function isKeelsonApp(x: unknown): x is BrandedApp {
  return typeof x === 'object' && x !== null && typeof (x as Partial<BrandedApp>)[APP_BRAND] === 'string';
}

/** The construct type of a keelson app (`StatelessApp`, ...). */
export function appTypeOf(app: BrandedApp): string {
  return app[APP_BRAND];
}
