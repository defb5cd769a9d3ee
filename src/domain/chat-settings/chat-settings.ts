/**
 * Transitional: the settings code is split by job into settings-model.ts (the model and defaults),
 * effective-response.ts (effective response, compose, preview), settings-diff.ts and
 * settings-update.ts (changing the settings). This module only re-exports them for importers on
 * branches not merged yet; import the module of the job instead, and delete this file once
 * nothing imports it.
 */
export * from './settings-model';
export * from './effective-response';
export * from './settings-diff';
export * from './settings-update';
