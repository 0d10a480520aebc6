/* Japanese cues for intent detection: 更新 and 継続 and what follows them, the words that decline on their own. */
#include <string.h>

#include "parsers_priv.h"

#define MAX_ANCHORS 256   /* each may read its whole sentence: bound the work */

/* What denies a need: "必要はありません", "必要ない". */
static const char *const NEED_DENIED[] = {
	"はありません", "はございません", "はない", "はなく", "がありません", "がございません",
	"がない", "がなく", "もありません", "もない", "ありません", "ございません", "ない", "なし",
	"無し", "なく", "無く", "性はありません", "性はない", "性がない", "性がありません", NULL,
};

/* ---- Japanese: 更新 and 継続 ---------------------------------------------- */

enum vk {
	VK_POS,
	VK_NEG,
	VK_UNSURE,
	VK_NEUTRAL,
	VK_THINK,   /* "しないと": "...と思います" declines, "...とどうなる" asks */
	VK_NEED,    /* "する必要": declines only when denied */
	VK_DIR,     /* "する方向で": renew with お願い/進め, else unsure */
	VK_END,     /* "する": renew only at the end of the clause */
};

static const struct {
	const char *lit;
	enum vk kind;
} VERB_FORMS[] = {
	{"しないといけ", VK_NEUTRAL}, {"しないとなら", VK_NEUTRAL}, {"しないとだめ", VK_NEUTRAL},
	{"しないとダメ", VK_NEUTRAL}, {"しなければなら", VK_NEUTRAL}, {"しなければいけ", VK_NEUTRAL},
	{"しなくてはなら", VK_NEUTRAL}, {"しなくてはいけ", VK_NEUTRAL}, {"しなくちゃ", VK_NEUTRAL},
	{"しなきゃ", VK_NEUTRAL}, {"しなければ", VK_UNSURE}, {"しないと", VK_THINK},
	{"しない場合", VK_UNSURE}, {"しなかった場合", VK_UNSURE},
	{"しなかったら", VK_UNSURE}, {"しなかった", VK_NEUTRAL}, {"しないなら", VK_UNSURE},
	{"しないのであれば", VK_UNSURE}, {"しないのなら", VK_UNSURE}, {"しないでも", VK_UNSURE},
	{"しなくても", VK_UNSURE}, {"しないほう", VK_UNSURE}, {"しない方が", VK_UNSURE},
	{"しないか", VK_UNSURE}, {"しなくて", VK_NEG}, {"しない", VK_NEG}, {"しません", VK_NEG},
	{"いたしません", VK_NEG}, {"致しません", VK_NEG}, {"せず", VK_NEG}, {"せぬ", VK_NEG},
	{"いたしかね", VK_NEG}, {"致しかね", VK_NEG}, {"しかね", VK_NEG}, {"できかね", VK_NEG},
	{"出来かね", VK_NEG}, {"できません", VK_NEG}, {"できない", VK_NEG}, {"出来ません", VK_NEG},
	{"出来ない", VK_NEG}, {"できればと", VK_POS}, {"できれば幸い", VK_POS},
	{"できれば", VK_UNSURE}, {"したほう", VK_UNSURE}, {"した方", VK_UNSURE}, {"したら", VK_UNSURE},
	{"した場合", VK_UNSURE}, {"すれば", VK_UNSURE}, {"する場合", VK_UNSURE},
	{"するなら", VK_UNSURE}, {"するのであれば", VK_UNSURE}, {"するのなら", VK_UNSURE},
	{"するかどうか", VK_UNSURE}, {"するか否か", VK_UNSURE}, {"するか", VK_UNSURE},
	{"しようか", VK_UNSURE}, {"すべき", VK_UNSURE}, {"するべき", VK_UNSURE},
	{"しても", VK_UNSURE}, {"するとしたら", VK_UNSURE}, {"するには", VK_UNSURE},
	{"する際", VK_NEUTRAL}, {"する時", VK_NEUTRAL}, {"するとき", VK_NEUTRAL},
	{"する必要", VK_NEED}, {"する方向で", VK_DIR}, {"する方向", VK_POS}, {"したい", VK_POS},
	{"したく", VK_POS}, {"しよう", VK_POS}, {"します", VK_POS}, {"いたします", VK_POS},
	{"致します", VK_POS}, {"いたしたく", VK_POS}, {"致したく", VK_POS},
	{"させていただ", VK_POS}, {"させて頂", VK_POS}, {"させてもら", VK_POS},
	{"させてくださ", VK_POS}, {"させて下さ", VK_POS}, {"してくださ", VK_POS},
	{"して下さ", VK_POS}, {"していただ", VK_POS}, {"して頂", VK_POS}, {"してほしい", VK_POS},
	{"して欲しい", VK_POS}, {"してもら", VK_POS}, {"してくれ", VK_POS}, {"しておいて", VK_POS},
	{"して利用", VK_POS}, {"して使用", VK_POS}, {"してご利用", VK_POS}, {"してお願い", VK_POS},
	{"して契約", VK_POS}, {"することに", VK_POS}, {"する事に", VK_POS}, {"することと", VK_POS},
	{"する予定", VK_POS}, {"するつもり", VK_POS}, {"する意向", VK_POS}, {"する旨", VK_POS},
	{"するので", VK_POS}, {"するため", VK_POS}, {"する方針", VK_POS}, {"する", VK_END},
};

