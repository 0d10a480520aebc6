/* What keeps a decision from being one: a question or condition in its sentence, a hedge anywhere in the text. */
#include <string.h>

#include "parsers_priv.h"

/* ---- questions and conditions ---------------------------------------------- */

static const char *const REQUEST_ENDINGS[] = {
	"お願いできますでしょうか", "お願い出来ますでしょうか", "お願いできますか", "お願い出来ますか",
	"お願いできませんでしょうか", "お願いできませんか", "お願いできないでしょうか",
	"お願いしてもよろしいでしょうか", "お願いしてもいいですか", "いただけますでしょうか",
	"頂けますでしょうか", "いただけますか", "頂けますか", "いただけませんでしょうか",
	"頂けませんでしょうか", "いただけませんか", "頂けませんか", "いただけないでしょうか",
	"頂けないでしょうか", "もらえますか", "もらえませんか", "もらえないでしょうか", "くれますか",
	"くれませんか", "くださいますか", "下さいますか", "くださいませんか", "下さいませんか",
	"願えますでしょうか", "願えますか", "願えませんでしょうか", "願えませんか",
	"願えないでしょうか", NULL,
};

static const char *const QUESTION_JA[] = {
	"?", "でしょうか", "ですか", "ますか", "ませんか", "かどうか", "か否か", "どうなり",
	"どうすれ", "どうした", "どうしたら", "どのよう", "どの様", "いかがでしょう", "いかがです",
	"いかがすれ", "いかがいたし", "いかがな", "教えて", "ご教示", "ご教授", "知りたい",
	"お聞きしたい", "伺いたい", "お伺い", "質問", "お尋ね", "たずね", "わかりません",
	"分かりません", "わからない", "分からない", "可能でしょう", "可能ですか", "よいのでしょう",
	"いいのでしょう", NULL,
};

static const char *const QUESTION_EN[] = {
	"whether", "what happens", "what will happen", "how much", "how do", "how can", "how to",
	"should we", "do we need", "do we have to", "is it necessary", "is it possible",
	"would it be possible", "wondering", "tell me", "let me know if", "let us know if",
	"could you confirm", "could you explain", "can you explain", "advise", "what if",
	"any way", NULL,
};

static const char *const EN_QSTART_WH[] = {"what", "how", "when", "why", "which", NULL};
static const char *const EN_QSTART[] = {
	"should", "do", "does", "did", "is", "are", "can", "could", "would", "will", "shall", "may",
	"am", "must", "have", "has", NULL,
};
static const char *const EN_QSUBJECT[] = {"we", "i", "it", "there", "this", "our", NULL};

/* Whether [s, e) (and its lowered twin) asks something: NULL when not, else
 * the marker. A polite request ("更新をお願いできますか", "could you please
 * renew") is not a question. */
const char *
parse_intent_question_of(const char *s, const char *e, const char *ls)
{
	const char *b = s, *be = e;
	bool qmark = parse_match_find(s, e, "?") != NULL;
	bool request = false;
	const char *m;
	struct parse_intent_tok t[4];
	int n;

	while (be > b) {
		const char *q = g_utf8_prev_char(be);
		gunichar c = g_utf8_get_char(q);

		if (c != '?' && c != '!' && c != '.' && c != ' ' && c != 0x3002 && c != 0x2026)
			break;
		be = q;
	}
	for (int i = 0; REQUEST_ENDINGS[i] && parse_match_ends_with(b, be, "か"); i++)
		if (parse_match_ends_with(b, be, REQUEST_ENDINGS[i])) {
			static const char *const contrast[] = {"が、", "けど", "けれど", "ですが", "ますが", NULL};

			be -= strlen(REQUEST_ENDINGS[i]);
			/* "更新したいのですが、見積もりを送ってもらえますか": asks for something else */
			if (parse_intent_find_any(b, be, contrast))
				return "request after a contrast";
			request = true;
			break;
		}
	n = parse_intent_has_letters(ls, ls + (e - s)) ? parse_intent_en_tokenize(ls, ls + (e - s), t, 4) : 0;
	if (n >= 2 &&
	    (parse_intent_en_tok_is(&t[0], "could") || parse_intent_en_tok_is(&t[0], "can") ||
	     parse_intent_en_tok_is(&t[0], "would") || parse_intent_en_tok_is(&t[0], "will")) &&
	    parse_intent_en_tok_is(&t[1], "you"))
		request = true;
	if ((m = parse_intent_find_any(b, be, QUESTION_JA)))
		return m;
	if (n > 0 && (m = parse_intent_find_any(ls, ls + (e - s), QUESTION_EN)))
		return m;
	if (!request) {
		if (qmark)
			return "?";
		if (parse_match_ends_with(b, be, "か") || parse_match_ends_with(b, be, "かな") ||
		    parse_match_ends_with(b, be, "かね"))
			return "か";
		if (n >= 1 && t[0].s == ls && parse_intent_en_tok_in(&t[0], EN_QSTART_WH))
			return "question word";
		if (n >= 2 && t[0].s == ls && parse_intent_en_tok_in(&t[0], EN_QSTART) && !t[1].brk &&
		    parse_intent_en_tok_in(&t[1], EN_QSUBJECT))
			return "question word";
	}
	return NULL;
}

