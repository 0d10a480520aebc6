/* Renew, decline or unclear: phrase cues in the sender's own words, weighed by negation, questions, conditions and hedges. */
#include <string.h>

#include "parsers_priv.h"

/* How it works. The own text is made one working buffer: line breaks inside
 * a sentence joined (Japanese mail is hard-wrapped), spaces between Japanese
 * characters dropped, ASCII lowered in a twin buffer of the same offsets.
 * It is cut into sentences. In each, anchors are found ("更新", "継続",
 * "不要", "見送", "解約", ..., "renew", "cancel", ...) and the words around
 * each one decide what it says: a cue renew, decline, unsure (double
 * negation, "更新しないと", "した方が"), negated ("解約はしません": no
 * decline, no renew either) or about something else ("旧サーバーの方は不要").
 * A decision cue in a question or under a condition counts as unsure; a
 * hedge anywhere ("検討中", "probably") makes the whole mail unclear, and so
 * do cues of both sides. Anything not understood says nothing, so the
 * default is unclear: precision before recall.
 *
 * Where: the buffer, the sentences and the phrase lists in intent-text.c
 * (many phrases at once with match-phrases.c); the Japanese anchors in
 * intent-ja.c, with the clause around them (negation, condition, topic) in
 * intent-ja-clause.c; the English ones in intent-en.c; questions,
 * conditions and hedges in intent-doubt.c; the weighing here. */

#define REASON_BYTES 90

/* ---- cues and reasons ---------------------------------------------------- */

void
parse_intent_add_cue(struct parse_intent_scan *sc, enum parse_cue pol, bool weak, const char *why)
{
	struct parse_intent_cue *c;

	if (sc->ncues >= PARSE_INTENT_MAX_CUES) {
		sc->overflow = true;
		return;
	}
	c = &sc->cues[sc->ncues++];
	c->pol = pol;
	c->weak = weak;
	c->why = why;
	c->contrast = false;
	c->tok = sc->tok;
	c->ss = sc->ss;
	c->se = sc->se;
}

/* "label: sentence", the sentence cut to REASON_BYTES on a character boundary. */
static char *
reason_text(const char *label, const char *s, size_t len)
{
	const char *e = s + len;

	if (len > REASON_BYTES) {
		e = s + REASON_BYTES;
		while (e > s && ((unsigned char)*e & 0xC0) == 0x80)
			e--;
	}
	return g_strdup_printf("%s: %.*s%s", label, (int)(e - s), s, e < s + len ? "..." : "");
}

/* ---- one text -------------------------------------------------------------- */

static void
matchers_init(void)
{
	static gsize done;

	if (g_once_init_enter(&done)) {
		parse_intent_ja_clause_register();
		parse_intent_ja_register();
		parse_intent_doubt_register();
		g_once_init_leave(&done, 1);
	}
}

/* Cues of the sentence [ss, se). */
static void
read_sentence(struct parse_intent_scan *sc, size_t ss, size_t se)
{
	const char *s = sc->buf + ss, *e = sc->buf + se;
	const char *ls = sc->low + ss;
	int first = sc->ncues;
	const char *q = NULL, *c = NULL;

	sc->ss = ss;
	sc->se = se;
	sc->tok = -1;
	parse_intent_ja_cues(sc, ls, ls + (e - s));
	if (parse_intent_has_letters(ls, ls + (e - s)))
		parse_intent_en_cues(sc, ls, ls + (e - s));

	/* A decision asked about or made under a condition decides nothing. */
	for (int i = first; i < sc->ncues; i++) {
		struct parse_intent_cue *cu = &sc->cues[i];

		if (cu->pol != PARSE_CUE_RENEW && cu->pol != PARSE_CUE_DECLINE)
			continue;
		if (!q && !c) {
			q = parse_intent_question_of(s, e, ls);
			c = q ? NULL : parse_intent_condition_of(s, e, ls);
			if (!q && !c)
				break;
		}
		cu->pol = PARSE_CUE_UNSURE;
		cu->why = q ? "question" : "conditional";
	}
}

static void
read_text(struct parse_intent_scan *sc)
{
	parse_intent_sentences(sc->buf, sc->len, sc->sentences);
	for (guint i = 0; i < sc->sentences->len; i++) {
		const struct parse_intent_span *sp = &g_array_index(sc->sentences, struct parse_intent_span, i);

		read_sentence(sc, sp->s, sp->e);
	}
}

