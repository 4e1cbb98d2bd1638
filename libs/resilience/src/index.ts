export * from './clock';
export * from './dependency-health';
export * from './resilience.module';
export * from './within-deadline';