/* Nouns of will after "更新を", "更新の方", "更新" itself. */
static const char *const NOM_POS[] = {
	"お願い", "御願い", "おねがい", "願い", "よろしく", "宜しく", "ご希望", "希望", "ご依頼",
	"依頼", "お申し込", "お申込", "申し込", "申込", "進め", "すすめ", "実施", "行い", "行っ",
	"行う", "行わ",
	"承諾", "手配", "予定", "意向", "意思", "方針", "決定", "了承", "同意", "確定", "頼み",
	"頼む", "利用", "使用", NULL,
};
/* After "更新の": only these (not "お願い": "更新のお願い" is a title). */
static const char *const NOM_POS_NO[] = {
	"ご希望", "希望", "ご依頼", "依頼", "お申し込", "お申込", "申し込", "申込", "手配",
	"予定", "意向", "意思", "方針", NULL,
};
/* After "更新で". */
static const char *const NOM_POS_DE[] = {
	"お願い", "御願い", "おねがい", "結構", "大丈夫", "問題ありません", "問題ございません", "問題ない",
	"問題無い", "差し支えありません", "差し支えない", "構いません", "かまいません", "進め",
	"すすめ", "よろしく", "宜しく", "ok", "OK", "Ok", "了承", "同意", "手配", "確定", "決定",
	"いい", "良い", "よい", "いきます", "行きます", "決ま", NULL,
};
static const char *const NOM_POS_NI[] = {"同意", "賛成", NULL};

static const char *const R_CONN[] = {
	"手続き", "手続", "手つづき", "お手続き", "処理", "作業", "申請", "ご対応", "対応", NULL,
};
static const char *const R_ACKCONN[] = {
	"の件", "のご案内", "のご連絡", "のお知らせ", "の旨", "について", "につきましては",
	"につきまして", "に関しましては", "に関しては", "に関して", NULL,
};
static const char *const ACK_WORDS[] = {
	"承知", "了解", "承りました", "理解しました", "理解いたしました", "かしこまりました", NULL,
};
enum part {
	PART_NONE,
	PART_WO,    /* を, は, も, の方...: verbs and nouns of will */
	PART_HOWA,  /* のほど: nouns only */
	PART_DE,
	PART_NI,
	PART_NO,
};
static const struct {
	const char *lit;
	enum part part;
} R_PARTS[] = {
	{":", PART_WO}, {"→", PART_WO}, {"の方を", PART_WO}, {"のほうを", PART_WO}, {"の方は", PART_WO}, {"のほうは", PART_WO},
	{"の方も", PART_WO}, {"のほうも", PART_WO}, {"の方で", PART_DE}, {"のほうで", PART_DE},
	{"の方", PART_WO}, {"のほう", PART_WO}, {"のほど", PART_HOWA}, {"を", PART_WO},
	{"は", PART_WO}, {"も", PART_WO}, {"で", PART_DE}, {"にて", PART_DE}, {"に", PART_NI}, {"の", PART_NO},
};
static const char *const ADVERBS[] = {
	"、", "今回も", "今回は", "今年も", "今年は", "今年度も", "今年度は", "本年も", "本年度も",
	"来年も", "次年度も", "ぜひとも", "是非とも", "ぜひ", "是非", "引き続き", "引続き",
	"例年通り", "例年どおり", "例年同様", "前回同様", "昨年同様", "前年同様", "予定通り",
	"予定どおり", "通常通り", "いつも通り", "いつもどおり", "正式に", "改めて", "早めに",
	"早急に", "至急", "速やかに", "すみやかに", "そのまま", "このまま", "どうぞ", "何卒",
	"なにとぞ", "1年", "一年", "1年間", "一年間", "もちろん", "勿論", NULL,
};

/* Words that hand the decision to someone else: "他社で更新します". */
static const char *const ELSEWHERE[] = {
	"他社", "他の業者", "他業者", "別の業者", "別業者", "別の会社", "別会社", "別のサービス",
	"他のサービス", "自社で", "自社にて", "自社の", "無料の", "無料SSL", "無料証明書",
	"let's encrypt", "lets encrypt", "letsencrypt", "let'sencrypt", NULL,
};

