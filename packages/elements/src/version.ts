/** Kept in step with package.json; lets two copies on one page tell each other apart. */
export const VERSION = '0.1.0';