/* Whether the text holds characters NFKC would change in a way that matters
 * here: full-width and half-width forms, the ideographic space. */
static bool
needs_nfkc(const char *s)
{
	/* U+3000, then U+FF00..U+FFBF: searched for with the C library, which
	 * goes faster than a loop over every byte. */
	if (strstr(s, "\xE3\x80\x80"))
		return true;
	for (const char *p = strchr(s, '\xEF'); p; p = strchr(p + 1, '\xEF'))
		if (p[1] == '\xBC' || p[1] == '\xBD' || p[1] == '\xBE')
			return true;
	return false;
}

/* A decision said with a reservation ("更新したいのですが、...", "We'd like
 * to renew, but ...", or a next sentence opening with "ただ"/"However")
 * while the mail asks something: the answer may change the decision. */
static bool
reserved_with_question(const struct parse_intent_scan *sc)
{
	static const char *const opening[] = {
		"ただ", "但し", "しかし", "でも", "ですが", "とはいえ", "それとも", "あるいは", "もしくは",
		"または", "but", "however", "although", "though", "or ", NULL,
	};
	bool reserved = false, asked = false;

	for (int i = 0; i < sc->ncues && !reserved; i++)
		reserved = sc->cues[i].contrast &&
			   (sc->cues[i].pol == PARSE_CUE_RENEW || sc->cues[i].pol == PARSE_CUE_DECLINE);
	for (guint i = 1; i < sc->sentences->len && !reserved; i++) {
		const struct parse_intent_span *sp = &g_array_index(sc->sentences, struct parse_intent_span, i);

		reserved = parse_match_at(sc->low + sp->s, sc->low + sp->e, opening, NULL) >= 0;
	}
	if (!reserved)
		return false;
	for (guint i = 0; i < sc->sentences->len && !asked; i++) {
		const struct parse_intent_span *sp = &g_array_index(sc->sentences, struct parse_intent_span, i);
		const char *s = sc->buf + sp->s, *e = sc->buf + sp->e;

		/* A request for something else asks too ("Can you offer a
		 * discount?"); the decision's own request ("お願いできますか") not. */
		if (!asked) {
			bool decides = false;

			for (int k = 0; k < sc->ncues && !decides; k++)
				decides = sc->cues[k].ss == sp->s;
			asked = parse_intent_question_of(s, e, sc->low + sp->s) ||
				(!decides && (parse_match_find(s, e, "?") || parse_match_ends_with(s, e, "か") ||
					      parse_match_ends_with(s, e, "か。")));
		}
	}
	return asked;
}

struct verdict {
	enum parse_intent intent;
	bool decided;     /* a renew or decline cue carried it */
	bool vetoed;      /* unsure, other, hedge, both */
};

static void
push(GPtrArray *reasons, char *r)
{
	if (reasons)
		g_ptr_array_add(reasons, r);
	else
		g_free(r);
}