/* A contrast after the clause of a decision: 0 none, 1 "更新しますが、...",
 * 2 when what follows denies ("更新したいのですが、予算がありません"). */
static int
contrast_after(const char *after, const char *se)
{
	static const char *const contrast[] = {"が、", "けど", "けれど", "ものの", "のに", NULL};
	/* "更新したいのですが、...": the explaining form leads to a problem or
	 * a question, unless to the request itself ("..., お願いできますか"). */
	static const char *const explaining[] = {
		"のですが", "んですが", "のですけど", "んですけど", "のですけれど", "のだが", "ものの",
		NULL,
	};
	static const char *const request[] = {
		"お願い", "ください", "下さい", "いただけ", "頂け", "進めて", NULL,
	};
	const char *ce = parse_intent_ja_clause_end(after, se);
	const char *rest;

	if (ce >= se)
		return 0;
	if (!parse_match_ends_with(after, ce, "が") && !parse_intent_find_any(after, ce + strlen("、"), contrast))
		return 0;
	rest = ce + (parse_match_lit_at(ce, se, ",") ? 1 : strlen("、"));
	if (parse_intent_ja_negation(rest, se))
		return 2;
	if (parse_intent_find_any(after, ce, explaining) && !parse_intent_find_any(rest, se, request))
		return 2;
	return 1;
}

static const char *const PAST_CONTRAST[] = {
	"たが", "たけど", "たけれど", "たものの", "たのですが", "たんですが", NULL,
};

/* "更新するつもりでしたが", "お願いしましたが": a plan of the past, since changed. */
static bool
past_then_contrast(const char *after, const char *se)
{
	const char *ce = parse_intent_ja_clause_end(after, se);

	if (ce < se)
		ce += parse_match_lit_at(ce, se, ",") ? 1 : strlen("、");
	return parse_intent_find_any(after, ce, PAST_CONTRAST) != NULL;
}

/* A renew cue found after the anchor; its tail may turn it. */
static void
renew_with_tail(struct parse_intent_scan *sc, const char *after, bool noun_block, bool weak)
{
	const char *se = sc->buf + sc->se;

	switch (parse_intent_ja_tail(after, se, noun_block)) {
	case PARSE_TAIL_NOUN:
		return;
	case PARSE_TAIL_COND:
		parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "conditional");
		return;
	case PARSE_TAIL_NEG:
		parse_intent_add_cue(sc, PARSE_CUE_DECLINE, weak, NULL);
		return;
	case PARSE_TAIL_NEG2:
		parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "double negation");
		return;
	case PARSE_TAIL_POS:
		if (past_then_contrast(after, se)) {
			parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "a past plan");
			return;
		}
		switch (contrast_after(after, se)) {
		case 2:
			parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "renew then a denial");
			break;
		case 1:
			parse_intent_add_cue(sc, PARSE_CUE_RENEW, weak, NULL);
			sc->cues[sc->ncues - 1].contrast = sc->ncues <= PARSE_INTENT_MAX_CUES;
			break;
		default:
			parse_intent_add_cue(sc, PARSE_CUE_RENEW, weak, NULL);
		}
		return;
	}
}

static void
decline_with_tail(struct parse_intent_scan *sc, const char *after)
{
	switch (parse_intent_ja_tail(after, sc->buf + sc->se, false)) {
	case PARSE_TAIL_NEG:
	case PARSE_TAIL_NEG2:
		parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "double negation");
		return;
	case PARSE_TAIL_COND:
		parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "conditional");
		return;
	default:
		if (past_then_contrast(after, sc->buf + sc->se))
			parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "a past plan");
		else
			parse_intent_add_cue(sc, PARSE_CUE_DECLINE, false, NULL);
		return;
	}
}

static bool
at_clause_end(const char *p, const char *se)
{
	static const char *const ends[] = {"。", "!", ".", "、", ",", "よ", "ね", "わ", NULL};

	return p >= se || parse_match_at(p, se, ends, NULL) >= 0;
}

/* What makes "...の方向で" a request rather than a leaning. */
static const char *const GO_AHEAD[] = {"お願い", "御願い", "進め", "すすめ", "よろしく", NULL};