static const char *const COND_EN[] = {
	"if", "unless", "provided", "assuming", "depending", "depends", "once", NULL,
};
static const char *const COND_EN_BENIGN[] = {
	"if you have any", "if you need", "if there is anything", "if there are any",
	"if anything", "if possible", "if you could", "if you would", "if you can", "if any",
	"once again", "once more", "at once", NULL,
};

const char *
parse_intent_condition_of(const char *s, const char *e, const char *ls)
{
	static const char *const phrases[] = {
		"as long as", "in case", "in the event", "after we", "after our", "once we", "until we",
		"before we", NULL,
	};
	struct parse_intent_tok t[PARSE_INTENT_MAX_TOKENS];
	int n;

	if (parse_intent_ja_condition(s, e))
		return "condition";
	if (!parse_intent_has_letters(ls, ls + (e - s)))
		return NULL;
	if (parse_intent_find_any(ls, ls + (e - s), phrases))
		return "condition";
	n = parse_intent_en_tokenize(ls, ls + (e - s), t, PARSE_INTENT_MAX_TOKENS);
	for (int k = 0; k < n; k++) {
		bool benign = false;

		if (!parse_intent_en_tok_in(&t[k], COND_EN))
			continue;
		for (int i = 0; COND_EN_BENIGN[i] && !benign; i++) {
			const char *q = t[k].s;
			size_t len = strlen(COND_EN_BENIGN[i]);

			if (parse_intent_en_tok_is(&t[k], "once") && k > 0 &&
			    parse_intent_en_tok_is(&t[k - 1], "at"))
				benign = true;
			if ((size_t)(ls + (e - s) - q) >= len && memcmp(q, COND_EN_BENIGN[i], len) == 0)
				benign = true;
		}
		if (!benign)
			return "condition";
	}
	return NULL;
}

/* ---- hedges ---------------------------------------------------------------- */

static const char *const HEDGE_JA[] = {
	"検討中", "検討します", "検討いたします", "検討致します", "検討させて", "検討して",
	"検討しており", "検討しています", "検討したい", "検討が必要", "検討の上", "検討を",
	"検討する", "検討段階", "考え中", "考えさせて", "未定", "まだ決まって", "決まっていません",
	"決まっておりません", "決めかね", "決定していません", "決定しておりません", "迷って",
	"悩んで", "多分", "たぶん", "おそらく", "恐らく", "かもしれ", "かも知れ", "社内で確認",
	"社内確認", "社内で相談", "社内調整", "調整中", "確認中", "確認してから", "上司に確認",
	"上長に確認", "上司と相談", "上長と相談", "上司に相談", "上長に相談", "相談してから", "相談の上",
	"相談中", "相談させて", "稟議中", "稟議に", "稟議を上げ", "稟議待ち", "決裁待ち", "決裁中",
	"決裁が下りておりません", "決裁が下りていません", "決裁が下りてから", "決裁を仰", "予算次第", "決まり次第", "決定次第", "決まりましたら",
	"決定しましたら", "後日ご連絡", "後日連絡", "改めてご連絡", "改めて連絡", "追ってご連絡",
	"追って連絡", "後ほどご連絡", "後ほど連絡", "改めてご返信", "少々お待ち",
	"お待ちください", "お待ち下さい", "お時間をいただ", "お時間を頂", "保留", "様子を見",
	"分かり次第", "わかり次第", "やまやま", "山々", "を考えて", "も考えて", "を考え中", "視野に", NULL,
};
/* "検討した結果、更新しないことにしました" has decided. */
static const char *const HEDGE_JA_DONE[] = {
	"検討した結果", "検討の結果", "検討しました", "検討いたしました", "検討致しました",
	"検討の末", "検討したところ", "検討させていただいた結果", "検討させて頂いた結果",
	"検討させていただきました", "検討させて頂きました", "検討を重ね", "検討した上で",
	"検討しましたが", "検討を行った結果", "検討を行いました", NULL,
};
static const char *const HEDGE_EN[] = {
	"considering", "will consider", "we'll consider", "consider it", "under consideration",
	"not sure", "unsure", "not decided", "undecided", "haven't decided", "have not decided",
	"not yet decided", "yet to decide", "let you know", "get back to you", "probably",
	"maybe", "perhaps", "might", "thinking about", "thinking of", "discuss internally",
	"discussing", "discuss it", "check internally", "need to check", "need to confirm",
	"pending", "not certain", "in discussion", "evaluating", "waiting for approval",
	"budget approval", "we'll see", "still deciding", "tbd", "not yet decided",
	"looking into", "think about it", "get approval", "need approval", "will confirm",
	"confirm later", "contact you later", "reply later", "respond later", "get back", "next week",
	"follow up", NULL,
};

