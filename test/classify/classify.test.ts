import { describe, expect, it } from 'vitest';
import { classify, ClassifyInputError } from '../../lambdas/classify/classify.js';

const cases = [
  // Positives in three languages
  { lang: 'ru', relevant: true, title: 'Делегация префектуры Ниигата прибыла в Хабаровск', text: 'Делегация префектуры Ниигата во главе с вице-губернатором прибыла в Хабаровск. Стороны обсудили обмены школьников и поставки продукции лесопереработки японским партнерам.', prefectures: ['niigata'], regions: ['khabarovsk-krai'] },
  { lang: 'ru', relevant: true, title: 'Японская сторона готова расширить закупки амурской сои', text: 'Японская сторона подтвердила интерес к поставкам сои из Приамурья, сообщило правительство региона.', regions: ['amur-oblast'] },
  { lang: 'en', relevant: true, title: 'Hyogo governor hosts Vladivostok mayor', text: 'The governor of Hyogo Prefecture met the visiting mayor of Vladivostok in Kobe to discuss port cooperation and youth exchanges.', prefectures: ['hyogo'], regions: ['primorsky-krai'] },
  { lang: 'en', relevant: true, title: 'Japan extends sanctions on Russian shipping firms', text: 'Japan added eight Russian shipping companies to its sanctions list on Friday, the foreign ministry said.' },
  { lang: 'ja', relevant: true, title: '北海道知事、サハリン州知事と会談', text: '北海道の知事は札幌市でロシア・サハリン州の知事と会談し、観光と水産分野の協力継続を確認した。', prefectures: ['hokkaido'], regions: ['sakhalin-oblast'] },
  { lang: 'ja', relevant: true, title: '日露、サケ・マス漁の交渉妥結', text: '日本とロシアはサケ・マス漁の漁獲枠で合意した。' },
  // Hard negatives: the same vocabulary with a third country, or Japan only in passing
  { lang: 'ru', relevant: false, title: 'Губернатор Приморья провел переговоры в провинции Хэйлунцзян', text: 'Делегация Приморского края посетила Харбин. С китайскими партнерами обсудили экспорт морепродуктов, инвестиции и побратимские связи городов.' },
  { lang: 'ru', relevant: false, title: 'Экспорт Забайкалья вырос на 10%', text: 'Основные покупатели продукции края — Китай, Монголия, Япония и Казахстан. В Китай направлено 80% экспорта.' },
  { lang: 'ru', relevant: false, title: 'В Иркутске столкнулись три автомобиля', text: 'Водитель японской иномарки Toyota Corolla не справился с управлением на улице Байкальской. Пострадали двое.' },
  { lang: 'en', relevant: false, title: 'Primorye governor visits Seoul to promote tourism', text: 'The governor of Primorsky Krai met South Korean tour operators in Seoul and signed a memorandum on charter flights between Vladivostok and Busan.' },
  { lang: 'en', relevant: false, title: 'Strong earthquake hits Japan', text: 'A magnitude 6.9 earthquake struck off Japan\'s Pacific coast on Monday. Japanese authorities said there was no tsunami risk.' },
  { lang: 'ja', relevant: false, title: '日韓外相が会談', text: '外相は韓国の外相と東京で会談し、北朝鮮問題での連携を確認した。' },
  { lang: 'ja', relevant: false, title: 'ロシア中銀、政策金利を据え置き', text: 'ロシア中央銀行は政策金利を16%に据え置いた。' },
  // 政府 and 知事 mean Japan's own in Japanese text, but not inside ロシア政府 or サハリン州知事.
  { lang: 'ja', relevant: false, title: 'ロシア政府、ウクライナとの協議を拒否', text: 'ロシア政府はウクライナとの協議に応じない考えを示した。' },
  { lang: 'ja', relevant: false, title: 'サハリン州知事、新空港を視察', text: 'サハリン州知事はユジノサハリンスクの新空港を視察した。', regions: ['sakhalin-oblast'] },
] as const;