/* One 更新 or 継続 at a. */
static void
ja_renew_anchor(struct parse_intent_scan *sc, const char *a, size_t alen)
{
	const char *ss = sc->buf + sc->ss, *se = sc->buf + sc->se;
	const char *p = a + alen, *q;
	enum part part = PART_NONE;
	int before = sc->ncues;

	/* "他社で更新します" declines; the 他社 cue says so. */
	if (parse_intent_find_any(sc->low + sc->ss, sc->low + (a - sc->buf), ELSEWHERE))
		return;
	if (parse_match_lit_at(p, se, "の") && parse_match_at(p + strlen("の"), se, R_CONN, &q) >= 0)
		p = q;
	else if (parse_match_at(p, se, R_CONN, &q) >= 0)
		p = q;

	/* "更新の方向で": renew only with a request. */
	if (parse_match_lit_at(p, se, "の方向")) {
		p += strlen("の方向");
		if (parse_match_lit_at(p, se, "で")) {
			p += strlen("で");
			while (parse_match_at(p, se, ADVERBS, &q) >= 0)
				p = q;
			if (parse_match_at(p, se, GO_AHEAD, &q) >= 0)
				renew_with_tail(sc, q, false, false);
			else
				parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "leaning only");
		} else {
			renew_with_tail(sc, p, false, false);
		}
		goto topic;
	}

	if (parse_match_at(p, se, R_ACKCONN, &q) >= 0) {
		p = q;
		if (parse_match_lit_at(p, se, "は"))
			p += strlen("は");
		while (parse_match_lit_at(p, se, "、"))
			p += strlen("、");
		if (parse_match_at(p, se, ACK_WORDS, NULL) >= 0) {
			parse_intent_add_cue(sc, PARSE_CUE_ACK, true, NULL);
			return;
		}
	}

	for (size_t i = 0; i < G_N_ELEMENTS(R_PARTS) && !parse_match_lit_at(p, se, "でき"); i++) {
		if (parse_match_lit_at(p, se, R_PARTS[i].lit)) {
			part = R_PARTS[i].part;
			p += strlen(R_PARTS[i].lit);
			break;
		}
	}
	while (parse_match_at(p, se, ADVERBS, &q) >= 0)
		p = q;
	if (part == PART_WO && parse_match_at(p, se, ACK_WORDS, NULL) >= 0) {
		parse_intent_add_cue(sc, PARSE_CUE_ACK, true, NULL);
		return;
	}
	/* "更新で手続きをお願いします" */
	if (part == PART_DE && parse_match_at(p, se, R_CONN, &q) >= 0) {
		p = q;
		part = PART_WO;
		for (size_t i = 0; i < G_N_ELEMENTS(R_PARTS); i++) {
			if (R_PARTS[i].part == PART_WO && parse_match_lit_at(p, se, R_PARTS[i].lit)) {
				p += strlen(R_PARTS[i].lit);
				break;
			}
		}
	}

	switch (part) {
	case PART_NONE:
	case PART_WO:
		for (size_t i = 0; i < G_N_ELEMENTS(VERB_FORMS); i++) {
			if (!parse_match_lit_at(p, se, VERB_FORMS[i].lit))
				continue;
			q = p + strlen(VERB_FORMS[i].lit);
			switch (VERB_FORMS[i].kind) {
			case VK_POS:
				renew_with_tail(sc, q, false, false);
				break;
			case VK_NEG:
				decline_with_tail(sc, q);
				break;
			case VK_UNSURE:
				parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "conditional or question");
				break;
			case VK_NEUTRAL:
				break;
			case VK_THINK: {
				/* "...と考えております" has decided; "...と思います" guesses;
				 * "...とお伝えしましたが" tells what was said before. */
				static const char *const think[] = {
					"考え", "判断", "決め", "決定", "いう結論", "の結論", "お伝えします",
					"お伝えいたします", "お伝え致します", "ご連絡します", "ご連絡いたします",
					"ご連絡致します", "申し上げます", NULL,
				};
				static const char *const told[] = {
					"お伝えし", "伝えし", "お伝えい", "言いま", "申しま", "申し上げま", "ご連絡し",
					"連絡し", "お返事し", "返信し", "回答し", NULL,
				};
				if (parse_match_at(q, se, think, NULL) >= 0)
					decline_with_tail(sc, q);
				else if (parse_match_at(q, se, told, NULL) >= 0 && past_then_contrast(q, se)) {
					/* an earlier answer, revised after "が": says nothing now */
				} else if (parse_match_lit_at(q, se, "思")) {
					parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "guess");
				} else {
					parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false,
							     "conditional or question");
				}
				break;
			}
			case VK_NEED:
				if (parse_match_at(q, se, NEED_DENIED, &q) >= 0)
					decline_with_tail(sc, q);
				break;
			case VK_DIR:
				/* "する方向です" */
				if (parse_match_lit_at(q, se, "す") || parse_match_lit_at(q, se, "ござ"))
					renew_with_tail(sc, q, false, false);
				else if (parse_match_at(q, se, GO_AHEAD, &q) >= 0)
					renew_with_tail(sc, q, false, false);
				else
					parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "leaning only");
				break;
			case VK_END:
				if (at_clause_end(q, se) || parse_match_lit_at(q, se, "ので") ||
				    parse_match_lit_at(q, se, "から"))
					parse_intent_add_cue(sc, PARSE_CUE_RENEW, false, NULL);
				break;
			}
			goto topic;
		}
		/* fall through */
	case PART_HOWA:
		if (parse_match_at(p, se, NOM_POS, &q) >= 0) {
			renew_with_tail(sc, q, true, false);
			goto topic;
		}
		if (part == PART_NONE && (parse_match_lit_at(p, se, "なし") || parse_match_lit_at(p, se, "無し")))
			parse_intent_add_cue(sc, PARSE_CUE_DECLINE, false, NULL);
		break;
	case PART_NO:
		if (parse_match_at(p, se, NOM_POS_NO, &q) >= 0) {
			renew_with_tail(sc, q, true, false);
			goto topic;
		}
		break;
	case PART_DE:
		if (parse_match_at(p, se, NOM_POS_DE, &q) >= 0) {
			renew_with_tail(sc, q, false, false);
			goto topic;
		}
		if (p >= se || parse_match_lit_at(p, se, "。") || parse_match_lit_at(p, se, "!") ||
		    parse_match_lit_at(p, se, "、"))
			parse_intent_add_cue(sc, PARSE_CUE_RENEW, true, NULL);
		break;
	case PART_NI:
		if (parse_match_at(p, se, NOM_POS_NI, &q) >= 0) {
			renew_with_tail(sc, q, false, false);
			goto topic;
		}
		break;
	}
