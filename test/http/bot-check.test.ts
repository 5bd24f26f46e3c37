import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectBotCheck } from '../../lambdas/http/bot-check.js';
import { HTTP_SITES } from './recorded-fixture.js';

describe('detectBotCheck', () => {
  it('recognises mid.ru\'s recorded JavaScript check', () => {
    const body = readFileSync(path.join(HTTP_SITES, 'www.mid.ru/bot-check.html'), 'utf8');
    expect(detectBotCheck(body)).toBe('JavaScript bot check ("Data processing... Please, wait.")');
  });

  it.each([
    [
      'Cloudflare managed challenge',
      '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper"><noscript>Enable JavaScript and cookies to continue</noscript></div><script>(function(){window._cf_chl_opt={cvId:\'3\',cZone:"example.ru",cType:\'managed\'};var a=document.createElement(\'script\');a.src=\'/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1\';document.getElementsByTagName(\'head\')[0].appendChild(a);}());</script></body></html>',
      'Cloudflare challenge page',
    ],
    [
      'DDoS-Guard',
      '<!DOCTYPE html><html><head><title>DDoS-Guard</title></head><body><div id="ddg-l">Checking your browser before accessing the site.</div><script src="/.well-known/ddos-guard/js-challenge/index.js"></script></body></html>',
      'DDoS-Guard check page',
    ],
    [
      'Qrator',
      '<html><head><title>Доступ ограничен</title></head><body><p>Проверка браузера. Qrator HTTP Protection. Please enable JavaScript.</p><script src="/__qrator/qauth_utm_v2.js"></script></body></html>',
      'Qrator protection page',
    ],
    [
      'cookie-and-reload stub',
      '<html><body><script>document.cookie="beget=begetok; path=/";location.reload();</script></body></html>',
      'Cookie-setting JavaScript challenge',
    ],
  ])('recognises a %s page', (_name, body, reason) => {
    expect(detectBotCheck(body)).toBe(reason);
  });

  it.each([
    ['an RSS feed whose item mentions DDoS-Guard', '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Лента</title><item><title>DDoS-Guard отразил атаку; проверка завершена</title></item></channel></rss>'],
    ['an article that sets a cookie and redirects after many paragraphs', `<html><body>${'<p>Губернатор Сахалинской области провёл встречу с генеральным консулом Японии.</p>'.repeat(40)}<script>document.cookie="seen=1";if(false){window.location="/"}</script></body></html>`],
    ['an article about Cloudflare', `<html><head><title>Cloudflare ушёл из России</title></head><body>${'<p>Компания Cloudflare сообщила об ограничениях.</p>'.repeat(5)}</body></html>`],
    ['a JSON list', '{"data":[{"title":"Япония и Россия","public_at":1569000000000,"page_url":"/nhkworld/ru/news/1/"}]}'],
  ])('leaves %s alone', (_name, body) => {
    expect(detectBotCheck(body)).toBeNull();
  });
});
