export { DEFAULT_SETTINGS, getSettings, resetSettingsCache, updateReviewCadence } from './settings.service';
export type { ReviewCadence, Settings } from './settings.service';