topic:
	/* "ホームページの更新をお願いします" is not the certificate's renewal. */
	if (sc->ncues > before) {
		const char *xe = a, *x;

		if (parse_match_ends_with(ss, xe, "の") || parse_match_ends_with(ss, xe, "を"))
			xe -= 3;
		x = xe;
		while (x > ss && parse_intent_ja_is_noun_char(parse_intent_ja_char_before(ss, x)))
			x = g_utf8_prev_char(x);
		/* "1更新します": a list number (from "①"), not a thing. */
		while (x < xe && (g_ascii_isdigit(*x) || *x == '.' || *x == '-'))
			x++;
		if ((x < xe && parse_intent_ja_topic(x, xe, false) == PARSE_TOPIC_OTHER &&
		     !parse_match_find(x, xe, ".")) ||
		    (x == xe && parse_intent_ja_topic_elsewhere(ss, a)))
			for (int i = before; i < sc->ncues; i++)
				if (sc->cues[i].pol == PARSE_CUE_RENEW || sc->cues[i].pol == PARSE_CUE_DECLINE) {
					sc->cues[i].pol = PARSE_CUE_OTHER;
					sc->cues[i].why = "renewal of something else";
				}
	}
}

/* ---- Japanese: words that decline on their own --------------------------- */

enum dkind {
	DK_PLAIN,   /* 見送, 辞退: decline when not denied */
	DK_UNNEED,  /* 不要 */
	DK_NEED,    /* 必要: declines only when denied */
	DK_FINE,    /* 結構: "更新は結構です", only with a renewal topic */
	DK_END,     /* 解約, キャンセル: end of service */
	DK_CLOSE,   /* 終了, 停止, 閉鎖: only with a topic */
	DK_ELSE,    /* 他社, 自社で: with a verb of moving */
	DK_AGAIN,   /* 引き続き, 今年も: renew */
	DK_FORM,    /* "フォームを送信しました": the application is (being) sent: renew */
};

