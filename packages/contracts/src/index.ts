export * from './catalog';
export * from './common';
export * from './composer';
export * from './endpoints';
export * from './faults';
export * from './media';
export * from './product';
export * from './requirements';
