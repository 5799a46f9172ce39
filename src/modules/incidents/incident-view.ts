import { ART57_ITEMS, type Art57Item, type IncidentRecord } from './incident.model';

/** One item of the Art. 57 notice-content checklist as the incident page shows it. */
export interface ChecklistItem {
  item: Art57Item;
  /** True when the incident records this item. */
  recorded: boolean;
  /** The recorded text; for PI categories, their keys (the page names them in its language). */
  text: string | undefined;
  categories: string[];
}

/**
 * PIPL Art. 57 asks a notice to say which PI was involved, the cause, the possible harm, the
 * remedial measures, what individuals can do, and whom to contact: the checklist ticks each one
 * the incident has on record.
 */
export function art57Checklist(incident: IncidentRecord): ChecklistItem[] {
  return ART57_ITEMS.map((item) => {
    if (item === 'categories')
      return {
        item,
        recorded: incident.categories.length > 0,
        text: undefined,
        categories: incident.categories,
      };
    const text = incident[item]?.trim();
    return { item, recorded: Boolean(text), text: text || undefined, categories: [] };
  });
}

/** The incident's fields as the edit form shows them (dates as YYYY-MM-DD). */
export function formValuesOf(incident: IncidentRecord): Record<string, unknown> {
  const day = (date: Date) => date.toISOString().slice(0, 10);
  return {
    title: incident.title,
    description: incident.description,
    cause: incident.cause ?? '',
    categories: incident.categories,
    individualsAffected: incident.individualsAffected ?? '',
    discoveredOn: day(incident.discoveredOn),
    reportedOn: day(incident.reportedOn),
    containment: incident.containment ?? '',
    possibleHarm: incident.possibleHarm ?? '',
    individualsCanDo: incident.individualsCanDo ?? '',
    contact: incident.contact ?? '',
  };
}