static const struct {
	const char *lit;
	enum dkind kind;
} D_ANCHORS[] = {
	{"見送", DK_PLAIN}, {"見合わせ", DK_PLAIN}, {"見合せ", DK_PLAIN}, {"辞退", DK_PLAIN},
	{"遠慮", DK_PLAIN}, {"パス", DK_PLAIN}, {"控え", DK_PLAIN}, {"不要", DK_UNNEED},
	{"いりません", DK_UNNEED}, {"要りません", DK_UNNEED}, {"いらない", DK_UNNEED},
	{"要らない", DK_UNNEED}, {"必要", DK_NEED}, {"結構", DK_FINE}, {"なし", DK_FINE},
	{"無し", DK_FINE}, {"解約", DK_END}, {"キャンセル", DK_END}, {"取りやめ", DK_END},
	{"取り止め", DK_END}, {"取止め", DK_END}, {"とりやめ", DK_END}, {"中止", DK_END},
	{"やめ", DK_END}, {"打ち切", DK_END}, {"打切", DK_END}, {"終了", DK_CLOSE},
	{"停止", DK_CLOSE}, {"閉鎖", DK_CLOSE}, {"廃止", DK_CLOSE}, {"他社", DK_ELSE},
	{"他の業者", DK_ELSE}, {"他業者", DK_ELSE}, {"別の業者", DK_ELSE}, {"別業者", DK_ELSE},
	{"別の会社", DK_ELSE}, {"別会社", DK_ELSE}, {"別のサービス", DK_ELSE},
	{"他のサービス", DK_ELSE}, {"自社で", DK_ELSE}, {"自社にて", DK_ELSE},
	{"無料の", DK_ELSE}, {"無料ssl", DK_ELSE}, {"無料証明書", DK_ELSE},
	{"let's encrypt", DK_ELSE}, {"lets encrypt", DK_ELSE}, {"letsencrypt", DK_ELSE},
	{"引き続き", DK_AGAIN}, {"引続き", DK_AGAIN}, {"今年も", DK_AGAIN},
	{"今回も", DK_AGAIN}, {"今年度も", DK_AGAIN}, {"本年も", DK_AGAIN},
	{"本年度も", DK_AGAIN}, {"来年も", DK_AGAIN}, {"来年度も", DK_AGAIN},
	{"次年度も", DK_AGAIN}, {"今期も", DK_AGAIN}, {"来期も", DK_AGAIN},
	{"例年通り", DK_AGAIN}, {"例年どおり", DK_AGAIN}, {"例年同様", DK_AGAIN},
	{"前年同様", DK_AGAIN}, {"昨年同様", DK_AGAIN}, {"前回同様", DK_AGAIN},
	{"去年同様", DK_AGAIN}, {"いつも通り", DK_AGAIN}, {"いつもどおり", DK_AGAIN},
	{"昨年と同様", DK_AGAIN}, {"前回と同様", DK_AGAIN}, {"昨年と同じく", DK_AGAIN},
	{"フォーム", DK_FORM}, {"申請書", DK_FORM}, {"申込書", DK_FORM}, {"申し込み書", DK_FORM},
	{"申請情報", DK_FORM}, {"申請", DK_FORM}, {"申し込み", DK_FORM}, {"申込み", DK_FORM},
};

/* Connectors between a decline word and its ending: "解約手続きをお願い". */
static const char *const D_CONN[] = {
	"手続き", "手続", "処理", "申請", "の手続き", "の件", "の方向で", "の方向", "の方", "希望",
	"依頼", "届", NULL,
};
/* Sending the application form, and what says it is done or will be. */
static const char *const FORM_VERBS[] = {
	"送信", "提出", "送付", "お送り", "送り", "入力", "記入", "申請", "申し込", "申込", NULL,
};
static const char *const FORM_DONE[] = {
	"しました", "いたしました", "致しました", "します", "いたします", "致します", "済み", "済",
	"完了", "する予定", "予定", "させていただ", "させて頂", "しておりま", "しています",
	"しておきます", "ました", "ます", "みました", "みます", "みいたしま", "み致しま", NULL,
};

struct form_done {
	const char *se;
	const char *done;  /* past the ending found */
};

static bool
on_form_verb(const char *p, guint idx, void *data)
{
	struct form_done *f = data;

	return parse_match_at(p + strlen(FORM_VERBS[idx]), f->se, FORM_DONE, &f->done) >= 0;
}

static const char *const MOVE_VERBS[] = {
	"取得", "更新", "移行", "乗り換", "乗換", "切り替", "切替", "契約", "購入", "お願い",
	"依頼", "移管", "申し込", "申込", "発行", "移転", "変更", "利用", "使用", "導入", "対応",
	"手配", "管理", "移し", "移る", "移り", "移っ", NULL,
};

static void
decline_by_topic(struct parse_intent_scan *sc, enum parse_topic t, bool bare_ok, bool bare_weak,
		 const char *after)
{
	switch (t) {
	case PARSE_TOPIC_COMM:
		return;
	case PARSE_TOPIC_OTHER:
		parse_intent_add_cue(sc, PARSE_CUE_OTHER, false, "decline of something else");
		return;
	case PARSE_TOPIC_NONE:
		if (!bare_ok)
			return;
		if (bare_weak) {
			switch (parse_intent_ja_tail(after, sc->buf + sc->se, false)) {
			case PARSE_TAIL_NEG:
			case PARSE_TAIL_NEG2:
				parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "double negation");
				return;
			case PARSE_TAIL_COND:
				parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "conditional");
				return;
			default:
				parse_intent_add_cue(sc, PARSE_CUE_DECLINE, true, NULL);
				return;
			}
		}
		decline_with_tail(sc, after);
		return;
	case PARSE_TOPIC_RENEWAL:
		decline_with_tail(sc, after);
		return;
	}
}