static const char *const LATER_WHEN[] = {
	"後日", "改めて", "あらためて", "追って", "後ほど", "のちほど", "来週", "週明け", "明日",
	"近日", "後で", "あとで", "正式に", "再度", "次第", "確認後", "確認の上", "確認して",
	"相談の上", "検討の上", "月曜", "火曜", "水曜", "木曜", "金曜", NULL,
};
static const char *const LATER_CONTACT[] = {
	"連絡", "回答", "返答", "返事", NULL,
};

struct later {
	const char *buf, *found;
};

static bool
on_contact(const char *p, guint idx, void *data)
{
	struct later *l = data;
	const char *from = p;

	for (int k = 0; k < 8 && from > l->buf; k++)
		from = g_utf8_prev_char(from);
	if (!parse_intent_find_any(from, p, LATER_WHEN))
		return false;
	l->found = LATER_CONTACT[idx];
	return true;
}

/* "来週ご連絡します", "正式には後日回答します": the answer is still to come. */
static const char *
later_contact(const char *buf, const char *e)
{
	struct later l = {buf, NULL};

	parse_match_scan(parse_intent_matcher(LATER_CONTACT), buf, e, on_contact, &l);
	return l.found;
}

/* Whether the sentence around [p, pe) is about a later cycle ("来年また検討
 * します"): a hedge there does not hold this decision back. */
static bool
about_later(const char *buf, const char *low, const char *p, const char *pe)
{
	static const char *const later[] = {
		"来年", "次回", "来期", "将来", "次年度", "来年度", "next year", "in the future",
		"next time", NULL,
	};
	const char *s = p, *e = pe;

	while (s > buf && s[-1] != '\n' && !parse_match_ends_with(buf, s, "。") && s[-1] != '.')
		s--;
	while (*e && *e != '\n' && !parse_match_lit_at(e, e + 3, "。") && *e != '.')
		e++;
	return parse_intent_find_any(s, e, later) ||
	       parse_intent_find_any(low + (s - buf), low + (e - buf), later);
}

/* Every hedge: HEDGE_JA, then HEDGE_EN. */
static const char *hedge_lits[G_N_ELEMENTS(HEDGE_JA) + G_N_ELEMENTS(HEDGE_EN) - 1];

struct hedge_scan {
	const char *buf, *low, *e;
	size_t nja;
	const char *found;
};

static bool
on_hedge(const char *lp, guint idx, void *data)
{
	/* "社内で相談の上、更新しないことにしました": the hedge is over. */
	static const char *const decided[] = {
		"ことにしました", "ことになりました", "ことにいたしました", "ことに致しました",
		"決定しました", "決定いたしました", "決めました", "結果", "決まりました", NULL,
	};
	struct hedge_scan *h = data;
	const char *p = h->buf + (lp - h->low);
	size_t n = strlen(hedge_lits[idx]);

	if (idx < h->nja) {
		const char *pe = p;

		if (parse_match_at(p, h->e, HEDGE_JA_DONE, NULL) >= 0)
			return false;
		while (pe < h->e && *pe != '\n' && !parse_match_lit_at(pe, h->e, "。"))
			pe++;
		if (parse_intent_find_any(p, pe, decided) || about_later(h->buf, h->low, p, pe))
			return false;
	} else {
		if ((lp > h->low && g_ascii_isalpha(lp[-1])) || g_ascii_isalpha(lp[n]))
			return false;
		if (about_later(h->buf, h->low, p, p + n))
			return false;
	}
	h->found = hedge_lits[idx];
	return true;
}

/* The first hedge in the whole text, or NULL. */
const char *
parse_intent_hedge_of(const char *buf, const char *low, size_t len)
{
	struct hedge_scan h = {buf, low, buf + len, G_N_ELEMENTS(HEDGE_JA) - 1, NULL};
	const char *later = later_contact(buf, buf + len);

	if (later)
		return later;
	parse_match_scan(parse_intent_matcher(hedge_lits), low, low + len, on_hedge, &h);
	return h.found;
}

void
parse_intent_doubt_register(void)
{
	static const char *const *lists[] = {QUESTION_JA, QUESTION_EN, LATER_WHEN, LATER_CONTACT};
	size_t n = 0;

	for (size_t i = 0; HEDGE_JA[i]; i++)
		hedge_lits[n++] = HEDGE_JA[i];
	for (size_t i = 0; HEDGE_EN[i]; i++)
		hedge_lits[n++] = HEDGE_EN[i];
	hedge_lits[n] = NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(lists); i++)
		parse_intent_register(lists[i]);
	parse_intent_register(hedge_lits);
}
