/* Japanese clauses for intent detection: what follows a predicate (negation, condition), what a decision is about. */
#include <string.h>

#include "parsers_priv.h"

/* ---- characters ------------------------------------------------------------ */

gunichar
parse_intent_ja_char_before(const char *start, const char *p)
{
	return p > start ? g_utf8_get_char(g_utf8_prev_char(p)) : 0;
}

bool
parse_intent_ja_is_hiragana(gunichar c)
{
	return c >= 0x3041 && c <= 0x309F;
}

/* Part of a noun: kanji, katakana, ASCII letters and digits. */
bool
parse_intent_ja_is_noun_char(gunichar c)
{
	if (c < 128)
		return g_ascii_isalnum(c) || c == '.' || c == '-';
	if (c == 0x30FC || c == 0x30FB || c == 0x3005) /* ー ・ 々 */
		return true;
	return (c >= 0x30A1 && c <= 0x30FA) || (c >= 0x4E00 && c <= 0x9FFF) ||
	       (c >= 0x3400 && c <= 0x4DBF);
}

/* ---- Japanese: what follows a predicate ---------------------------------- */

/* Negations that do not deny what came before ("問題ありません") and
 * polite requests that look like negative questions ("いただけませんか"). */
static const char *const NOT_NEGATION[] = {
	"問題ない", "問題なく", "問題無", "問題ありません", "問題ございません", "構いません",
	"かまいません", "差し支えない", "差し支えありません", "差支えない", "差支えありません",
	"間違いない", "間違いありません", "間違いございません", "変わりない", "変わりありません",
	"変わりございません", "変更ない", "変更なし", "変更ありません", "変更はない", "変更はありません",
	"変更もありません", "変更ございません", "変更はございません", "相違ない", "相違ありません",
	"相違ございません", "申し訳ない", "申し訳ありません", "申し訳ございません", "すみません",
	"済みません", "できませんか", "出来ませんか", "できないでしょうか", "出来ないでしょうか",
	"いただけませんか", "頂けませんか", "いただけないでしょうか", "頂けないでしょうか",
	"いただけませんでしょうか", "頂けませんでしょうか", "もらえませんか", "もらえないでしょうか",
	"くれませんか", "くださいませんか", "下さいませんか", "願えませんか", "願えないでしょうか",
	"願えませんでしょうか", "必ず", "まず", "ずつ", "いずれ", "はず", "ずっと", "少ない",
	"少なく", "危ない", "ないしは", "なるべく", "間もなく", "まもなく", NULL,
};

static const char *const NEGATION[] = {
	"ません", "ない", "なく", "ず", "いたしかね", "致しかね", "しかね", "できかね",
	"出来かね", NULL,
};

/* Conditions, and the polite forms that only look like them. */
static const char *const COND_BENIGN[] = {
	"不明な点がございましたら", "不明点がございましたら", "不明な点がありましたら",
	"不明点がありましたら", "何かございましたら", "何かありましたら", "何かあれば",
	"不備がございましたら", "不備がありましたら", "不備があれば", "問題がございましたら",
	"問題がありましたら", "問題があれば", "質問がございましたら", "お手数ですが", "もしくは",
	"よろしければ", "宜しければ", "差し支えなければ", "差支えなければ", "可能であれば",
	"可能でしたら", "可能なら", "いただければ", "頂ければ", "いただけたら", "頂けたら",
	"くだされば", "下されば", "れば幸い", "たら幸い", "れば助か", "たら助か", "ればありがた",
	"たらありがた", "ればと思", "たらと思", "ればと存", "たらと存", "なければなら",
	"なければいけ", "ならびに", "ならでは", "次第です", "次第でございます", "さようなら",
	"ありましたらご連絡", "ございましたらご連絡", "例えば", "たとえば", "そういえば", "と言えば",
	"といえば", NULL,
};

static const char *const COND_JA[] = {
	"もし", "万一", "万が一", "場合", "次第", "なら", "であれば", "れば", "けば", "げば", "せば",
	"てば", "ねば", "べば", "めば", "えば", "たら", "だら", "前提",
	"条件に", "条件で", "としたら", "とすれば", "とすると", "かどうか", "か否か", "かも", NULL,
};

struct cover {
	const char *p;
	size_t n;
	const struct parse_matcher *skip;
};