static void
ja_decline_anchor(struct parse_intent_scan *sc, const char *a, size_t alen, enum dkind kind)
{
	const char *ss = sc->buf + sc->ss, *se = sc->buf + sc->se;
	const char *p = a + alen, *q;
	enum parse_tail t;

	switch (kind) {
	case DK_PLAIN:
		if (parse_match_lit_at(a, se, "パス") || parse_match_lit_at(a, se, "遠慮")) {
			/* "パスワード", "ご遠慮なく" */
			if (p < se && parse_intent_ja_is_noun_char(g_utf8_get_char(p)))
				return;
		}
		t = parse_intent_ja_tail(p, se, true);
		if (t == PARSE_TAIL_NOUN)
			return;
		if (t == PARSE_TAIL_NEG || t == PARSE_TAIL_NEG2) {
			parse_intent_add_cue(sc, parse_match_lit_at(a, se, "遠慮") ? PARSE_CUE_NEGATED
									      : PARSE_CUE_UNSURE,
					     false, "double negation");
			return;
		}
		decline_by_topic(sc, parse_intent_ja_topic_before(ss, a, false), true, false, p);
		return;
	case DK_UNNEED:
		if (parse_match_lit_at(a, se, "不要")) {
			/* "不要不急", "不要なメール" say nothing; "不要なので" declines. */
			if (p < se && parse_intent_ja_is_noun_char(g_utf8_get_char(p)))
				return;
			if (parse_match_lit_at(p, se, "な") && !parse_match_lit_at(p, se, "なので") &&
			    !parse_match_lit_at(p, se, "なため") && !parse_match_lit_at(p, se, "なら"))
				return;
		}
		t = parse_intent_ja_tail(p, se, false);
		if (t == PARSE_TAIL_NEG || t == PARSE_TAIL_NEG2) {
			parse_intent_add_cue(sc, t == PARSE_TAIL_NEG ? PARSE_CUE_NEGATED : PARSE_CUE_UNSURE, false,
					     "denied decline");
			return;
		}
		decline_by_topic(sc, parse_intent_ja_topic_before(ss, a, false), true, true, p);
		return;
	case DK_NEED:
		if (parse_match_lit_at(p, se, "ないわけ") || parse_match_lit_at(p, se, "なくはない")) {
			parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "double negation");
			return;
		}
		if (parse_match_at(p, se, NEED_DENIED, &q) < 0)
			return;
		/* "必要かどうか" or questions are caught per sentence. */
		{
			enum parse_topic tp = parse_intent_ja_topic_before(ss, a, false);

			if (tp == PARSE_TOPIC_COMM)
				return;
			if (parse_intent_ja_tail(q, se, false) == PARSE_TAIL_NEG ||
			    parse_intent_ja_tail(q, se, false) == PARSE_TAIL_NEG2) {
				parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "double negation");
				return;
			}
			decline_by_topic(sc, tp, true, true, q);
		}
		return;
	case DK_FINE:
		if (parse_match_ends_with(ss, a, "で") || parse_match_ends_with(ss, a, "でも"))
			return;
		t = parse_intent_ja_tail(p, se, false);
		if (t != PARSE_TAIL_POS)
			return;
		if (parse_intent_ja_topic_before(ss, a, false) == PARSE_TOPIC_RENEWAL)
			parse_intent_add_cue(sc, PARSE_CUE_DECLINE, false, NULL);
		return;
	case DK_END:
	case DK_CLOSE: {
		enum parse_topic tp;

		/* "やめ" only as a word of its own, not in "おやめ" or "ややめ". */
		if (parse_match_lit_at(a, se, "やめ") &&
		    parse_intent_ja_is_hiragana(parse_intent_ja_char_before(ss, a)) &&
		    !parse_match_ends_with(ss, a, "を") && !parse_match_ends_with(ss, a, "は") &&
		    !parse_match_ends_with(ss, a, "も"))
			return;
		if (parse_match_at(p, se, D_CONN, &q) >= 0)
			p = q;
		if (p < se && parse_intent_ja_is_noun_char(g_utf8_get_char(p)) &&
		    !parse_intent_ja_is_helper_kanji(g_utf8_get_char(p)) && !parse_match_lit_at(p, se, "予定") &&
		    !parse_match_lit_at(p, se, "致") && !parse_match_lit_at(p, se, "希望"))
			return;
		t = parse_intent_ja_tail(p, se, false);
		if (t == PARSE_TAIL_NEG || t == PARSE_TAIL_NEG2) {
			parse_intent_add_cue(sc, t == PARSE_TAIL_NEG ? PARSE_CUE_NEGATED : PARSE_CUE_UNSURE, false,
					     "denied decline");
			return;
		}
		if (t == PARSE_TAIL_COND) {
			parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "conditional");
			return;
		}
		tp = parse_intent_ja_topic_before(ss, a, true);
		if (kind == DK_CLOSE) {
			if (tp == PARSE_TOPIC_RENEWAL)
				parse_intent_add_cue(sc, PARSE_CUE_DECLINE, true, NULL);
			return;
		}
		decline_by_topic(sc, tp, true, parse_match_lit_at(a, se, "やめ"), p);
		return;
	}
	case DK_ELSE: {
		const char *which = NULL, *v = parse_intent_find_first(p, se, MOVE_VERBS, &which);

		if (!v)
			return;
		v += strlen(which);
		t = parse_intent_ja_tail(v, se, false);
		if (t == PARSE_TAIL_NEG)
			parse_intent_add_cue(sc, PARSE_CUE_NEGATED, false, "denied decline");
		else if (t == PARSE_TAIL_NEG2)
			parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "double negation");
		else if (t == PARSE_TAIL_COND)
			parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "conditional");
		else
			parse_intent_add_cue(sc, PARSE_CUE_DECLINE, false, NULL);
		return;
	}
	case DK_FORM: {
		struct form_done f = {se, NULL};

		/* A new application ("新規で申請します") is not this renewal. */
		if (parse_match_find(ss, se, "新規"))
			return;

		/* "申込フォームを送信しました", "フォームは後ほど送ります",
		 * "更新の申請をいたしました"; not "フォームを送ってください"
		 * (asks us) nor "送信できません". */
		if (parse_match_at(p, se, FORM_DONE, &q) < 0) {
			parse_match_scan(parse_intent_matcher(FORM_VERBS), p, se, on_form_verb, &f);
			if (!f.done)
				return;
			q = f.done;
		}
		t = parse_intent_ja_tail(q, se, false);
		if (t == PARSE_TAIL_COND)
			parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "conditional");
		else if (t == PARSE_TAIL_POS)
			parse_intent_add_cue(sc, PARSE_CUE_RENEW, false, NULL);
		return;
	}
	case DK_AGAIN: {
		static const char *const what[] = {"ご利用", "利用", "ご使用", "使用", "契約", "お願い", "御願い", NULL};
		int w;

		static const char *const skip[] = {
			"、", "に", "の", "御社に", "貴社に", "御社で", "貴社で", "そちらで", "そちらに",
			"御社へ", "貴社へ", NULL,
		};
		while (parse_match_at(p, se, skip, &q) >= 0)
			p = q;
		w = parse_match_at(p, se, what, &q);
		if (w < 0)
			return;
		t = parse_intent_ja_tail(q, se, w <= 4);
		if (t == PARSE_TAIL_NOUN)
			return;
		/* "引き続きご利用いただけますか" asks whether they may. */
		if ((w == 0 || w == 2) &&
		    (parse_match_lit_at(q, se, "いただけ") || parse_match_lit_at(q, se, "頂け") ||
		     parse_match_lit_at(q, se, "できま") || parse_match_lit_at(q, se, "可能")))
			parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false, "question");
		else if (t == PARSE_TAIL_COND || t == PARSE_TAIL_NEG2)
			parse_intent_add_cue(sc, PARSE_CUE_UNSURE, false,
					     t == PARSE_TAIL_COND ? "conditional" : "double negation");
		else if (t == PARSE_TAIL_NEG)
			parse_intent_add_cue(sc, PARSE_CUE_DECLINE, false, NULL);
		else
			parse_intent_add_cue(sc, PARSE_CUE_RENEW, w >= 5, NULL);
		return;
	}
	}
}