/* text is valid UTF-8 when valid is true: not checked again. */
static struct verdict
judge(const char *text, bool valid, GPtrArray *reasons, const char *label)
{
	struct verdict v = {PARSE_INTENT_UNCLEAR, false, false};
	char *norm = NULL;
	GString *b;
	struct parse_intent_scan scan = { 0 }, *sc = &scan;
	const char *hedge;
	int renew = 0, renew_weak = 0, decline = 0, decline_weak = 0, ack = 0;
	const struct parse_intent_cue *veto = NULL, *first_renew = NULL, *first_decline = NULL;
	const char *veto_text = NULL;
	char prefix[64];

	if (!valid && !g_utf8_validate(text, -1, NULL))
		text = norm = g_utf8_make_valid(text, -1);
	if (needs_nfkc(text)) {
		char *n = parse_text_nfkc(text, -1);

		g_free(norm);
		text = norm = n;
	}
	b = parse_intent_buffer(text);
	g_free(norm);
	sc->buf = b->str;
	sc->len = b->len;
	sc->low = parse_intent_lower(b->str, b->len);
	sc->sentences = g_array_new(FALSE, FALSE, sizeof(struct parse_intent_span));
	read_text(sc);

	for (int i = 0; i < sc->ncues; i++) {
		const struct parse_intent_cue *c = &sc->cues[i];

		switch (c->pol) {
		case PARSE_CUE_RENEW:
			if (c->weak)
				renew_weak++;
			else
				renew++;
			if (!first_renew)
				first_renew = c;
			break;
		case PARSE_CUE_DECLINE:
			if (c->weak)
				decline_weak++;
			else
				decline++;
			if (!first_decline)
				first_decline = c;
			break;
		case PARSE_CUE_UNSURE:
		case PARSE_CUE_OTHER:
			if (!veto)
				veto = c;
			break;
		case PARSE_CUE_ACK:
			ack++;
			break;
		case PARSE_CUE_NEGATED:
			break;
		}
	}
	if (ack && !renew && !renew_weak && !decline && !decline_weak &&
	    (strstr(sc->buf, "お願いします") || strstr(sc->buf, "お願いいたします") ||
	     strstr(sc->buf, "お願い致します") || strstr(sc->buf, "お願い申し上げます"))) {
		renew_weak++;
		for (int i = 0; i < sc->ncues && !first_renew; i++)
			if (sc->cues[i].pol == PARSE_CUE_ACK)
				first_renew = &sc->cues[i];
	}
	g_snprintf(prefix, sizeof prefix, "unclear: %s", label);
	if (!veto && (renew || decline) && reserved_with_question(sc)) {
		v.vetoed = true;
		veto_text = "decision with a reservation and a question";
	}
	hedge = (renew || renew_weak || decline || decline_weak || veto)
			? parse_intent_hedge_of(sc->buf, sc->low, sc->len)
			: NULL;

	if (sc->overflow) {
		v.vetoed = true;
		push(reasons, g_strdup_printf("%stoo many phrases", prefix));
	} else if (veto_text) {
		push(reasons, g_strdup_printf("%s%s", prefix, veto_text));
	} else if (veto) {
		char *what = g_strdup_printf("%s%s", prefix, veto->why ? veto->why : "unsure");

		v.vetoed = true;
		push(reasons, reason_text(what, sc->buf + veto->ss, veto->se - veto->ss));
		g_free(what);
	} else if (hedge) {
		v.vetoed = true;
		push(reasons, g_strdup_printf("%shedge: %s", prefix, hedge));
	} else if (renew_weak && decline && !renew) {
		/* A strong decline with only a closing "引き続きお願いします". */
		v.intent = PARSE_INTENT_DECLINE;
		v.decided = true;
	} else if ((renew && (decline || decline_weak)) || (renew_weak && decline_weak)) {
		v.vetoed = true;
		push(reasons, g_strdup_printf("%sboth renew and decline", prefix));
		push(reasons, reason_text("renew", sc->buf + first_renew->ss,
					  first_renew->se - first_renew->ss));
		push(reasons, reason_text("decline", sc->buf + first_decline->ss,
					  first_decline->se - first_decline->ss));
	} else if (renew || renew_weak) {
		v.intent = PARSE_INTENT_RENEW;
		v.decided = true;
	} else if (decline || decline_weak) {
		v.intent = PARSE_INTENT_DECLINE;
		v.decided = true;
	}
	if (v.decided) {
		const struct parse_intent_cue *c = v.intent == PARSE_INTENT_RENEW ? first_renew : first_decline;
		char *what = g_strdup_printf("%s%s", v.intent == PARSE_INTENT_RENEW ? "renew" : "decline",
					     *label ? ": subject" : "");

		push(reasons, reason_text(what, sc->buf + c->ss, c->se - c->ss));
		g_free(what);
	}
	g_free((char *)sc->low);
	g_array_free(sc->sentences, TRUE);
	g_string_free(b, TRUE);
	return v;
}

/* The part of a subject the customer wrote: before any "Re:"/"Fwd:"; a
 * subject without one is all theirs. Caller g_free()s; NULL when nothing. */