static bool
covers(const char *q, guint idx, void *data)
{
	struct cover *c = data;

	return q <= c->p && q + parse_match_len(c->skip, idx) >= c->p + c->n;
}

/* Whether the occurrence [p, p+n) lies inside an occurrence of an entry of
 * skip (a registered list) within [s, e). */
static bool
covered(const char *s, const char *e, const char *p, size_t n, const char *const *skip)
{
	const struct parse_matcher *m = parse_intent_matcher(skip);
	struct cover c = {p, n, m};
	size_t maxlen = parse_match_maxlen(m);
	const char *lo = (size_t)(p - s) > maxlen ? p - maxlen : s;

	/* lo may fall inside a character: step to the next one. */
	while (lo < p && ((unsigned char)*lo & 0xC0) == 0x80)
		lo++;
	return parse_match_scan(m, lo, (size_t)(e - p) > maxlen ? p + maxlen : e, covers, &c);
}

struct unless {
	const char *s, *e;
	const struct parse_matcher *m;
	const char *const *skip;
	const char *found;
};

static bool
not_skipped(const char *p, guint idx, void *data)
{
	struct unless *u = data;

	if (covered(u->s, u->e, p, parse_match_len(u->m, idx), u->skip))
		return false;
	/* "できれば" politely at the start of a clause is no condition. */
	if (strcmp(parse_match_list(u->m)[idx], "れば") == 0 && (size_t)(p - u->s) >= 6 &&
	    memcmp(p - 6, "でき", 6) == 0 &&
	    !parse_intent_ja_is_noun_char(parse_intent_ja_char_before(u->s, p - 6)))
		return false;
	/* "戻り次第" is "as soon as"; "予算次第" is "depending on", and so is
	 * "予算が確保でき次第": an event that may not come. */
	if (strcmp(parse_match_list(u->m)[idx], "次第") == 0 &&
	    parse_intent_ja_is_hiragana(parse_intent_ja_char_before(u->s, p))) {
		static const char *const uncertain[] = {
			"予算", "承認", "決裁", "稟議", "許可", "確保", "了承", "決定", "決ま", "判断",
			"結論", "OK", "ok", NULL,
		};

		if (!parse_intent_find_any(u->s, p, uncertain))
			return false;
	}
	u->found = p;
	return true;
}

/* The first occurrence in [s, e) of an entry of list that is not inside an
 * entry of skip (both registered lists), or NULL. */
static const char *
find_unless(const char *s, const char *e, const char *const *list, const char *const *skip)
{
	struct unless u = {s, e, parse_intent_matcher(list), skip, NULL};

	parse_match_scan(u.m, s, e, not_skipped, &u);
	return u.found;
}

const char *
parse_intent_ja_negation(const char *s, const char *e)
{
	return find_unless(s, e, NEGATION, NOT_NEGATION);
}

const char *
parse_intent_ja_condition(const char *s, const char *e)
{
	return find_unless(s, e, COND_JA, COND_BENIGN);
}

/* The end of the clause that p is in: the next '、' or ',' (or e). */
const char *
parse_intent_ja_clause_end(const char *p, const char *e)
{
	for (const char *q = p; q < e; q++) {
		if (*q == ',')
			return q;
		if (parse_match_lit_at(q, e, "、"))
			return q;
	}
	return e;
}

/* Kanji that go on a predicate as its polite ending, not as a noun. */
bool
parse_intent_ja_is_helper_kanji(gunichar c)
{
	static const gunichar helpers[] = {0x81F4 /* 致 */, 0x7533 /* 申 */, 0x9802 /* 頂 */,
					   0x4E0B /* 下 */, 0x9858 /* 願 */, 0x5FA1 /* 御 */,
					   0x5B58 /* 存 */, 0x51FA /* 出 */, 0x6E08 /* 済 */,
					   0x5B9C /* 宜 */, 0x6234 /* 戴 */, 0x627F /* 承 */};

	for (size_t i = 0; i < G_N_ELEMENTS(helpers); i++)
		if (c == helpers[i])
			return true;
	return false;
}