/* ---- anchors --------------------------------------------------------------- */

/* Every anchor, found in the lowered text: 更新 and 継続, then D_ANCHORS. */
static const char *anchor_lits[2 + G_N_ELEMENTS(D_ANCHORS) + 1];

static bool
on_anchor(const char *p, guint idx, void *data)
{
	struct parse_intent_scan *sc = data;
	const char *a = sc->buf + (p - sc->low);

	if (++sc->anchors > MAX_ANCHORS) {
		sc->overflow = true;
		return true;
	}
	if (idx < 2)
		ja_renew_anchor(sc, a, strlen(anchor_lits[idx]));
	else
		ja_decline_anchor(sc, a, strlen(anchor_lits[idx]), D_ANCHORS[idx - 2].kind);
	return false;
}

void
parse_intent_ja_cues(struct parse_intent_scan *sc, const char *ls, const char *le)
{
	parse_match_scan(parse_intent_matcher(anchor_lits), ls, le, on_anchor, sc);
}

void
parse_intent_ja_register(void)
{
	static const char *const *lists[] = {ELSEWHERE, MOVE_VERBS, PAST_CONTRAST, FORM_VERBS};

	anchor_lits[0] = "更新";
	anchor_lits[1] = "継続";
	for (size_t i = 0; i < G_N_ELEMENTS(D_ANCHORS); i++)
		anchor_lits[2 + i] = D_ANCHORS[i].lit;
	for (size_t i = 0; i < G_N_ELEMENTS(lists); i++)
		parse_intent_register(lists[i]);
	parse_intent_register(anchor_lits);
}
