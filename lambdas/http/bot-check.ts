/**
 * Recognises the pages anti-bot walls serve instead of content. They arrive with
 * status 200 (sometimes 403/503) and would otherwise be parsed as an empty feed or,
 * worse, as an article titled "Please, wait". mid.ru answers even its RSS this way.
 */

interface BotWall {
  reason: string;
  /** All must match (case-insensitive) somewhere in the body. */
  all: RegExp[];
  /** Only judged on small pages: the markers are words an article could use too. */
  smallOnly?: boolean;
}

/** Challenge pages are a few KB; articles that discuss these services are much longer. */
const SMALL_PAGE = 30_000;

const WALLS: readonly BotWall[] = [
  {
    reason: 'JavaScript bot check ("Data processing... Please, wait.")',
    all: [/data processing\.{0,3}\s*please,?\s*wait/i],
  },
  {
    reason: 'Cloudflare challenge page',
    all: [/(cf-browser-verification|cf_chl_opt|challenge-platform|cf-challenge|__cf_chl_)/i],
  },
  {
    reason: 'Cloudflare challenge page',
    all: [/<title>\s*(just a moment|attention required)[^<]*<\/title>/i, /cloudflare/i],
  },
  {
    reason: 'DDoS-Guard check page',
    all: [/ddos-guard/i, /(check|checking|проверка|js-challenge|__ddg)/i],
    smallOnly: true,
  },
  {
    reason: 'Qrator protection page',
    all: [/qrator/i, /(challenge|javascript|проверка|captcha)/i],
    smallOnly: true,
  },
  {
    reason: 'Yandex SmartCaptcha page',
    all: [/(smartcaptcha|showcaptcha|captcha\.yandex)/i],
    smallOnly: true,
  },
  {
    reason: 'JavaScript required page',
    all: [/<title>[^<]*(checking your browser|проверка браузера|доступ ограничен|access denied)[^<]*<\/title>/i],
  },
  {
    reason: 'Cookie-setting JavaScript challenge',
    // A tiny page whose only job is to set a cookie and reload itself.
    all: [/document\.cookie\s*=/i, /(location\.reload|location\.href\s*=|window\.location\s*=)/i, /^(?![\s\S]*<p[\s>][\s\S]*<p[\s>])/i],
    smallOnly: true,
  },
];

/**
 * Returns a short reason when the body is a bot-check page instead of content, else null.
 * Real content that merely mentions Cloudflare is safe: the patterns need the
 * markers of the challenge itself, and the looser heuristics judge small pages only.
 *
 * @example detectBotCheck('<html><body>Data processing... Please, wait.</body></html>') // 'JavaScript bot check …'
 */
export function detectBotCheck(body: string): string | null {
  // Challenges are small; a real article is not rejected for a word deep in its text.
  const head = body.length > 200_000 ? body.slice(0, 200_000) : body;
  if (looksLikeFeed(head)) return null;
  for (const wall of WALLS) {
    if (wall.smallOnly && head.length > SMALL_PAGE) continue;
    if (wall.all.every((re) => re.test(head))) return wall.reason;
  }
  return null;
}

// A well-formed feed is content even if an item talks about DDoS-Guard.
function looksLikeFeed(text: string): boolean {
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(rss|feed|rdf:RDF)\b/i.test(text) && /<(item|entry)\b/i.test(text);
}