/* What the rest of the clause from p does to the predicate before it. */
enum parse_tail
parse_intent_ja_tail(const char *p, const char *se, bool noun_block)
{
	const char *ce = parse_intent_ja_clause_end(p, se);
	const char *neg;

	if (noun_block && p < ce) {
		static const char *const noun_particles[] = {"が", "の", "と", "に", "事", "ごと", NULL};
		gunichar c = g_utf8_get_char(p);

		if (parse_intent_ja_is_noun_char(c) && !parse_intent_ja_is_helper_kanji(c) && c != 0x30FC)
			return PARSE_TAIL_NOUN;
		/* "お願いがあります", "希望の日": the noun goes on. */
		if (parse_match_at(p, ce, noun_particles, NULL) >= 0)
			return PARSE_TAIL_NOUN;
		/* "予定はありません" denies; "予定は来月です" says nothing. */
		if (parse_match_lit_at(p, ce, "は") || parse_match_lit_at(p, ce, "も"))
			return parse_intent_ja_negation(p, ce) ? PARSE_TAIL_NEG : PARSE_TAIL_NOUN;
	}
	if (parse_intent_ja_condition(p, ce))
		return PARSE_TAIL_COND;
	neg = parse_intent_ja_negation(p, ce);
	if (!neg)
		return PARSE_TAIL_POS;
	/* A second denial after the first one ("ないわけではない"). */
	neg = g_utf8_next_char(neg);
	while (neg < ce && !parse_intent_ja_is_noun_char(g_utf8_get_char(neg)) &&
	       !parse_match_lit_at(neg, ce, "わけ") && !parse_match_lit_at(neg, ce, "訳") &&
	       !parse_match_lit_at(neg, ce, "こと") && !parse_match_lit_at(neg, ce, "の"))
		neg = g_utf8_next_char(neg);
	if (neg < ce && parse_intent_ja_negation(neg, ce))
		return PARSE_TAIL_NEG2;
	return PARSE_TAIL_NEG;
}

/* ---- Japanese: the topic a decline word is about ------------------------- */

/* Words that name the certificate itself. */
static const char *const TOPIC_CERT_WORDS[] = {
	"証明書", "証明", "SSL", "ssl", "Ssl", "TLS", "tls", "認証", "ライセンス", "デジサート",
	"ジオトラスト", "コモド", "セクティゴ", "グローバルサイン", "DigiCert", "GeoTrust",
	"Sectigo", "Comodo", "GlobalSign", NULL,
};
/* Words that name this renewal without naming a thing. */
static const char *const TOPIC_RENEWAL_WORDS[] = {
	"更新", "継続", "契約", "今回", "今年", "本年", "次回", "来年", "来期", "今期", "本件",
	"弊社", "当社", "当方", "私", "手続", "申請", "申込", "申し込", "利用", "使用", "運用",
	"サービス", "自動", "年間", "年", "期限", NULL,
};
/* A part of the whole: "旧サーバーの方", "テスト用の証明書". */
static const char *const TOPIC_SUBSET_WORDS[] = {
	"旧", "別", "一部", "テスト", "検証", "開発", "ステージング", "サブ", "片方", "一方",
	"もう一", "他の", "以外", "予備", "古い", NULL,
};
static const char *const TOPIC_COMM_WORDS[] = {
	"返信", "返事", "連絡", "請求書", "領収書", "郵送", "書類", "見積書", "電話", "控え",
	"お気遣い", "気遣い", "案内", "送付", "紙", NULL,
};
/* Other services of a hosting company: the end of one (解約, 閉鎖) ends the
 * certificate too; their renewal ("ドメインの更新") is another matter. */
static const char *const TOPIC_SERVICE_WORDS[] = {
	"サーバー", "サーバ", "ホスティング", "ドメイン", "サイト", "ホームページ", "HP", "Web",
	"web", "ウェブ", "アカウント", "店舗", "事業", "会社", "メール", NULL,
};

enum parse_topic
parse_intent_ja_topic(const char *x, const char *xe, bool service)
{
	if (x >= xe)
		return PARSE_TOPIC_NONE;
	if (parse_intent_find_any(x, xe, TOPIC_SUBSET_WORDS))
		return PARSE_TOPIC_OTHER;
	if (parse_intent_find_any(x, xe, TOPIC_COMM_WORDS))
		return PARSE_TOPIC_COMM;
	if (parse_intent_find_any(x, xe, TOPIC_CERT_WORDS))
		return PARSE_TOPIC_RENEWAL;
	if (parse_intent_find_any(x, xe, TOPIC_SERVICE_WORDS))
		return service ? PARSE_TOPIC_RENEWAL : PARSE_TOPIC_OTHER;
	if (parse_intent_find_any(x, xe, TOPIC_RENEWAL_WORDS))
		return PARSE_TOPIC_RENEWAL;
	return PARSE_TOPIC_OTHER;
}

