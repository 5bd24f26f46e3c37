import type { SourceEntry } from '../sources/registry-schema.js';

/**
 * A prefecture's own site rarely names the prefecture: "知事は…と会談しました" is the
 * governor of the prefecture that publishes the page, and a city's page is about that
 * city's prefecture. The classifier reads the text only, so the places it finds are
 * completed here with the prefectures the registry says the source speaks for
 * (tags.prefectures), for relevant items only: a prefecture's local news stays out of
 * its feed however it is tagged.
 */
export function prefecturesOf(
  verdict: { relevant: boolean; prefectures: readonly string[] },
  source: Pick<SourceEntry, 'tags'>,
): string[] {
  const found = [...verdict.prefectures];
  if (!verdict.relevant) return found;
  for (const id of source.tags.prefectures) if (!found.includes(id)) found.push(id);
  return found;
}