static char *
own_subject(const char *subject, bool valid)
{
	static const char *const prefixes[] = {
		"re:", "re[", "re(", "re ", "fw:", "fwd:", "fw ", "返信:", "転送:", "aw:", "sv:", "答复:",
		"回复:", NULL,
	};
	char *n = valid || g_utf8_validate(subject, -1, NULL) ? g_strdup(subject)
							      : g_utf8_make_valid(subject, -1);
	char *low;
	size_t cut;
	char *own;

	if (needs_nfkc(n)) {
		char *k = parse_text_nfkc(n, -1);

		g_free(n);
		n = k;
	}
	low = g_ascii_strdown(n, -1);
	cut = strlen(low);

	for (int i = 0; prefixes[i]; i++) {
		for (const char *p = strstr(low, prefixes[i]); p; p = strstr(p + 1, prefixes[i])) {
			/* At a word start, and "re " only before ':' like "RE :". */
			if (p > low && g_ascii_isalnum(p[-1]))
				continue;
			if (strcmp(prefixes[i], "re ") == 0 && p[3] != ':')
				continue;
			if (strcmp(prefixes[i], "fw ") == 0 && p[3] != ':')
				continue;
			if ((size_t)(p - low) < cut)
				cut = (size_t)(p - low);
		}
	}
	/* Our subjects end with the order tag: what follows it in a reply
	 * ("Re: ...[ORD-2026-0021] 更新しません") the customer added. */
	{
		const char *tag = NULL;

		for (const char *p = strstr(low, "[ord-"); p; p = strstr(p + 1, "[ord-"))
			tag = p;
		if (tag && strchr(tag, ']') && (size_t)(tag - low) >= cut) {
			const char *after = strchr(tag, ']') + 1;
			char *head = g_strndup(n, cut);

			own = g_strconcat(head, " ", n + (after - low), NULL);
			g_free(head);
		} else {
			own = g_strndup(n, cut);
		}
	}
	g_free(n);
	g_free(low);
	/* A tag like "[ORD-2026-0012]" says nothing. */
	for (char *t = strchr(own, '['); t; t = strchr(t, '[')) {
		char *close = strchr(t, ']');

		if (!close)
			break;
		memmove(t, close + 1, strlen(close + 1) + 1);
	}
	g_strstrip(own);
	if (!*own) {
		g_free(own);
		return NULL;
	}
	return own;
}

const char *
parse_intent_name(enum parse_intent intent)
{
	switch (intent) {
	case PARSE_INTENT_RENEW:
		return "renew";
	case PARSE_INTENT_DECLINE:
		return "decline";
	case PARSE_INTENT_UNCLEAR:
		return "unclear";
	case PARSE_INTENT_NONE:
		break;
	}
	return NULL;
}

/* parse_intent_detect(); valid says both texts are valid UTF-8 already. */
static enum parse_intent
detect(const char *own_text, const char *subject, bool valid, GPtrArray *reasons)
{
	GPtrArray *said = g_ptr_array_new_with_free_func(g_free);     /* the body's reasons */
	GPtrArray *titled = g_ptr_array_new_with_free_func(g_free);   /* the subject's */
	struct verdict body = {PARSE_INTENT_UNCLEAR, false, false};
	struct verdict subj = {PARSE_INTENT_UNCLEAR, false, false};
	enum parse_intent result = PARSE_INTENT_UNCLEAR;
	bool empty = !own_text || !*parse_text_skip_spaces(own_text);
	bool use_subject = false;

	matchers_init();
	if (!empty)
		body = judge(own_text, valid, said, "");
	/* The subject counts only when the body is silent or agrees: ours
	 * quoted back ("Re: ...") says nothing, so only the customer's own
	 * words in it are read. */
	if (!body.vetoed && subject) {
		char *own = own_subject(subject, valid);

		if (own)
			subj = judge(own, false, titled, "subject: ");
		g_free(own);
	}
	if (body.vetoed) {
		result = PARSE_INTENT_UNCLEAR;
	} else if (body.decided) {
		/* A subject that only hesitates or asks may be stale; one that
		 * decides the other way makes the mail unclear. */
		if (subj.decided && subj.intent != body.intent) {
			push(reasons, g_strdup("unclear: the subject disagrees with the body"));
			use_subject = true;
		} else {
			result = body.intent;
		}
	} else {
		result = subj.decided ? subj.intent : PARSE_INTENT_UNCLEAR;
		use_subject = true;
	}
	for (guint i = 0; i < said->len; i++)
		push(reasons, g_strdup(said->pdata[i]));
	for (guint i = 0; use_subject && i < titled->len; i++)
		push(reasons, g_strdup(titled->pdata[i]));
	if (result == PARSE_INTENT_UNCLEAR && said->len == 0 && (!use_subject || titled->len == 0))
		push(reasons, g_strdup(empty ? "unclear: empty" : "unclear: no renew or decline phrase"));
	g_ptr_array_free(said, TRUE);
	g_ptr_array_free(titled, TRUE);
	return result;
}

enum parse_intent
parse_intent_detect(const char *own_text, const char *subject, GPtrArray *reasons)
{
	return detect(own_text, subject, false, reasons);
}

enum parse_intent
parse_intent_detect_valid(const char *own_text, const char *subject, GPtrArray *reasons)
{
	return detect(own_text, subject, true, reasons);
}
