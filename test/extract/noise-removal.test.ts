import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../lambdas/extract/extract-article.js';

const ARTICLE = [
  'Делегация префектуры Тоттори прибыла во Владивосток для переговоров о расширении морского сообщения между портами.',
  'Стороны обсудили туристические обмены, поставки морепродуктов и открытие прямого авиарейса к следующему летнему сезону.',
  'По итогам встречи подписан меморандум о сотрудничестве на ближайшие три года, сообщает пресс-служба краевого правительства.',
] as const;

function withNoise(noise: string, where: 'inside' | 'after' | 'before' = 'inside'): string {
  const body = ARTICLE.map((p) => `<p>${p}</p>`).join('\n');
  const inside = where === 'inside' ? noise : '';
  return `<html><head><title>Тоттори и Приморье</title></head><body>
    ${where === 'before' ? noise : ''}
    <div class="content"><h1>Тоттори и Приморье</h1><div class="text">${body}${inside}</div></div>
    ${where === 'after' ? noise : ''}
  </body></html>`;
}

/** Each case: markup real sites put around or inside an article, and the words that must not leak. */
const CASES = [
  { name: 'login box', where: 'before', noise: '<div class="login"><b>Welcome, Guest!</b><p><a href="/pw">lost your password?</a></p></div>', leak: ['Welcome', 'password'] },
  { name: 'archive pager', where: 'inside', noise: '<p><a href="/p">← previous</a> &nbsp; <a href="/a">archive</a> &nbsp; <a href="/n">next →</a></p>', leak: ['previous', 'archive'] },
  { name: 'archive date list', where: 'after', noise: `<ul>${'<li>25.08.2020 - 27.08.2020</li>'.repeat(12)}</ul>`, leak: ['25.08.2020'] },
  { name: 'event news block with its heading', where: 'after', noise: '<div class="more"><h3>Ещё новости о событии:</h3><a href="/1">Губернатор принял участие в заседании комиссии</a><span>23:16 04.12.2017 Администрация Кировского района - Киров</span></div>', leak: ['Ещё новости', 'Кировского'] },
  { name: 'related list inside the article', where: 'inside', noise: '<h4>По теме</h4><ul><li><a href="/a">В Калуге губернатор провёл встречу с молодёжью области</a></li><li><a href="/b">Координационное совещание по обеспечению правопорядка</a></li></ul>', leak: ['По теме', 'молодёжью'] },
  { name: 'author box and comment form', where: 'inside', noise: '<p>Автор: Admin</p><p>Администратор</p><h3>Добавить комментарий</h3><form><textarea></textarea><input type="submit" value="Отправить"></form>', leak: ['Автор', 'Администратор', 'комментарий', 'Отправить'] },
  { name: 'share plugin credit', where: 'after', noise: '<div class="sfsi_plugin_credit"><a href="https://www.ultimatelysocial.com">Wordpress Social Share Plugin powered by Ultimatelysocial</a></div>', leak: ['Ultimatelysocial'] },
  { name: 'share buttons inside the text', where: 'inside', noise: '<div class="share"><span>Поделиться:</span><a>ВКонтакте</a><a>Telegram</a></div>', leak: ['Поделиться', 'ВКонтакте'] },
  { name: 'menu and footer', where: 'before', noise: '<nav><ul><li><a href="/">Главная</a></li><li><a href="/news">Новости</a></li></ul></nav><footer>© 2024 Правительство Приморского края. Все права защищены.</footer>', leak: ['Главная', 'права защищены'] },
  { name: 'hidden cookie banner', where: 'inside', noise: '<div style="display:none">Мы используем файлы cookie, чтобы сайт работал лучше. Продолжая, вы соглашаетесь.</div>', leak: ['cookie'] },
  { name: 'photo caption', where: 'inside', noise: '<figure><img src="/a.jpg"><figcaption>Фото: пресс-служба правительства Приморского края</figcaption></figure>', leak: ['Фото'] },
  { name: 'stranded control labels', where: 'inside', noise: '<p>Advert</p><p>SUBSCRIBE</p><p><strong>DON\'T MISS</strong></p><p>Caption</p><p>Close</p><p>Topics</p><p>Get short URL</p>', leak: ['Advert', 'SUBSCRIBE', 'MISS', 'Caption', 'Close', 'Topics', 'short URL'] },
  { name: 'cookie notice and affiliate disclosure', where: 'inside', noise: '<p>This post may contain affiliate and/or referral links. Please see my disclosure page.</p><p>This website uses cookies to improve your experience. Accept Read More</p>', leak: ['affiliate', 'cookies'] },
  { name: 'scripts and styles', where: 'inside', noise: '<script>var adSlot = "article-bottom";</script><style>.text p { margin: 0 }</style><noscript>Включите JavaScript</noscript>', leak: ['adSlot', 'margin', 'JavaScript'] },
] as const;

describe('noise never reaches the text', () => {
  for (const { name, noise, leak, where } of CASES) {
    it(`drops ${name}`, () => {
      const { text } = extractArticle(withNoise(noise, where));
      expect(text.split('\n\n')).toEqual([...ARTICLE]);
      for (const word of leak) expect(text).not.toContain(word);
    });
  }

  it('keeps the article when its wrapper carries a furniture-like class name', () => {
    const html = `<body><div class="page has-sidebar"><div class="post-content share-enabled">${ARTICLE.map((p) => `<p>${p}</p>`).join('')}</div></div></body>`;
    expect(extractArticle(html).text.split('\n\n')).toEqual([...ARTICLE]);
  });

  it('keeps prose that only starts like a control label', () => {
    const line = 'Close cooperation between Tottori and Primorye ports was agreed for the coming season.';
    const html = `<body><div class="content">${ARTICLE.map((p) => `<p>${p}</p>`).join('')}<p>${line}</p></div></body>`;
    expect(extractArticle(html).text.split('\n\n')).toEqual([...ARTICLE, line]);
  });

  it('picks the article over a longer block of teasers', () => {
    const teasers = Array.from({ length: 8 }, (_, i) => `<div class="item"><h3><a href="/n/${i}">Новость ${i}</a></h3><p>Губернатор края провёл совещание с главами муниципальных образований по вопросам подготовки к зиме и ...</p></div>`).join('');
    const html = `<body><div class="main">${ARTICLE.map((p) => `<p>${p}</p>`).join('')}</div><div class="feed">${teasers}</div></body>`;
    expect(extractArticle(html).text.split('\n\n')).toEqual([...ARTICLE]);
  });
});
