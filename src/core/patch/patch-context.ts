/** What every step of one PATCH request needs to know. */
import type { SchemaRegistry } from '../schema/types.js';
import type { CoreOptions } from '../tolerances.js';

export interface PatchContext {
  readonly registry: SchemaRegistry;
  /** The resource type name or endpoint, as the registry accepts it. */
  readonly resourceType: string;
  readonly options: CoreOptions | undefined;
}
