export * from './errors';
export * from './model';
export * from './stats';
export * from './lan';
