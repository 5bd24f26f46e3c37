/**
 * What is never article text, as data: tags, class/id words and whole lines. Each rule is general;
 * the lines come from what badly scraped Russian and Japanese regional pages leave behind.
 */

/** Elements that carry no readable article text. */
export const DROP_TAGS: ReadonlySet<string> = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'object', 'embed', 'video', 'audio',
  'button', 'select', 'input', 'textarea', 'option', 'map', 'head', 'dialog', 'menu',
]);

/** Page furniture: removed unless it holds most of the page's prose (some sites misuse them as wrappers). */
export const FURNITURE_TAGS: ReadonlySet<string> = new Set(['nav', 'aside', 'footer', 'header', 'form']);

/** Class/id words of page furniture, matched as whole words inside class and id values. */
export const NEGATIVE_CLASS =
  /(?:^|[\s_-])(?:share|sharing|sharebar|social|socials|comment|comments|commentlist|disqus|respond|reply|related|relatedposts|recommend|recommended|recommendations|more-?news|read-?more|readmore|also|newsletter|subscribe|subscription|promo|promos|advert|advertisement|adv|ads|ad|adsbygoogle|banner|sponsor|sponsored|popup|modal|cookie|cookies|consent|breadcrumb|breadcrumbs|crumbs|menu|nav|navbar|navigation|footer|sidebar|widget|widgets|tagcloud|tags|tag-list|pagination|pager|toolbar|signup|login|masthead|skip|rating|likes|outbrain|taboola|sharedaddy|addthis|yarpp|jp-relatedposts|wp-block-latest-posts|author-bio|author-box|about-author|byline|dateline|meta|post-meta|entry-meta|entry-footer|timestamp|caption|credit|hidden|visually-hidden|sr-only|screen-reader-text|print-only|inline-?promo|trending|most-?popular|popular|newsfeed|informer|lenta|archive)(?:$|[\s_-])/;

/** Class/id words that mark the article itself; they protect an element that also looks like furniture. */
export const POSITIVE_CLASS =
  /(?:^|[\s_-])(?:article|articlebody|article-body|article-text|article-content|body|content|entry|entry-content|post|post-content|post-body|story|story-body|main|text|news-text|news-detail|detail|blog|hentry|page-content|field-body|rich-text|prose)(?:$|[\s_-])/;

/** Whole blocks that are scraping debris wherever they appear. */
export const NOISE_LINES: readonly RegExp[] = [
  /^welcome,?\s+guest!?$/i,
  /^lost your password\??$/i,
  /^(?:forgot|lost) (?:your )?password|^(?:log ?in|sign ?in|register|sign up)(?:\s*[|/]\s*(?:log ?in|sign ?in|register|sign up))*$/i,
  /^[←«‹<]?\s*(?:previous|prev|назад|предыдущая)\b.{0,30}\b(?:next|вперёд|вперед|следующая)\s*[→»›>]?$/i,
  /^(?:\d{1,2}\.\d{1,2}\.\d{4}\s*[-–—]\s*\d{1,2}\.\d{1,2}\.\d{4}\s*)+$/,
  /^ещ[её] новости/i,
  /^(?:по теме|читайте также|читать также|смотрите также|см\. также|другие новости|похожие новости|последние новости|новости по теме|материалы по теме)\s*:?$/i,
  /^(?:related|related (?:articles|stories|news|posts|content|coverage)|see also|read more|more on this|more from|recommended|you may also like|most popular|trending)\s*:?$/i,
  /^(?:автор|author|posted by)\s*:\s*\S.{0,40}$/i,
  /^(?:администратор|administrator|admin)$/i,
  /^(?:добавить|оставить|написать) комментари[йи]/i,
  /^комментари[иейя](?:\s*\(\d+\))?\s*:?$/i,
  /^(?:leave a (?:comment|reply)|add (?:a )?comment|post a comment|comments?|\d+ comments?|no comments yet\.?)\s*:?$/i,
  /^(?:share|share this(?: article| story| post)?|поделиться|поделитесь|シェア|共有)\s*:?$/i,
  /^(?:tweet|facebook|twitter|vk|вконтакте|одноклассники|ok|telegram|whatsapp|viber|e-?mail|print|печать|pinterest|linkedin|reddit)$/i,
  /^(?:теги|метки|tags|тэги)\s*:/i,
  /^(?:версия для печати|распечатать|print this (?:page|article))$/i,
  /^(?:подписывайтесь|подпишитесь) на (?:наш|нас)/i,
  /^(?:advertisement|реклама|広告|sponsored)$/i,
  // Labels of page controls and boxes that text-only output leaves stranded (trafilatura drops
  // the same controls by their button/label markup, which a text block no longer shows).
  /^(?:subscribe|advert|iklan|caption|close|topics|more|don'?t miss|get short url|tell us what you think\W*)\s*:?$/i,
  /^(?:this (?:web)?site uses cookies|we use cookies)\b/i,
  /^this (?:post|article|page) (?:may )?contains? affiliate/i,
];

/** Credits of share and comment plugins, wherever they sit in a block. */
export const NOISE_ANYWHERE = /social share plugin|powered by (?:ultimatelysocial|disqus|addthis|sharethis)/i;

export function isNoiseLine(text: string): boolean {
  if (NOISE_ANYWHERE.test(text)) return true;
  // Every whole-line rule is short; a long paragraph that starts alike is prose.
  if (text.length > 160) return false;
  for (const rule of NOISE_LINES) if (rule.test(text)) return true;
  return false;
}

/**
 * Short lines that open what follows an article: related stories, newsletters, the author's bio.
 * Everything after one is cut when the article's prose is already behind it.
 */
export const TAIL_MARKER =
  /^(?:more (?:from|on|stories|news|in)\b|related\b|read (?:more|next|also)\b|recommended\b|you (?:may|might) (?:also )?like|most (?:read|popular)\b|newsletter\b|follow us\b|sign up\b|about the author|ещ[её] новости|по теме|читайте также|читать также|смотрите также|другие новости|похожие (?:новости|материалы)|последние новости|новости по теме|материалы по теме|関連記事|関連ニュース|おすすめ|あわせて読みたい)/i;

export function isTailMarker(text: string): boolean {
  return text.length <= 60 && TAIL_MARKER.test(text);
}