describe('classify, table-driven', () => {
  for (const c of cases) {
    it(`${c.lang} ${c.relevant ? 'relevant' : 'not relevant'}: ${c.title}`, () => {
      const result = classify({ id: 'x', title: c.title, text: c.text });
      expect(result.relevant).toBe(c.relevant);
      expect(result.lang).toBe(c.lang);
      if ('regions' in c) expect(result.regions).toEqual(c.regions);
      if ('prefectures' in c) expect(result.prefectures).toEqual(c.prefectures);
    });
  }
});

describe('Russian morphology', () => {
  // One sentence each, so only the inflected form can make Japan an actor beside Russia.
  const forms = [
    ['Японии', 'Губернатор Сахалинской области провел переговоры с делегацией Японии.'],
    ['Японией', 'Сахалинская область подписала соглашение о сотрудничестве с Японией.'],
    ['японской стороной', 'Сахалинская область подписала соглашение о сотрудничестве с японской стороной.'],
    ['префектуры Ниигата', 'Сахалинская область подписала соглашение о сотрудничестве с губернатором префектуры Ниигата.'],
  ] as const;
  for (const [form, title] of forms) {
    it(`finds Japan in "${form}"`, () => {
      const result = classify({ id: form, title, text: '' });
      expect(result.relevant).toBe(true);
      expect(result.evidence.some((e) => e.kind === 'japan' || e.kind.startsWith('prefecture:'))).toBe(true);
    });
  }

  it('maps adjectival and oblique forms of a region to its id (амурских, Амурской области)', () => {
    const result = classify({ id: 'amur', title: 'Экспорт амурских товаров в Японию вырос', text: 'Правительство Амурской области сообщило о росте поставок сои японским партнерам.' });
    expect(result.regions).toEqual(['amur-oblast']);
  });

  it('does not read the word "ток" (electric current) as Tokyo, though both stem to "ток"', () => {
    const result = classify({ id: 'tok', title: 'В Красноярске отключат ток', text: 'Подача электрического тока будет прекращена.' });
    expect(result.evidence.some((e) => e.kind === 'prefecture:tokyo')).toBe(false);
  });
});

describe('evidence', () => {
  it('names each term and the field it matched in', () => {
    const result = classify({
      id: 'ev',
      title: 'Губернатор Хабаровского края встретился с генконсулом Японии',
      text: 'Стороны обсудили сотрудничество в сфере туризма.\n\nПозже в тексте говорится о Японии снова.',
    });
    const title = result.evidence.filter((e) => e.field === 'title');
    expect(title).toContainEqual(expect.objectContaining({ term: 'Хабаровского края', kind: 'region:khabarovsk-krai' }));
    expect(title).toContainEqual(expect.objectContaining({ term: 'Японии', kind: 'japan' }));
    expect(title.some((e) => e.kind === 'relation')).toBe(true);
    expect(result.evidence.every((e) => e.weight > 0)).toBe(true);
  });

  it('marks a third country when it competes in the item', () => {
    const result = classify({ id: 'cn', title: 'Амурская область и Китай обсудили экспорт сои', text: 'Япония также интересуется соей.' });
    expect(result.evidence.some((e) => e.kind === 'third-country' && e.term === 'Китай')).toBe(true);
    expect(result.relevant).toBe(false);
  });
});

describe('bad input', () => {
  it('rejects an empty item with a message naming the fields', () => {
    expect(() => classify({ id: 'e', title: ' ', text: '' })).toThrow(/empty.*"title".*"text"/);
  });
  it('rejects a language the profile does not follow', () => {
    expect(() => classify({ id: 'k', title: '한국과 러시아 지방 협력', text: '연해주 대표단이 강원도를 방문했다.' })).toThrow(ClassifyInputError);
    expect(() => classify({ id: 'k', title: '한국과 러시아 지방 협력', text: '연해주 대표단이 강원도를 방문했다.' })).toThrow(/unsupported language "ko"/);
  });
  it('rejects text far beyond an article with the size and the limit', () => {
    expect(() => classify({ id: 'big', title: 't', text: 'Япония '.repeat(200_000) })).toThrow(/too long: 1400001 characters, the limit is 200000/);
  });
});
