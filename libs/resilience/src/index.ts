export * from './clock';
export * from './dependency-health';
export * from './within-deadline';