/* The noun (with "の" chains) that ends at e, start returned. */
static const char *
noun_run_before(const char *s, const char *e)
{
	const char *p = e;

	while (p > s) {
		const char *q = g_utf8_prev_char(p);
		gunichar c = g_utf8_get_char(q);

		if (!parse_intent_ja_is_noun_char(c) && c != 0x306E /* の */)
			break;
		p = q;
	}
	while (parse_match_lit_at(p, e, "の"))
		p += strlen("の");
	return p;
}

/* What the decline word at a is about: the noun right before it ("更新不要"),
 * before "の"/"する" ("更新の必要", "更新する必要"), or the nearest noun
 * marked with は/も/を/が in the same clause ("今回は見送ります"). */
static enum parse_topic
topic_before_x(const char *ss, const char *a, bool service, const char **xs, const char **xend)
{
	static const char *const bounds[] = {"、", ",", "ので", "ため", "ですが", "が、", NULL};
	static const char *const suffixes[] = {
		"について", "に関して", "につきまして", "の件", "の方", "のほう", "の分", "の",
		NULL,
	};
	const char *s = ss, *x, *xe = NULL;

	/* The clause: from the last boundary before a. */
	for (const char *p = a; p > ss && s == ss;) {
		const char *after;

		p = g_utf8_prev_char(p);
		if (parse_match_at(p, a, bounds, &after) >= 0)
			s = after;
	}
	*xs = *xend = NULL;
	if (s >= a)
		return PARSE_TOPIC_NONE;
	if (parse_intent_ja_is_noun_char(parse_intent_ja_char_before(s, a))) {
		xe = a;
	} else if (parse_match_ends_with(s, a, "の")) {
		xe = a - strlen("の");
	} else if (parse_match_ends_with(s, a, "する")) {
		xe = a - strlen("する");
	} else {
		static const char *const particles[] = {"は", "も", "を", "が", NULL};

		for (const char *p = a; p > s;) {
			p = g_utf8_prev_char(p);
			if (parse_match_at(p, a, particles, NULL) >= 0) {
				const char *q = p;

				for (int i = 0; suffixes[i]; i++)
					if (parse_match_ends_with(s, q, suffixes[i])) {
						q -= strlen(suffixes[i]);
						break;
					}
				if (q > s && parse_intent_ja_is_noun_char(parse_intent_ja_char_before(s, q))) {
					xe = q;
					break;
				}
			}
		}
	}
	if (!xe) {
		*xs = *xend = NULL;
		return PARSE_TOPIC_NONE;
	}
	for (int i = 0; suffixes[i]; i++)
		if (parse_match_ends_with(s, xe, suffixes[i])) {
			xe -= strlen(suffixes[i]);
			break;
		}
	x = noun_run_before(s, xe);
	*xs = x;
	*xend = xe;
	return parse_intent_ja_topic(x, xe, service);
}

enum parse_topic
parse_intent_ja_topic_before(const char *ss, const char *a, bool service)
{
	const char *x = NULL, *xe = NULL;

	return topic_before_x(ss, a, service, &x, &xe);
}

/* Whether the decision at a is about a part ("旧サイトの証明書は更新しません")
 * or another service ("ドメインは更新します"), not this certificate. */
bool
parse_intent_ja_topic_elsewhere(const char *ss, const char *a)
{
	const char *x = NULL, *xe = NULL;

	if (topic_before_x(ss, a, false, &x, &xe) == PARSE_TOPIC_NONE || !x)
		return false;
	if (parse_intent_find_any(x, xe, TOPIC_SUBSET_WORDS))
		return true;
	return parse_intent_find_any(x, xe, TOPIC_SERVICE_WORDS) &&
	       !parse_intent_find_any(x, xe, TOPIC_CERT_WORDS);
}

void
parse_intent_ja_clause_register(void)
{
	static const char *const *lists[] = {
		COND_JA, COND_BENIGN, NEGATION, NOT_NEGATION, TOPIC_CERT_WORDS, TOPIC_RENEWAL_WORDS,
		TOPIC_SUBSET_WORDS, TOPIC_COMM_WORDS, TOPIC_SERVICE_WORDS,
	};

	for (size_t i = 0; i < G_N_ELEMENTS(lists); i++)
		parse_intent_register(lists[i]);
}
