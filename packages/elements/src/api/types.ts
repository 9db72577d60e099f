// Request and response shapes come from core's zod schemas, as types only: no zod at runtime.
import type { z } from 'zod';

/** What a request body or query may hold: the schema's input (before the server's defaults). */
export type In<S extends z.ZodType> = z.input<S>;
/** What the server answers: the schema's output. */
export type Out<S extends z.ZodType> = z.output<S>;
