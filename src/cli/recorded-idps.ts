/**
 * The `--idp` values of `scimctl record` and `scimctl import har`, in a file of
 * their own so the commands' help text can list them without loading the recorder.
 */
import type { RecordedIdp } from '../recorder/recording-doc.js';

export const RECORDED_IDPS: readonly RecordedIdp[] = ['okta', 'entra', 'entra-aadopt', 'mezmo', 'other'];
