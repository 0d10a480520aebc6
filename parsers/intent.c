/* Renew, decline or unclear: phrase cues in the sender's own words, weighed by negation, questions, conditions and hedges. */
#include <stdlib.h>
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
 * default is unclear: precision before recall. */

#define MAX_CUES 48
#define MAX_ANCHORS 256   /* each may read its whole sentence: bound the work */
#define MAX_TOKENS 128
#define REASON_BYTES 90

enum pol {
	POL_RENEW,
	POL_DECLINE,
	POL_UNSURE,   /* makes the mail unclear */
	POL_NEGATED,  /* a denied decline: says nothing */
	POL_OTHER,    /* a decision about something else: makes the mail unclear */
	POL_ACK,      /* "更新の件、承知しました": renew only with a request */
};

struct cue {
	enum pol pol;
	bool weak;
	const char *why;  /* static: "question", "double negation", ... or NULL */
	bool contrast;    /* its clause goes on with "が、", "but" */
	int tok;          /* English: the token it was found at, else -1 */
	size_t ss, se;    /* the sentence, offsets in the buffer */
};

struct scan {
	const char *buf;  /* the working text */
	const char *low;  /* the same, ASCII lowered */
	size_t len;
	struct cue cues[MAX_CUES];
	int ncues;
	bool overflow;
	size_t ss, se;    /* the sentence being read */
	int tok;          /* the English token being read, else -1 */
	int anchors;      /* anchors read so far */
	GArray *sentences; /* struct span */
};

struct span {
	size_t s, e;
};

/* ---- small string helpers ------------------------------------------------ */

static bool
lit_at(const char *p, const char *e, const char *lit)
{
	size_t n;

	/* Most calls fail on the first bytes: test them before strlen(). */
	if (p >= e || p[0] != lit[0])
		return false;
	if (lit[1] && (e - p < 2 || p[1] != lit[1]))
		return false;
	if (lit[1] && lit[2] && (e - p < 3 || p[2] != lit[2]))
		return false;
	n = strlen(lit);
	return (size_t)(e - p) >= n && memcmp(p, lit, n) == 0;
}

/* Index of the first of list found at p (list order decides); *out past it. */
static int
match_at(const char *p, const char *e, const char *const *list, const char **out)
{
	for (int i = 0; list[i]; i++) {
		if (lit_at(p, e, list[i])) {
			if (out)
				*out = p + strlen(list[i]);
			return i;
		}
	}
	return -1;
}

static const char *
find_in(const char *p, const char *e, const char *lit)
{
	if (p >= e)
		return NULL;
	return memmem(p, (size_t)(e - p), lit, strlen(lit));
}

/* ---- many needles at once ------------------------------------------------ */

/* memmem() once per needle is most of the cost on short texts, so the long
 * lists are searched in one pass: a bitmap of the needles' first characters
 * (all below U+10000) says where to look, and only the needles that begin
 * with the character found are compared. Built once (g_once) for every list
 * registered in matchers_init(); read-only after. */
struct matcher {
	const char *const *list;
	guint64 bits[1024];
	guint n;
	gunichar *first;   /* sorted */
	guint *idx;        /* list index of first[i] */
	size_t *lens;
	size_t maxlen;
};

#define MAX_MATCHERS 24
static struct matcher *matchers[MAX_MATCHERS];
static guint nmatchers;

/* The character at p (valid UTF-8 before e), its length in *len. */
static inline gunichar
char_at(const unsigned char *p, const unsigned char *e, int *len)
{
	if (p[0] < 0x80 || e - p < 2) {
		*len = 1;
		return p[0];
	}
	if (p[0] < 0xE0) {
		*len = 2;
		return ((gunichar)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
	}
	if (p[0] < 0xF0 && e - p >= 3) {
		*len = 3;
		return ((gunichar)(p[0] & 0x0F) << 12) | ((gunichar)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
	}
	*len = e - p >= 4 ? 4 : (int)(e - p);
	return 0x10000;
}

struct first_of {
	gunichar c;
	guint idx;
};

static int
cmp_first(const void *a, const void *b)
{
	const struct first_of *x = a, *y = b;

	if (x->c != y->c)
		return x->c < y->c ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void
matcher_add(const char *const *list)
{
	struct matcher *m = g_new0(struct matcher, 1);
	struct first_of *order;

	g_assert(nmatchers < MAX_MATCHERS);
	m->list = list;
	while (list[m->n])
		m->n++;
	order = g_new(struct first_of, m->n);
	m->first = g_new(gunichar, m->n);
	m->idx = g_new(guint, m->n);
	m->lens = g_new(size_t, m->n);
	for (guint i = 0; i < m->n; i++) {
		const unsigned char *w = (const unsigned char *)list[i];
		int len;

		m->lens[i] = strlen(list[i]);
		if (m->lens[i] > m->maxlen)
			m->maxlen = m->lens[i];
		order[i].c = char_at(w, w + m->lens[i], &len);
		order[i].idx = i;
		g_assert(order[i].c < 0x10000);
		m->bits[order[i].c >> 6] |= G_GUINT64_CONSTANT(1) << (order[i].c & 63);
	}
	qsort(order, m->n, sizeof *order, cmp_first);
	for (guint i = 0; i < m->n; i++) {
		m->idx[i] = order[i].idx;
		m->first[i] = order[i].c;
	}
	g_free(order);
	matchers[nmatchers++] = m;
}

static const struct matcher *
matcher_of(const char *const *list)
{
	for (guint i = 0; i < nmatchers; i++)
		if (matchers[i]->list == list)
			return matchers[i];
	return NULL;
}

typedef bool (*hit_fn)(const char *p, guint idx, void *data);

/* Calls fn(p, index in the list) for each needle at each position of [s, e),
 * in order, until fn returns true; returns whether one did. */
static bool
matcher_scan(const struct matcher *m, const char *s, const char *e, hit_fn fn, void *data)
{
	const unsigned char *p = (const unsigned char *)s, *end = (const unsigned char *)e;

	while (p < end) {
		int len;
		gunichar c = char_at(p, end, &len);

		if (c < 0x10000 && (m->bits[c >> 6] >> (c & 63) & 1)) {
			guint lo = 0, hi = m->n;

			while (lo < hi) {
				guint mid = (lo + hi) / 2;

				if (m->first[mid] < c)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (guint i = lo; i < m->n && m->first[i] == c; i++) {
				size_t n = m->lens[m->idx[i]], k = (size_t)len;
				const unsigned char *w = (const unsigned char *)m->list[m->idx[i]];

				if ((size_t)(end - p) < n)
					continue;
				while (k < n && p[k] == w[k])  /* the first character matched */
					k++;
				if (k == n && fn((const char *)p, m->idx[i], data))
					return true;
			}
		}
		p += len;
	}
	return false;
}

struct first_hit {
	const char *p;
	guint idx;
};

static bool
take_first(const char *p, guint idx, void *data)
{
	struct first_hit *h = data;

	h->p = p;
	h->idx = idx;
	return true;
}

/* Where the first entry of the registered list occurs in [p, e), or NULL;
 * the entry in *which. */
static const char *
find_first(const char *p, const char *e, const char *const *list, const char **which)
{
	struct first_hit h = {NULL, 0};

	if (!matcher_scan(matcher_of(list), p, e, take_first, &h))
		return NULL;
	*which = list[h.idx];
	return h.p;
}

/* The entry of list found first in [p, e) (by place for registered lists,
 * by list order for the others), or NULL. */
static const char *
find_any(const char *p, const char *e, const char *const *list)
{
	const struct matcher *m = matcher_of(list);

	if (m) {
		struct first_hit h = {NULL, 0};

		return matcher_scan(m, p, e, take_first, &h) ? list[h.idx] : NULL;
	}
	for (int i = 0; list[i]; i++)
		if (find_in(p, e, list[i]))
			return list[i];
	return NULL;
}

static bool
ends_with_lit(const char *s, const char *e, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(e - s) >= n && memcmp(e - n, lit, n) == 0;
}

static gunichar
char_before(const char *start, const char *p)
{
	return p > start ? g_utf8_get_char(g_utf8_prev_char(p)) : 0;
}

static bool
is_kana_hira(gunichar c)
{
	return c >= 0x3041 && c <= 0x309F;
}

/* Part of a noun: kanji, katakana, ASCII letters and digits. */
static bool
is_noun_char(gunichar c)
{
	if (c < 128)
		return g_ascii_isalnum(c) || c == '.' || c == '-';
	if (c == 0x30FC || c == 0x30FB || c == 0x3005) /* ー ・ 々 */
		return true;
	return (c >= 0x30A1 && c <= 0x30FA) || (c >= 0x4E00 && c <= 0x9FFF) ||
	       (c >= 0x3400 && c <= 0x4DBF);
}

/* ---- the working buffer -------------------------------------------------- */

/* Whether a line ending here ends its sentence, so the line break is kept. */
static bool
line_ends_sentence(const GString *b)
{
	static const char *const finals[] = {
		"。", ".", "!", "?", ":", ";", ")", "」", "』", "】", "す", "ん", "た", "か",
		"ね", "よ", "さい", "う", "…", NULL,
	};
	const char *e = b->str + b->len;

	for (int i = 0; finals[i]; i++)
		if (ends_with_lit(b->str, e, finals[i]))
			return true;
	return false;
}

/* parse_text_is_space() and parse_text_is_invisible() for the characters
 * that can be either; the kana and kanji of a Japanese mail never are. */
static bool
blank_char(gunichar c)
{
	if (c < 0x80)
		return c <= 0x20 || c == 0x7F;
	if (c > 0x3000 && c != 0xFEFF)
		return false;
	return parse_text_is_space(c) || parse_text_is_invisible(c);
}

/* Append one trimmed line: invisible characters dropped, curly quotes made
 * straight, spaces between Japanese characters dropped, other runs one ' '. */
static void
append_line(GString *b, const char *s, const char *e)
{
	const unsigned char *p = (const unsigned char *)s, *end = (const unsigned char *)e;
	const unsigned char *run = p;
	bool space = false;

	while (p < end) {
		int len;
		gunichar c = char_at(p, end, &len);

		if (c > 0x20 && c != 0x7F && (c < 0x80 || (c > 0xA0 && (c < 0x2000 || c > 0x206F) &&
							      c != 0x3000 && c != 0xFEFF && c != 0x1680))) {
			/* Plain: goes in with its run; a space before it counts only
			 * between two ASCII characters. */
			if (space) {
				if (c < 0x80 && b->len > 0 && (unsigned char)b->str[b->len - 1] < 0x80 &&
				    b->str[b->len - 1] != '\n')
					g_string_append_c(b, ' ');
				space = false;
			}
			p += len;
			continue;
		}
		g_string_append_len(b, (const char *)run, p - run);
		if (blank_char(c))
			space = true;
		else if (c == 0x2018 || c == 0x2019)
			g_string_append_c(b, '\'');
		else if (c == 0x201C || c == 0x201D)
			g_string_append_c(b, '"');
		else if (!parse_text_is_invisible(c))
			g_string_append_len(b, (const char *)p, len);
		p += len;
		run = p;
	}
	g_string_append_len(b, (const char *)run, p - run);
}

static GString *
make_buffer(const char *text)
{
	GString *b = g_string_sized_new(strlen(text) + 16);
	bool blank_before = false;

	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		const char *e = nl ? nl : p + strlen(p);
		const char *s = parse_text_skip_spaces(p);

		if (s > e)
			s = e;
		while (e > s) {
			const char *q = g_utf8_prev_char(e);
			gunichar c = g_utf8_get_char(q);

			if (!blank_char(c))
				break;
			e = q;
		}
		if (s == e) {
			blank_before = true;
		} else {
			if (b->len > 0) {
				if (blank_before || line_ends_sentence(b))
					g_string_append_c(b, '\n');
				else if ((unsigned char)b->str[b->len - 1] < 128 && (unsigned char)*s < 128)
					g_string_append_c(b, ' ');
			}
			append_line(b, s, e);
			blank_before = false;
		}
		p = nl ? nl + 1 : p + strlen(p);
	}
	return b;
}

/* ---- cues and reasons ---------------------------------------------------- */

static void
add_cue(struct scan *sc, enum pol pol, bool weak, const char *why)
{
	struct cue *c;

	if (sc->ncues >= MAX_CUES) {
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

/* ---- Japanese: what follows a predicate ---------------------------------- */

enum tail {
	TAIL_POS,
	TAIL_NEG,
	TAIL_NEG2,  /* denied twice: "したくないわけではない" */
	TAIL_COND,
	TAIL_NOUN,  /* the word goes on as a noun: "依頼期限", "申込フォーム" */
};

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
	const struct matcher *skip;
};

static bool
covers(const char *q, guint idx, void *data)
{
	struct cover *c = data;

	return q <= c->p && q + c->skip->lens[idx] >= c->p + c->n;
}

/* Whether the occurrence [p, p+n) lies inside an occurrence of an entry of
 * skip (a registered list) within [s, e). */
static bool
covered(const char *s, const char *e, const char *p, size_t n, const char *const *skip)
{
	const struct matcher *m = matcher_of(skip);
	struct cover c = {p, n, m};
	const char *lo = (size_t)(p - s) > m->maxlen ? p - m->maxlen : s;

	/* lo may fall inside a character: step to the next one. */
	while (lo < p && ((unsigned char)*lo & 0xC0) == 0x80)
		lo++;
	return matcher_scan(m, lo, (size_t)(e - p) > m->maxlen ? p + m->maxlen : e, covers, &c);
}

struct unless {
	const char *s, *e;
	const struct matcher *m;
	const char *const *skip;
	const char *found;
};

static bool
not_skipped(const char *p, guint idx, void *data)
{
	struct unless *u = data;

	if (covered(u->s, u->e, p, u->m->lens[idx], u->skip))
		return false;
	/* "できれば" politely at the start of a clause is no condition. */
	if (strcmp(u->m->list[idx], "れば") == 0 && (size_t)(p - u->s) >= 6 &&
	    memcmp(p - 6, "でき", 6) == 0 && !is_noun_char(char_before(u->s, p - 6)))
		return false;
	/* "戻り次第" is "as soon as"; "予算次第" is "depending on", and so is
	 * "予算が確保でき次第": an event that may not come. */
	if (strcmp(u->m->list[idx], "次第") == 0 && is_kana_hira(char_before(u->s, p))) {
		static const char *const uncertain[] = {
			"予算", "承認", "決裁", "稟議", "許可", "確保", "了承", "決定", "決ま", "判断",
			"結論", "OK", "ok", NULL,
		};

		if (!find_any(u->s, p, uncertain))
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
	struct unless u = {s, e, matcher_of(list), skip, NULL};

	matcher_scan(u.m, s, e, not_skipped, &u);
	return u.found;
}

/* The end of the clause that p is in: the next '、' or ',' (or e). */
static const char *
clause_end(const char *p, const char *e)
{
	for (const char *q = p; q < e; q++) {
		if (*q == ',')
			return q;
		if (lit_at(q, e, "、"))
			return q;
	}
	return e;
}

/* Kanji that go on a predicate as its polite ending, not as a noun. */
static bool
is_helper_kanji(gunichar c)
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
static enum tail
tail_of(const char *p, const char *se, bool noun_block)
{
	const char *ce = clause_end(p, se);
	const char *neg;

	if (noun_block && p < ce) {
		static const char *const noun_particles[] = {"が", "の", "と", "に", "事", "ごと", NULL};
		gunichar c = g_utf8_get_char(p);

		if (is_noun_char(c) && !is_helper_kanji(c) && c != 0x30FC)
			return TAIL_NOUN;
		/* "お願いがあります", "希望の日": the noun goes on. */
		if (match_at(p, ce, noun_particles, NULL) >= 0)
			return TAIL_NOUN;
		/* "予定はありません" denies; "予定は来月です" says nothing. */
		if (lit_at(p, ce, "は") || lit_at(p, ce, "も"))
			return find_unless(p, ce, NEGATION, NOT_NEGATION) ? TAIL_NEG : TAIL_NOUN;
	}
	if (find_unless(p, ce, COND_JA, COND_BENIGN))
		return TAIL_COND;
	neg = find_unless(p, ce, NEGATION, NOT_NEGATION);
	if (!neg)
		return TAIL_POS;
	/* A second denial after the first one ("ないわけではない"). */
	neg = g_utf8_next_char(neg);
	while (neg < ce && !is_noun_char(g_utf8_get_char(neg)) && !lit_at(neg, ce, "わけ") &&
	       !lit_at(neg, ce, "訳") && !lit_at(neg, ce, "こと") && !lit_at(neg, ce, "の"))
		neg = g_utf8_next_char(neg);
	if (neg < ce && find_unless(neg, ce, NEGATION, NOT_NEGATION))
		return TAIL_NEG2;
	return TAIL_NEG;
}

/* ---- Japanese: the topic a decline word is about ------------------------- */

enum topic {
	TOPIC_NONE,
	TOPIC_RENEWAL,
	TOPIC_COMM,   /* replies, invoices, paper: not the decision */
	TOPIC_OTHER,
};

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

static enum topic
classify_topic(const char *x, const char *xe, bool service)
{
	if (x >= xe)
		return TOPIC_NONE;
	if (find_any(x, xe, TOPIC_SUBSET_WORDS))
		return TOPIC_OTHER;
	if (find_any(x, xe, TOPIC_COMM_WORDS))
		return TOPIC_COMM;
	if (find_any(x, xe, TOPIC_CERT_WORDS))
		return TOPIC_RENEWAL;
	if (find_any(x, xe, TOPIC_SERVICE_WORDS))
		return service ? TOPIC_RENEWAL : TOPIC_OTHER;
	if (find_any(x, xe, TOPIC_RENEWAL_WORDS))
		return TOPIC_RENEWAL;
	return TOPIC_OTHER;
}

/* The noun (with "の" chains) that ends at e, start returned. */
static const char *
noun_run_before(const char *s, const char *e)
{
	const char *p = e;

	while (p > s) {
		const char *q = g_utf8_prev_char(p);
		gunichar c = g_utf8_get_char(q);

		if (!is_noun_char(c) && c != 0x306E /* の */)
			break;
		p = q;
	}
	while (lit_at(p, e, "の"))
		p += strlen("の");
	return p;
}

/* What the decline word at a is about: the noun right before it ("更新不要"),
 * before "の"/"する" ("更新の必要", "更新する必要"), or the nearest noun
 * marked with は/も/を/が in the same clause ("今回は見送ります"). */
static enum topic
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
		if (match_at(p, a, bounds, &after) >= 0)
			s = after;
	}
	*xs = *xend = NULL;
	if (s >= a)
		return TOPIC_NONE;
	if (is_noun_char(char_before(s, a))) {
		xe = a;
	} else if (ends_with_lit(s, a, "の")) {
		xe = a - strlen("の");
	} else if (ends_with_lit(s, a, "する")) {
		xe = a - strlen("する");
	} else {
		static const char *const particles[] = {"は", "も", "を", "が", NULL};

		for (const char *p = a; p > s;) {
			p = g_utf8_prev_char(p);
			if (match_at(p, a, particles, NULL) >= 0) {
				const char *q = p;

				for (int i = 0; suffixes[i]; i++)
					if (ends_with_lit(s, q, suffixes[i])) {
						q -= strlen(suffixes[i]);
						break;
					}
				if (q > s && is_noun_char(char_before(s, q))) {
					xe = q;
					break;
				}
			}
		}
	}
	if (!xe) {
		*xs = *xend = NULL;
		return TOPIC_NONE;
	}
	for (int i = 0; suffixes[i]; i++)
		if (ends_with_lit(s, xe, suffixes[i])) {
			xe -= strlen(suffixes[i]);
			break;
		}
	x = noun_run_before(s, xe);
	*xs = x;
	*xend = xe;
	return classify_topic(x, xe, service);
}

static enum topic
topic_before(const char *ss, const char *a, bool service)
{
	const char *x = NULL, *xe = NULL;

	return topic_before_x(ss, a, service, &x, &xe);
}

/* Whether the decision at a is about a part ("旧サイトの証明書は更新しません")
 * or another service ("ドメインは更新します"), not this certificate. */
static bool
topic_elsewhere(const char *ss, const char *a)
{
	const char *x = NULL, *xe = NULL;

	if (topic_before_x(ss, a, false, &x, &xe) == TOPIC_NONE || !x)
		return false;
	if (find_any(x, xe, TOPIC_SUBSET_WORDS))
		return true;
	return find_any(x, xe, TOPIC_SERVICE_WORDS) && !find_any(x, xe, TOPIC_CERT_WORDS);
}

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
	const char *ce = clause_end(after, se);
	const char *rest;

	if (ce >= se)
		return 0;
	if (!ends_with_lit(after, ce, "が") && !find_any(after, ce + strlen("、"), contrast))
		return 0;
	rest = ce + (lit_at(ce, se, ",") ? 1 : strlen("、"));
	if (find_unless(rest, se, NEGATION, NOT_NEGATION))
		return 2;
	if (find_any(after, ce, explaining) && !find_any(rest, se, request))
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
	const char *ce = clause_end(after, se);

	if (ce < se)
		ce += lit_at(ce, se, ",") ? 1 : strlen("、");
	return find_any(after, ce, PAST_CONTRAST) != NULL;
}

/* A renew cue found after the anchor; its tail may turn it. */
static void
renew_with_tail(struct scan *sc, const char *after, bool noun_block, bool weak)
{
	const char *se = sc->buf + sc->se;

	switch (tail_of(after, se, noun_block)) {
	case TAIL_NOUN:
		return;
	case TAIL_COND:
		add_cue(sc, POL_UNSURE, false, "conditional");
		return;
	case TAIL_NEG:
		add_cue(sc, POL_DECLINE, weak, NULL);
		return;
	case TAIL_NEG2:
		add_cue(sc, POL_UNSURE, false, "double negation");
		return;
	case TAIL_POS:
		if (past_then_contrast(after, se)) {
			add_cue(sc, POL_UNSURE, false, "a past plan");
			return;
		}
		switch (contrast_after(after, se)) {
		case 2:
			add_cue(sc, POL_UNSURE, false, "renew then a denial");
			break;
		case 1:
			add_cue(sc, POL_RENEW, weak, NULL);
			sc->cues[sc->ncues - 1].contrast = sc->ncues <= MAX_CUES;
			break;
		default:
			add_cue(sc, POL_RENEW, weak, NULL);
		}
		return;
	}
}

static void
decline_with_tail(struct scan *sc, const char *after)
{
	switch (tail_of(after, sc->buf + sc->se, false)) {
	case TAIL_NEG:
	case TAIL_NEG2:
		add_cue(sc, POL_UNSURE, false, "double negation");
		return;
	case TAIL_COND:
		add_cue(sc, POL_UNSURE, false, "conditional");
		return;
	default:
		if (past_then_contrast(after, sc->buf + sc->se))
			add_cue(sc, POL_UNSURE, false, "a past plan");
		else
			add_cue(sc, POL_DECLINE, false, NULL);
		return;
	}
}

static bool
at_clause_end(const char *p, const char *se)
{
	static const char *const ends[] = {"。", "!", ".", "、", ",", "よ", "ね", "わ", NULL};

	return p >= se || match_at(p, se, ends, NULL) >= 0;
}

/* What makes "...の方向で" a request rather than a leaning. */
static const char *const GO_AHEAD[] = {"お願い", "御願い", "進め", "すすめ", "よろしく", NULL};

/* One 更新 or 継続 at a. */
static void
ja_renew_anchor(struct scan *sc, const char *a, size_t alen)
{
	const char *ss = sc->buf + sc->ss, *se = sc->buf + sc->se;
	const char *p = a + alen, *q;
	enum part part = PART_NONE;
	int before = sc->ncues;

	/* "他社で更新します" declines; the 他社 cue says so. */
	if (find_any(sc->low + sc->ss, sc->low + (a - sc->buf), ELSEWHERE))
		return;
	if (lit_at(p, se, "の") && match_at(p + strlen("の"), se, R_CONN, &q) >= 0)
		p = q;
	else if (match_at(p, se, R_CONN, &q) >= 0)
		p = q;

	/* "更新の方向で": renew only with a request. */
	if (lit_at(p, se, "の方向")) {
		p += strlen("の方向");
		if (lit_at(p, se, "で")) {
			p += strlen("で");
			while (match_at(p, se, ADVERBS, &q) >= 0)
				p = q;
			if (match_at(p, se, GO_AHEAD, &q) >= 0)
				renew_with_tail(sc, q, false, false);
			else
				add_cue(sc, POL_UNSURE, false, "leaning only");
		} else {
			renew_with_tail(sc, p, false, false);
		}
		goto topic;
	}

	if (match_at(p, se, R_ACKCONN, &q) >= 0) {
		p = q;
		if (lit_at(p, se, "は"))
			p += strlen("は");
		while (lit_at(p, se, "、"))
			p += strlen("、");
		if (match_at(p, se, ACK_WORDS, NULL) >= 0) {
			add_cue(sc, POL_ACK, true, NULL);
			return;
		}
	}

	for (size_t i = 0; i < G_N_ELEMENTS(R_PARTS) && !lit_at(p, se, "でき"); i++) {
		if (lit_at(p, se, R_PARTS[i].lit)) {
			part = R_PARTS[i].part;
			p += strlen(R_PARTS[i].lit);
			break;
		}
	}
	while (match_at(p, se, ADVERBS, &q) >= 0)
		p = q;
	if (part == PART_WO && match_at(p, se, ACK_WORDS, NULL) >= 0) {
		add_cue(sc, POL_ACK, true, NULL);
		return;
	}
	/* "更新で手続きをお願いします" */
	if (part == PART_DE && match_at(p, se, R_CONN, &q) >= 0) {
		p = q;
		part = PART_WO;
		for (size_t i = 0; i < G_N_ELEMENTS(R_PARTS); i++) {
			if (R_PARTS[i].part == PART_WO && lit_at(p, se, R_PARTS[i].lit)) {
				p += strlen(R_PARTS[i].lit);
				break;
			}
		}
	}

	switch (part) {
	case PART_NONE:
	case PART_WO:
		for (size_t i = 0; i < G_N_ELEMENTS(VERB_FORMS); i++) {
			if (!lit_at(p, se, VERB_FORMS[i].lit))
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
				add_cue(sc, POL_UNSURE, false, "conditional or question");
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
				if (match_at(q, se, think, NULL) >= 0)
					decline_with_tail(sc, q);
				else if (match_at(q, se, told, NULL) >= 0 && past_then_contrast(q, se)) {
					/* an earlier answer, revised after "が": says nothing now */
				} else if (lit_at(q, se, "思")) {
					add_cue(sc, POL_UNSURE, false, "guess");
				} else {
					add_cue(sc, POL_UNSURE, false, "conditional or question");
				}
				break;
			}
			case VK_NEED:
				if (match_at(q, se, NEED_DENIED, &q) >= 0)
					decline_with_tail(sc, q);
				break;
			case VK_DIR:
				if (lit_at(q, se, "す") || lit_at(q, se, "ござ"))  /* "する方向です" */
					renew_with_tail(sc, q, false, false);
				else if (match_at(q, se, GO_AHEAD, &q) >= 0)
					renew_with_tail(sc, q, false, false);
				else
					add_cue(sc, POL_UNSURE, false, "leaning only");
				break;
			case VK_END:
				if (at_clause_end(q, se) || lit_at(q, se, "ので") || lit_at(q, se, "から"))
					add_cue(sc, POL_RENEW, false, NULL);
				break;
			}
			goto topic;
		}
		/* fall through */
	case PART_HOWA:
		for (int i = 0; NOM_POS[i]; i++) {
			if (lit_at(p, se, NOM_POS[i])) {
				renew_with_tail(sc, p + strlen(NOM_POS[i]), true, false);
				goto topic;
			}
		}
		if (part == PART_NONE && (lit_at(p, se, "なし") || lit_at(p, se, "無し")))
			add_cue(sc, POL_DECLINE, false, NULL);
		break;
	case PART_NO:
		for (int i = 0; NOM_POS_NO[i]; i++) {
			if (lit_at(p, se, NOM_POS_NO[i])) {
				renew_with_tail(sc, p + strlen(NOM_POS_NO[i]), true, false);
				goto topic;
			}
		}
		break;
	case PART_DE:
		for (int i = 0; NOM_POS_DE[i]; i++) {
			if (lit_at(p, se, NOM_POS_DE[i])) {
				renew_with_tail(sc, p + strlen(NOM_POS_DE[i]), false, false);
				goto topic;
			}
		}
		if (p >= se || lit_at(p, se, "。") || lit_at(p, se, "!") || lit_at(p, se, "、"))
			add_cue(sc, POL_RENEW, true, NULL);
		break;
	case PART_NI:
		for (int i = 0; NOM_POS_NI[i]; i++) {
			if (lit_at(p, se, NOM_POS_NI[i])) {
				renew_with_tail(sc, p + strlen(NOM_POS_NI[i]), false, false);
				goto topic;
			}
		}
		break;
	}
topic:
	/* "ホームページの更新をお願いします" is not the certificate's renewal. */
	if (sc->ncues > before) {
		const char *xe = a, *x;

		if (ends_with_lit(ss, xe, "の") || ends_with_lit(ss, xe, "を"))
			xe -= 3;
		x = xe;
		while (x > ss && is_noun_char(char_before(ss, x)))
			x = g_utf8_prev_char(x);
		/* "1更新します": a list number (from "①"), not a thing. */
		while (x < xe && (g_ascii_isdigit(*x) || *x == '.' || *x == '-'))
			x++;
		if ((x < xe && classify_topic(x, xe, false) == TOPIC_OTHER && !find_in(x, xe, ".")) ||
		    (x == xe && topic_elsewhere(ss, a)))
			for (int i = before; i < sc->ncues; i++)
				if (sc->cues[i].pol == POL_RENEW || sc->cues[i].pol == POL_DECLINE) {
					sc->cues[i].pol = POL_OTHER;
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

	return match_at(p + strlen(FORM_VERBS[idx]), f->se, FORM_DONE, &f->done) >= 0;
}

static const char *const MOVE_VERBS[] = {
	"取得", "更新", "移行", "乗り換", "乗換", "切り替", "切替", "契約", "購入", "お願い",
	"依頼", "移管", "申し込", "申込", "発行", "移転", "変更", "利用", "使用", "導入", "対応",
	"手配", "管理", "移し", "移る", "移り", "移っ", NULL,
};

static void
decline_by_topic(struct scan *sc, enum topic t, bool bare_ok, bool bare_weak, const char *after)
{
	switch (t) {
	case TOPIC_COMM:
		return;
	case TOPIC_OTHER:
		add_cue(sc, POL_OTHER, false, "decline of something else");
		return;
	case TOPIC_NONE:
		if (!bare_ok)
			return;
		if (bare_weak) {
			switch (tail_of(after, sc->buf + sc->se, false)) {
			case TAIL_NEG:
			case TAIL_NEG2:
				add_cue(sc, POL_UNSURE, false, "double negation");
				return;
			case TAIL_COND:
				add_cue(sc, POL_UNSURE, false, "conditional");
				return;
			default:
				add_cue(sc, POL_DECLINE, true, NULL);
				return;
			}
		}
		decline_with_tail(sc, after);
		return;
	case TOPIC_RENEWAL:
		decline_with_tail(sc, after);
		return;
	}
}

static void
ja_decline_anchor(struct scan *sc, const char *a, size_t alen, enum dkind kind)
{
	const char *ss = sc->buf + sc->ss, *se = sc->buf + sc->se;
	const char *p = a + alen, *q;
	enum tail t;

	switch (kind) {
	case DK_PLAIN:
		if (lit_at(a, se, "パス") || lit_at(a, se, "遠慮")) {
			/* "パスワード", "ご遠慮なく" */
			if (p < se && is_noun_char(g_utf8_get_char(p)))
				return;
		}
		t = tail_of(p, se, true);
		if (t == TAIL_NOUN)
			return;
		if (t == TAIL_NEG || t == TAIL_NEG2) {
			add_cue(sc, lit_at(a, se, "遠慮") ? POL_NEGATED : POL_UNSURE, false,
				"double negation");
			return;
		}
		decline_by_topic(sc, topic_before(ss, a, false), true, false, p);
		return;
	case DK_UNNEED:
		if (lit_at(a, se, "不要")) {
			/* "不要不急", "不要なメール" say nothing; "不要なので" declines. */
			if (p < se && is_noun_char(g_utf8_get_char(p)))
				return;
			if (lit_at(p, se, "な") && !lit_at(p, se, "なので") && !lit_at(p, se, "なため") &&
			    !lit_at(p, se, "なら"))
				return;
		}
		t = tail_of(p, se, false);
		if (t == TAIL_NEG || t == TAIL_NEG2) {
			add_cue(sc, t == TAIL_NEG ? POL_NEGATED : POL_UNSURE, false, "denied decline");
			return;
		}
		decline_by_topic(sc, topic_before(ss, a, false), true, true, p);
		return;
	case DK_NEED:
		if (lit_at(p, se, "ないわけ") || lit_at(p, se, "なくはない")) {
			add_cue(sc, POL_UNSURE, false, "double negation");
			return;
		}
		if (match_at(p, se, NEED_DENIED, &q) < 0)
			return;
		/* "必要かどうか" or questions are caught per sentence. */
		{
			enum topic tp = topic_before(ss, a, false);

			if (tp == TOPIC_COMM)
				return;
			if (tail_of(q, se, false) == TAIL_NEG || tail_of(q, se, false) == TAIL_NEG2) {
				add_cue(sc, POL_UNSURE, false, "double negation");
				return;
			}
			decline_by_topic(sc, tp, true, true, q);
		}
		return;
	case DK_FINE:
		if (ends_with_lit(ss, a, "で") || ends_with_lit(ss, a, "でも"))
			return;
		t = tail_of(p, se, false);
		if (t != TAIL_POS)
			return;
		if (topic_before(ss, a, false) == TOPIC_RENEWAL)
			add_cue(sc, POL_DECLINE, false, NULL);
		return;
	case DK_END:
	case DK_CLOSE: {
		enum topic tp;

		/* "やめ" only as a word of its own, not in "おやめ" or "ややめ". */
		if (lit_at(a, se, "やめ") && is_kana_hira(char_before(ss, a)) &&
		    !ends_with_lit(ss, a, "を") && !ends_with_lit(ss, a, "は") &&
		    !ends_with_lit(ss, a, "も"))
			return;
		if (match_at(p, se, D_CONN, &q) >= 0)
			p = q;
		if (p < se && is_noun_char(g_utf8_get_char(p)) && !is_helper_kanji(g_utf8_get_char(p)) &&
		    !lit_at(p, se, "予定") && !lit_at(p, se, "致") && !lit_at(p, se, "希望"))
			return;
		t = tail_of(p, se, false);
		if (t == TAIL_NEG || t == TAIL_NEG2) {
			add_cue(sc, t == TAIL_NEG ? POL_NEGATED : POL_UNSURE, false, "denied decline");
			return;
		}
		if (t == TAIL_COND) {
			add_cue(sc, POL_UNSURE, false, "conditional");
			return;
		}
		tp = topic_before(ss, a, true);
		if (kind == DK_CLOSE) {
			if (tp == TOPIC_RENEWAL)
				add_cue(sc, POL_DECLINE, true, NULL);
			return;
		}
		decline_by_topic(sc, tp, true, lit_at(a, se, "やめ"), p);
		return;
	}
	case DK_ELSE: {
		const char *which = NULL, *v = find_first(p, se, MOVE_VERBS, &which);

		if (!v)
			return;
		v += strlen(which);
		t = tail_of(v, se, false);
		if (t == TAIL_NEG)
			add_cue(sc, POL_NEGATED, false, "denied decline");
		else if (t == TAIL_NEG2)
			add_cue(sc, POL_UNSURE, false, "double negation");
		else if (t == TAIL_COND)
			add_cue(sc, POL_UNSURE, false, "conditional");
		else
			add_cue(sc, POL_DECLINE, false, NULL);
		return;
	}
	case DK_FORM: {
		struct form_done f = {se, NULL};

		/* A new application ("新規で申請します") is not this renewal. */
		if (find_in(ss, se, "新規"))
			return;

		/* "申込フォームを送信しました", "フォームは後ほど送ります",
		 * "更新の申請をいたしました"; not "フォームを送ってください"
		 * (asks us) nor "送信できません". */
		if (match_at(p, se, FORM_DONE, &q) < 0) {
			matcher_scan(matcher_of(FORM_VERBS), p, se, on_form_verb, &f);
			if (!f.done)
				return;
			q = f.done;
		}
		t = tail_of(q, se, false);
		if (t == TAIL_COND)
			add_cue(sc, POL_UNSURE, false, "conditional");
		else if (t == TAIL_POS)
			add_cue(sc, POL_RENEW, false, NULL);
		return;
	}
	case DK_AGAIN: {
		static const char *const what[] = {"ご利用", "利用", "ご使用", "使用", "契約", "お願い", "御願い", NULL};
		int w;

		static const char *const skip[] = {
			"、", "に", "の", "御社に", "貴社に", "御社で", "貴社で", "そちらで", "そちらに",
			"御社へ", "貴社へ", NULL,
		};
		while (match_at(p, se, skip, &q) >= 0)
			p = q;
		w = match_at(p, se, what, &q);
		if (w < 0)
			return;
		t = tail_of(q, se, w <= 4);
		if (t == TAIL_NOUN)
			return;
		/* "引き続きご利用いただけますか" asks whether they may. */
		if ((w == 0 || w == 2) && (lit_at(q, se, "いただけ") || lit_at(q, se, "頂け") ||
					   lit_at(q, se, "できま") || lit_at(q, se, "可能")))
			add_cue(sc, POL_UNSURE, false, "question");
		else if (t == TAIL_COND || t == TAIL_NEG2)
			add_cue(sc, POL_UNSURE, false, t == TAIL_COND ? "conditional" : "double negation");
		else if (t == TAIL_NEG)
			add_cue(sc, POL_DECLINE, false, NULL);
		else
			add_cue(sc, POL_RENEW, w >= 5, NULL);
		return;
	}
	}
}

/* ---- English --------------------------------------------------------------- */

struct tok {
	const char *s;
	size_t n;
	bool brk;       /* a clause boundary comes right before this token */
	bool contrast;  /* ... and it was "but", "however", "although" */
};

static bool
tok_is(const struct tok *t, const char *w)
{
	return strlen(w) == t->n && memcmp(t->s, w, t->n) == 0;
}

static bool
tok_in(const struct tok *t, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (tok_is(t, list[i]))
			return true;
	return false;
}

static const char *const EN_CONJ[] = {
	"but", "however", "although", "though", "and", "because", "since", "while", "so",
	"as", "thus", "therefore", NULL,
};

/* Words of the lowered sentence [s, e): letters, digits and apostrophes. */
static int
tokenize(const char *s, const char *e, struct tok *t, int max)
{
	static const char *const contrast[] = {"but", "however", "although", "though", NULL};
	int n = 0;
	bool brk = true, con = false;

	for (const char *p = s; p < e && n < max;) {
		unsigned char c = (unsigned char)*p;

		if (g_ascii_isalnum(c)) {
			const char *q = p;

			while (q < e && (g_ascii_isalnum(*q) || *q == '\'' ||
					 (*q == '-' && q + 1 < e && g_ascii_isalpha(q[1]))))
				q++;
			t[n] = (struct tok){p, (size_t)(q - p), brk, con};
			brk = con = false;
			if (tok_in(&t[n], EN_CONJ)) {
				brk = true;  /* the conjunction ends its clause, not kept */
				con = tok_in(&t[n], contrast);
			} else {
				n++;
			}
			p = q;
		} else {
			if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c >= 0x80)
				brk = true;
			p++;
		}
	}
	return n;
}

static bool
tok_negates(const struct tok *t)
{
	static const char *const neg[] = {
		"not", "no", "never", "nor", "neither", "without", "cannot", "unable", "against", "dont", "wont",
		"cant", "didnt", "doesnt", "isnt", "wouldnt", "shouldnt", "arent", NULL,
	};

	return tok_in(t, neg) || (t->n > 3 && memcmp(t->s + t->n - 3, "n't", 3) == 0);
}

static const char *const EN_CHAIN[] = {
	"to", "be", "been", "being", "going", "want", "wants", "wish", "plan", "planning",
	"intend", "intending", "like", "love", "need", "needs", "decided", "decide", "able",
	"will", "would", "shall", "should", "do", "does", "did", "have", "has", "had", "rather",
	"prefer", "longer", "we", "i", "further", "any", "more", "also", "really", "currently",
	"again", "then", "unfortunately", "sadly", "this", "time", "year", "at", "all", "is",
	"are", "am", "was", "were", "there", "the", "a", "an", "our", "my", "it", "that",
	"kindly", "please", "proceed", "with", "go", "ahead", "happy", "glad", "ok", "okay", "yes",
	"sure", "let's", "lets", "us", "just", "simply", "definitely", "certainly", "anymore",
	"hereby", "respectfully", "politely", "still", "now", "for", "process", "confirm",
	"approve", "accept", "request", "arrange", "can", "could", "may", "must", "we'd", "i'd",
	"we'll", "i'll", "we're", "i'm", "you", "agree", "whole", "hi", "hello", "dear", "thanks",
	"thank", "formally", "officially", "gladly", "happily", "go-ahead", "same", "usual",
	"think", "believe", "expect", "suppose", "plans", "intention", "intentions", "take", NULL,
};
static const char *const EN_FRAME[] = {
	"please", "kindly", "will", "shall", "would", "want", "wants", "wish", "intend",
	"intending", "plan", "planning", "going", "decided", "decide", "agree", "like", "love",
	"prefer", "happy", "glad", "yes", "ok", "okay", "sure", "let's", "lets", "can", "could",
	"need", "needs", "must", "proceed", "ahead", "process", "confirm", "approve", "accept",
	"request", "arrange", "we'll", "i'll", "we'd", "i'd", "hereby", NULL,
};
static const char *const EN_NOUNISH[] = {
	"notice", "notices", "fee", "fees", "date", "dates", "cost", "costs", "price", "prices",
	"deadline", "reminder", "email", "e-mail", "mail", "invoice", "quote", "quotation",
	"amount", "period", "terms", "form", "letter", "message", "information", "info",
	"details", "procedure", "schedule", "month", "timing", "link", "page", "status", NULL,
};
static const char *const EN_OBJECT[] = {
	"certificate", "certificates", "cert", "certs", "ssl", "renewal", "it", "this", "service",
	"services", "contract", "subscription", "site", "website", "domain", "anymore", "them",
	"order", "plan", "hosting", "using", "use", "account", NULL,
};

/* Looks left of token k, across chain words only. */
struct left {
	bool neg, frame, start, be;  /* start: nothing before in the clause */
};

static struct left
look_left(const struct tok *t, int k)
{
	struct left l = {false, false, true, false};

	for (int i = k - 1; i >= 0; i--) {
		if (t[i + 1].brk)
			break;
		if (tok_negates(&t[i])) {
			/* "don't forget to", "don't hesitate to" */
			if (i + 1 < k && (tok_is(&t[i + 1], "forget") || tok_is(&t[i + 1], "hesitate")))
				break;
			l.neg = true;
			l.start = false;
			continue;
		}
		if (!tok_in(&t[i], EN_CHAIN)) {
			l.start = false;
			break;
		}
		if (tok_in(&t[i], EN_FRAME))
			l.frame = true;
		if (i == k - 1 && (tok_is(&t[i], "are") || tok_is(&t[i], "am") ||
				   tok_is(&t[i], "we're") || tok_is(&t[i], "i'm") || tok_is(&t[i], "be")))
			l.be = true;
		if (i == k - 1 && (tok_is(&t[i], "we") || tok_is(&t[i], "i")))
			l.frame = true;
		if (!tok_in(&t[i], (const char *const[]){"yes", "ok", "okay", "hi", "hello", "dear",
							 "thanks", "thank", "so", NULL}))
			l.start = false;
	}
	return l;
}

/* Whether the clause right of k holds one of words within max tokens. */
static bool
right_has(const struct tok *t, int n, int k, const char *const *words, int max)
{
	for (int i = k + 1; i < n && i <= k + max; i++) {
		if (t[i].brk)
			return false;
		if (tok_in(&t[i], words))
			return true;
	}
	return false;
}

static bool
right_empty(const struct tok *t, int n, int k)
{
	return k + 1 >= n || t[k + 1].brk;
}

/* Right of k, only words from allowed (or nothing). */
static bool
right_only(const struct tok *t, int n, int k, const char *const *allowed)
{
	for (int i = k + 1; i < n && !t[i].brk; i++)
		if (!tok_in(&t[i], allowed))
			return false;
	return true;
}

static bool
clause_has(const struct tok *t, int n, int k, const char *const *words)
{
	int b = k, e = k;

	while (b > 0 && !t[b].brk)
		b--;
	while (e + 1 < n && !t[e + 1].brk)
		e++;
	for (int i = b; i <= e; i++)
		if (tok_in(&t[i], words))
			return true;
	return false;
}

static bool
clause_negated_before(const struct tok *t, int k)
{
	for (int i = k - 1; i >= 0; i--) {
		if (tok_negates(&t[i]))
			return true;
		if (t[i].brk)
			break;
	}
	return false;
}

static bool
same_clause(const struct tok *t, int n, int a, int b)
{
	int lo = a < b ? a : b, hi = a < b ? b : a;

	for (int i = lo + 1; i <= hi && i < n; i++)
		if (t[i].brk)
			return false;
	return true;
}

static const char *const EN_ELSEWHERE[] = {
	"elsewhere", "ourselves", "in-house", "inhouse", "letsencrypt", NULL,
};
static const char *const EN_ELSE_NOUN[] = {
	"provider", "providers", "vendor", "company", "supplier", "ca", "host", "hosting",
	"registrar", "reseller", "service", "certificate", "authority", NULL,
};
static const char *const EN_MOVE[] = {
	"moved", "move", "moving", "switched", "switch", "switching", "migrated", "migrate",
	"migrating", "transferred", "transfer", "transferring", "changed", "change", "changing",
	"going", "go", "use", "using", "used", "purchase", "purchased", "purchasing", "buy",
	"bought", "buying", "obtain", "obtained", "get", "got", "getting", "handle", "handling",
	"manage", "managing", "issue", "issued", "renew", "renewing", "renewed", "decided", "went",
	"install", "installed", "chose", "chosen", "choose", "selected", NULL,
};

static void english_cues_of(struct scan *sc, struct tok *t, int n);

/* English cues of the lowered sentence [ls, le); a cue whose clause is
 * followed by "but ..." is marked. */
static void
english_cues(struct scan *sc, const char *ls, const char *le)
{
	/* "We'd like to renew, but please send the invoice to ..." is fine. */
	static const char *const request[] = {
		"please", "kindly", "could", "can", "would", "thanks", "thank", NULL,
	};
	struct tok t[MAX_TOKENS];
	int n = tokenize(ls, le, t, MAX_TOKENS);
	int first = sc->ncues;

	english_cues_of(sc, t, n);
	sc->tok = -1;
	for (int i = first; i < sc->ncues; i++) {
		struct cue *c = &sc->cues[i];
		int ci = -1;

		if (c->pol != POL_RENEW && c->pol != POL_DECLINE)
			continue;
		for (int k = c->tok + 1; k < n && ci < 0; k++)
			if (t[k].contrast)
				ci = k;
		if (ci < 0)
			continue;
		c->contrast = true;
		/* "We'd like to renew but need a quote first." */
		if (c->pol == POL_RENEW && !tok_in(&t[ci], request)) {
			c->pol = POL_UNSURE;
			c->why = "renew with a reservation";
		}
	}
}

static void
english_cues_of(struct scan *sc, struct tok *t, int n)
{
	bool elsewhere = false;

	/* Moving elsewhere: "we have moved to another provider". */
	for (int k = 0; k < n; k++) {
		bool here;

		sc->tok = k;
		here = tok_in(&t[k], EN_ELSEWHERE) ||
			    ((tok_is(&t[k], "let's") || tok_is(&t[k], "lets")) && k + 1 < n &&
			     tok_is(&t[k + 1], "encrypt")) ||
			    ((tok_is(&t[k], "another") || tok_is(&t[k], "different") ||
			      tok_is(&t[k], "other") || tok_is(&t[k], "free") || tok_is(&t[k], "own")) &&
			     k + 1 < n && tok_in(&t[k + 1], EN_ELSE_NOUN));
		if (!here)
			continue;
		elsewhere = true;
		for (int j = 0; j < n; j++) {
			if (!tok_in(&t[j], EN_MOVE) || !same_clause(t, n, j, k))
				continue;
			if (clause_negated_before(t, j))
				add_cue(sc, POL_NEGATED, false, "denied decline");
			else
				add_cue(sc, POL_DECLINE, false, NULL);
			break;
		}
		break;
	}

	for (int k = 0; k < n; k++) {
		struct tok *w = &t[k];
		struct left l;

		sc->tok = k;
		if (tok_is(w, "renew") || tok_is(w, "renewing") || tok_is(w, "renewal") ||
		    tok_is(w, "renewals") || tok_is(w, "renews")) {
			bool noun = w->n > 5 && w->s[5] == 'a';

			if (noun && k + 1 < n && !t[k + 1].brk && tok_in(&t[k + 1], EN_NOUNISH))
				continue;
			if (elsewhere)
				continue;
			/* "Please renew our domain": another product. */
			if ((k + 1 < n && !t[k + 1].brk && tok_is(&t[k + 1], "your")) ||
			    (right_has(t, n, k, (const char *const[]){"domain", "domains", "hosting", "server",
								       "email", "mailbox", "account", "subscription",
								       "membership", "policy", "password", NULL}, 6) &&
			     !right_has(t, n, k, (const char *const[]){"certificate", "certificates", "cert",
								       "ssl", "tls", NULL}, 6))) {
				if (!look_left(t, k).start || !noun)
					add_cue(sc, POL_OTHER, false, "renewal of something else");
				continue;
			}
			l = look_left(t, k);
			if (l.neg) {
				add_cue(sc, POL_DECLINE, false, NULL);
			} else if (l.frame || (l.be && tok_is(w, "renewing"))) {
				add_cue(sc, POL_RENEW, false, NULL);
			} else if (l.start && tok_is(w, "renew")) {
				add_cue(sc, POL_RENEW, false, NULL);
			} else if (l.start && noun &&
				   right_only(t, n, k, (const char *const[]){"please", "thanks", "thank", "you",
									      "is", "fine", "ok", "okay", "confirmed",
									      "yes", "requested", NULL})) {
				if (!right_empty(t, n, k))
					add_cue(sc, POL_RENEW, false, NULL);
			}
			/* "renewal is not needed" */
			if (noun) {
				static const char *const needed[] = {"needed", "necessary", "required", "wanted", NULL};
				bool neg = false;

				for (int i = k + 1; i < n && i <= k + 6 && !t[i].brk; i++) {
					if (tok_negates(&t[i]))
						neg = true;
					if (tok_is(&t[i], "unnecessary") || (neg && tok_in(&t[i], needed))) {
						add_cue(sc, POL_DECLINE, false, NULL);
						break;
					}
				}
			}
			continue;
		}
		/* "We have submitted the application form", "I'll fill in the form". */
		if (tok_is(w, "form") || tok_is(w, "application")) {
			static const char *const sent[] = {
				"submitted", "sent", "filled", "completed", "submit", "send", "fill",
				"complete", "submitting", "sending", "filling", NULL,
			};
			static const char *const us[] = {
				"we", "i", "we've", "i've", "we'll", "i'll", "we're", "i'm", NULL,
			};
			static const char *const asks[] = {"please", "you", "could", "can", "would", NULL};

			for (int j = 0; j < n; j++) {
				bool by_us = false, asked = false;

				if (!tok_in(&t[j], sent) || !same_clause(t, n, j, k))
					continue;
				for (int i = j - 1; i >= 0 && !t[i + 1].brk; i--) {
					by_us |= tok_in(&t[i], us);
					asked |= tok_in(&t[i], asks);
				}
				if (by_us && !asked && !look_left(t, j).neg && !clause_negated_before(t, j))
					add_cue(sc, POL_RENEW, false, NULL);
				break;
			}
			continue;
		}
		if (tok_is(w, "continue") || tok_is(w, "continuing")) {
			static const char *const obj[] = {
				"using", "use", "with", "service", "services", "certificate", "cert", "ssl",
				"contract", "subscription", "renewal", "it", "plan", "hosting", NULL,
			};
			if (!right_empty(t, n, k) && !right_has(t, n, k, obj, 4))
				continue;
			l = look_left(t, k);
			if (l.neg)
				add_cue(sc, POL_DECLINE, false, NULL);
			else if (l.frame || (l.be && tok_is(w, "continuing")))
				add_cue(sc, POL_RENEW, false, NULL);
			continue;
		}
		if (tok_is(w, "proceed") || (tok_is(w, "ahead") && k > 0 && tok_is(&t[k - 1], "go"))) {
			static const char *const ok[] = {
				"with", "it", "the", "renewal", "process", "certificate", "cert", "ssl",
				"order", "our", "as", "usual", "planned", "please", "thanks", "thank", "you",
				"same", "before", "application", "request", "last", "year", "this", "renewing",
				"renew", "and", NULL,
			};
			if (!right_only(t, n, k, ok))
				continue;
			l = look_left(t, tok_is(w, "ahead") ? k - 1 : k);
			if (l.neg)
				add_cue(sc, POL_DECLINE, false, NULL);
			else if (l.frame || l.start || (k > 1 && tok_is(&t[k - 1], "may")))
				add_cue(sc, POL_RENEW, false, NULL);
			continue;
		}
		if (tok_is(w, "cancel") || tok_is(w, "cancellation") || tok_is(w, "cancelation") ||
		    tok_is(w, "cancelling") || tok_is(w, "canceling") || tok_is(w, "stop") ||
		    tok_is(w, "stopping")) {
			static const char *const obj[] = {
				"certificate", "cert", "ssl", "renewal", "order", "contract", "service",
				"subscription", "it", "this", "account", "plan", "please", NULL,
			};
			if (!right_empty(t, n, k) && !right_has(t, n, k, obj, 5))
				continue;
			if ((tok_is(w, "stop") || tok_is(w, "stopping")) && right_empty(t, n, k))
				continue;
			l = look_left(t, k);
			if (l.neg)
				add_cue(sc, POL_NEGATED, false, "denied decline");
			else if (l.frame || l.be || (l.start && !right_empty(t, n, k)))
				add_cue(sc, POL_DECLINE, false, NULL);
			continue;
		}
		if (tok_is(w, "pass") || tok_is(w, "skip") || tok_is(w, "skipping")) {
			static const char *const ok[] = {
				"this", "time", "on", "the", "renewal", "it", "for", "now", "year", "thanks",
				"thank", "you", "round", NULL,
			};
			l = look_left(t, k);
			if (!right_only(t, n, k, ok) || (tok_is(w, "pass") && !right_empty(t, n, k) &&
							 !right_has(t, n, k, ok, 1)))
				continue;
			if (l.neg)
				add_cue(sc, POL_NEGATED, false, "denied decline");
			else if (l.frame || l.be)
				add_cue(sc, POL_DECLINE, false, NULL);
			continue;
		}
		if (tok_is(w, "decline") || tok_is(w, "declining")) {
			l = look_left(t, k);
			if (!l.neg && (l.frame || clause_has(t, n, k, (const char *const[]){"we", "i", NULL})))
				add_cue(sc, POL_DECLINE, false, NULL);
			continue;
		}
		if (tok_is(w, "expire") || tok_is(w, "lapse")) {
			static const char *const let[] = {"let", "allow", "letting", "allowing", NULL};
			bool found = false;

			for (int i = k - 1; i >= 0 && i >= k - 6; i--) {
				if (tok_in(&t[i], let))
					found = true;
				if (t[i].brk)
					break;
			}
			if (found)
				add_cue(sc, clause_negated_before(t, k) ? POL_NEGATED : POL_DECLINE, false,
					NULL);
			continue;
		}
		if (tok_is(w, "need") || tok_is(w, "needed") || tok_is(w, "required") ||
		    tok_is(w, "necessary") || tok_is(w, "unnecessary") || tok_is(w, "require")) {
			bool neg = tok_is(w, "unnecessary");

			for (int i = k - 1; i >= 0 && i >= k - 3 && !neg; i--) {
				if (tok_negates(&t[i]))
					neg = true;
				if (t[i].brk)
					break;
			}
			if (!neg)
				continue;
			/* "no need to renew" is the renew anchor's */
			if (k + 2 < n && tok_is(&t[k + 1], "to"))
				continue;
			if (clause_has(t, n, k, EN_OBJECT)) {
				add_cue(sc, POL_DECLINE, false, NULL);
			} else {
				/* "Not needed, thanks." */
				static const char *const bare[] = {
					"not", "no", "longer", "needed", "required", "necessary", "unnecessary",
					"thanks", "thank", "you", "anymore", "any", "more", "is", "it's", "its",
					"really", NULL,
				};
				bool only = true;

				for (int i = 0; i < n && only; i++)
					only = tok_in(&t[i], bare);
				if (only)
					add_cue(sc, POL_DECLINE, true, NULL);
			}
			continue;
		}
		if (tok_is(w, "keep")) {
			static const char *const obj[] = {"it", "certificate", "cert", "ssl", "service", "using", NULL};

			l = look_left(t, k);
			if (!l.neg && l.frame && right_has(t, n, k, obj, 4))
				add_cue(sc, POL_RENEW, false, NULL);
			continue;
		}
		if (tok_is(w, "terminate") || tok_is(w, "terminating") || tok_is(w, "discontinue") ||
		    tok_is(w, "discontinuing") || tok_is(w, "closing") || tok_is(w, "closed") ||
		    tok_is(w, "close") || tok_is(w, "shutting") || tok_is(w, "decommission") ||
		    tok_is(w, "decommissioning") || tok_is(w, "retiring") || tok_is(w, "retire")) {
			static const char *const obj[] = {
				"site", "website", "domain", "service", "server", "business", "company",
				"certificate", "cert", "contract", "account", "shop", "store", "office", NULL,
			};
			if (clause_has(t, n, k, obj) && !clause_negated_before(t, k))
				add_cue(sc, POL_DECLINE, true, NULL);
			continue;
		}
	}
}

/* ---- per sentence: questions, conditions --------------------------------- */

static bool
has_letters(const char *s, const char *e)
{
	for (const char *p = s; p < e; p++)
		if (g_ascii_isalpha(*p))
			return true;
	return false;
}

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

/* Whether [s, e) (and its lowered twin) asks something: NULL when not, else
 * the marker. A polite request ("更新をお願いできますか", "could you please
 * renew") is not a question. */
static const char *
question_of(const char *s, const char *e, const char *ls)
{
	const char *b = s, *be = e;
	bool qmark = find_in(s, e, "?") != NULL;
	bool request = false;
	const char *m;
	struct tok t[4];
	int n;

	while (be > b) {
		const char *q = g_utf8_prev_char(be);
		gunichar c = g_utf8_get_char(q);

		if (c != '?' && c != '!' && c != '.' && c != ' ' && c != 0x3002 && c != 0x2026)
			break;
		be = q;
	}
	for (int i = 0; REQUEST_ENDINGS[i] && ends_with_lit(b, be, "か"); i++)
		if (ends_with_lit(b, be, REQUEST_ENDINGS[i])) {
			static const char *const contrast[] = {"が、", "けど", "けれど", "ですが", "ますが", NULL};

			be -= strlen(REQUEST_ENDINGS[i]);
			/* "更新したいのですが、見積もりを送ってもらえますか": asks for something else */
			if (find_any(b, be, contrast))
				return "request after a contrast";
			request = true;
			break;
		}
	n = has_letters(ls, ls + (e - s)) ? tokenize(ls, ls + (e - s), t, 4) : 0;
	if (n >= 2 && (tok_is(&t[0], "could") || tok_is(&t[0], "can") || tok_is(&t[0], "would") ||
		       tok_is(&t[0], "will")) && tok_is(&t[1], "you"))
		request = true;
	if ((m = find_any(b, be, QUESTION_JA)))
		return m;
	if (n > 0 && (m = find_any(ls, ls + (e - s), QUESTION_EN)))
		return m;
	if (!request) {
		if (qmark)
			return "?";
		if (ends_with_lit(b, be, "か") || ends_with_lit(b, be, "かな") ||
		    ends_with_lit(b, be, "かね"))
			return "か";
		if (n >= 1 && t[0].s == ls && tok_in(&t[0], EN_QSTART_WH))
			return "question word";
		if (n >= 2 && t[0].s == ls && tok_in(&t[0], EN_QSTART) && !t[1].brk &&
		    tok_in(&t[1], (const char *const[]){"we", "i", "it", "there", "this", "our", NULL}))
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

static const char *
condition_of(const char *s, const char *e, const char *ls)
{
	static const char *const phrases[] = {
		"as long as", "in case", "in the event", "after we", "after our", "once we", "until we",
		"before we", NULL,
	};
	struct tok t[MAX_TOKENS];
	int n;

	if (find_unless(s, e, COND_JA, COND_BENIGN))
		return "condition";
	if (!has_letters(ls, ls + (e - s)))
		return NULL;
	if (find_any(ls, ls + (e - s), phrases))
		return "condition";
	n = tokenize(ls, ls + (e - s), t, MAX_TOKENS);
	for (int k = 0; k < n; k++) {
		bool benign = false;

		if (!tok_in(&t[k], COND_EN))
			continue;
		for (int i = 0; COND_EN_BENIGN[i] && !benign; i++) {
			const char *q = t[k].s;
			size_t len = strlen(COND_EN_BENIGN[i]);

			if (tok_is(&t[k], "once") && k > 0 && tok_is(&t[k - 1], "at"))
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
	if (!find_any(from, p, LATER_WHEN))
		return false;
	l->found = LATER_CONTACT[idx];
	return true;
}

/* "来週ご連絡します", "正式には後日回答します": the answer is still to come. */
static const char *
later_contact(const char *buf, const char *e)
{
	struct later l = {buf, NULL};

	matcher_scan(matcher_of(LATER_CONTACT), buf, e, on_contact, &l);
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

	while (s > buf && s[-1] != '\n' && !ends_with_lit(buf, s, "。") && s[-1] != '.')
		s--;
	while (*e && *e != '\n' && !lit_at(e, e + 3, "。") && *e != '.')
		e++;
	return find_any(s, e, later) || find_any(low + (s - buf), low + (e - buf), later);
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

		if (match_at(p, h->e, HEDGE_JA_DONE, NULL) >= 0)
			return false;
		while (pe < h->e && *pe != '\n' && !lit_at(pe, h->e, "。"))
			pe++;
		if (find_any(p, pe, decided) || about_later(h->buf, h->low, p, pe))
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
static const char *
hedge_of(const char *buf, const char *low, size_t len)
{
	struct hedge_scan h = {buf, low, buf + len, G_N_ELEMENTS(HEDGE_JA) - 1, NULL};
	const char *later = later_contact(buf, buf + len);

	if (later)
		return later;
	matcher_scan(matcher_of(hedge_lits), low, low + len, on_hedge, &h);
	return h.found;
}

/* ---- one text -------------------------------------------------------------- */


/* Every anchor, found in the lowered text: 更新 and 継続, then D_ANCHORS. */
static const char *anchor_lits[2 + G_N_ELEMENTS(D_ANCHORS) + 1];

static bool
on_anchor(const char *p, guint idx, void *data)
{
	struct scan *sc = data;
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

static void
matchers_init(void)
{
	static gsize done;

	if (g_once_init_enter(&done)) {
		static const char *const *lists[] = {
			COND_JA, COND_BENIGN, NEGATION, NOT_NEGATION, QUESTION_JA, QUESTION_EN,
			TOPIC_CERT_WORDS, TOPIC_RENEWAL_WORDS, TOPIC_SUBSET_WORDS, TOPIC_COMM_WORDS,
			TOPIC_SERVICE_WORDS, ELSEWHERE, MOVE_VERBS, LATER_WHEN, LATER_CONTACT,
			PAST_CONTRAST, FORM_VERBS,
		};
		size_t n = 0;

		anchor_lits[0] = "更新";
		anchor_lits[1] = "継続";
		for (size_t i = 0; i < G_N_ELEMENTS(D_ANCHORS); i++)
			anchor_lits[2 + i] = D_ANCHORS[i].lit;
		for (size_t i = 0; HEDGE_JA[i]; i++)
			hedge_lits[n++] = HEDGE_JA[i];
		for (size_t i = 0; HEDGE_EN[i]; i++)
			hedge_lits[n++] = HEDGE_EN[i];
		hedge_lits[n] = NULL;
		for (size_t i = 0; i < G_N_ELEMENTS(lists); i++)
			matcher_add(lists[i]);
		matcher_add(anchor_lits);
		matcher_add(hedge_lits);
		g_once_init_leave(&done, 1);
	}
}

/* Cues of the sentence [ss, se). */
static void
read_sentence(struct scan *sc, size_t ss, size_t se)
{
	const char *s = sc->buf + ss, *e = sc->buf + se;
	const char *ls = sc->low + ss;
	int first = sc->ncues;
	const char *q = NULL, *c = NULL;

	sc->ss = ss;
	sc->se = se;
	sc->tok = -1;
	matcher_scan(matcher_of(anchor_lits), ls, ls + (e - s), on_anchor, sc);
	if (has_letters(ls, ls + (e - s)))
		english_cues(sc, ls, ls + (e - s));

	/* A decision asked about or made under a condition decides nothing. */
	for (int i = first; i < sc->ncues; i++) {
		struct cue *cu = &sc->cues[i];

		if (cu->pol != POL_RENEW && cu->pol != POL_DECLINE)
			continue;
		if (!q && !c) {
			q = question_of(s, e, ls);
			c = q ? NULL : condition_of(s, e, ls);
			if (!q && !c)
				break;
		}
		cu->pol = POL_UNSURE;
		cu->why = q ? "question" : "conditional";
	}
}

static void
read_text(struct scan *sc)
{
	size_t i = 0, start = 0;

	while (i <= sc->len) {
		const char *p = sc->buf + i;
		size_t step = 1, end;
		bool cut = false;

		if (i == sc->len || *p == '\n' || *p == ';') {
			end = i;
			cut = true;
		} else if (*p == '!' || *p == '?') {
			while (i + step < sc->len && (p[step] == '!' || p[step] == '?'))
				step++;
			end = i + step;
			cut = true;
		} else if (lit_at(p, sc->buf + sc->len, "。")) {
			step = strlen("。");
			end = i + step;
			cut = true;
		} else if (*p == '.' && (i + 1 == sc->len || p[1] == ' ' || p[1] == '\n' ||
					 (unsigned char)p[1] >= 0x80)) {
			end = i + 1;
			cut = true;
		}
		if (cut) {
			size_t s = start;

			while (s < end && sc->buf[s] == ' ')
				s++;
			if (end > s) {
				struct span sp = {s, end};

				g_array_append_val(sc->sentences, sp);
				read_sentence(sc, s, end);
			}
			start = i + step;
		}
		i += step;
		if (i > sc->len)
			break;
	}
}

/* Lowered ASCII copy of the buffer, same offsets. */
static char *
lower_twin(const char *buf, size_t len)
{
	char *low = g_malloc(len + 1);

	for (size_t i = 0; i < len; i++)
		low[i] = buf[i] >= 'A' && buf[i] <= 'Z' ? (char)(buf[i] + 32) : buf[i];
	low[len] = '\0';
	return low;
}

/* Whether the text holds characters NFKC would change in a way that matters
 * here: full-width and half-width forms, the ideographic space. */
static bool
needs_nfkc(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == 0xEF && (p[1] == 0xBC || p[1] == 0xBD || p[1] == 0xBE))
			return true;
		if (*p == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
			return true;
	}
	return false;
}

/* A decision said with a reservation ("更新したいのですが、...", "We'd like
 * to renew, but ...", or a next sentence opening with "ただ"/"However")
 * while the mail asks something: the answer may change the decision. */
static bool
reserved_with_question(const struct scan *sc)
{
	static const char *const opening[] = {
		"ただ", "但し", "しかし", "でも", "ですが", "とはいえ", "それとも", "あるいは", "もしくは",
		"または", "but", "however", "although", "though", "or ", NULL,
	};
	bool reserved = false, asked = false;

	for (int i = 0; i < sc->ncues && !reserved; i++)
		reserved = sc->cues[i].contrast &&
			   (sc->cues[i].pol == POL_RENEW || sc->cues[i].pol == POL_DECLINE);
	for (guint i = 1; i < sc->sentences->len && !reserved; i++) {
		const struct span *sp = &g_array_index(sc->sentences, struct span, i);

		reserved = match_at(sc->low + sp->s, sc->low + sp->e, opening, NULL) >= 0;
	}
	if (!reserved)
		return false;
	for (guint i = 0; i < sc->sentences->len && !asked; i++) {
		const struct span *sp = &g_array_index(sc->sentences, struct span, i);
		const char *s = sc->buf + sp->s, *e = sc->buf + sp->e;

		/* A request for something else asks too ("Can you offer a
		 * discount?"); the decision's own request ("お願いできますか") not. */
		if (!asked) {
			bool decides = false;

			for (int k = 0; k < sc->ncues && !decides; k++)
				decides = sc->cues[k].ss == sp->s;
			asked = question_of(s, e, sc->low + sp->s) ||
				(!decides && (find_in(s, e, "?") || ends_with_lit(s, e, "か") ||
					      ends_with_lit(s, e, "か。")));
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

static struct verdict
judge(const char *text, GPtrArray *reasons, const char *label)
{
	struct verdict v = {PARSE_INTENT_UNCLEAR, false, false};
	char *norm = NULL;
	GString *b;
	struct scan *sc;
	const char *hedge;
	int renew = 0, renew_weak = 0, decline = 0, decline_weak = 0, ack = 0;
	const struct cue *veto = NULL, *first_renew = NULL, *first_decline = NULL;
	const char *veto_text = NULL;
	char prefix[64];

	if (!g_utf8_validate(text, -1, NULL))
		text = norm = g_utf8_make_valid(text, -1);
	if (needs_nfkc(text)) {
		char *n = parse_text_nfkc(text, -1);

		g_free(norm);
		text = norm = n;
	}
	b = make_buffer(text);
	g_free(norm);
	sc = g_new0(struct scan, 1);
	sc->buf = b->str;
	sc->len = b->len;
	sc->low = lower_twin(b->str, b->len);
	sc->sentences = g_array_new(FALSE, FALSE, sizeof(struct span));
	read_text(sc);

	for (int i = 0; i < sc->ncues; i++) {
		const struct cue *c = &sc->cues[i];

		switch (c->pol) {
		case POL_RENEW:
			if (c->weak)
				renew_weak++;
			else
				renew++;
			if (!first_renew)
				first_renew = c;
			break;
		case POL_DECLINE:
			if (c->weak)
				decline_weak++;
			else
				decline++;
			if (!first_decline)
				first_decline = c;
			break;
		case POL_UNSURE:
		case POL_OTHER:
			if (!veto)
				veto = c;
			break;
		case POL_ACK:
			ack++;
			break;
		case POL_NEGATED:
			break;
		}
	}
	if (ack && !renew && !renew_weak && !decline && !decline_weak &&
	    (strstr(sc->buf, "お願いします") || strstr(sc->buf, "お願いいたします") ||
	     strstr(sc->buf, "お願い致します") || strstr(sc->buf, "お願い申し上げます"))) {
		renew_weak++;
		for (int i = 0; i < sc->ncues && !first_renew; i++)
			if (sc->cues[i].pol == POL_ACK)
				first_renew = &sc->cues[i];
	}
	g_snprintf(prefix, sizeof prefix, "unclear: %s", label);
	if (!veto && (renew || decline) && reserved_with_question(sc)) {
		v.vetoed = true;
		veto_text = "decision with a reservation and a question";
	}
	hedge = (renew || renew_weak || decline || decline_weak || veto)
			? hedge_of(sc->buf, sc->low, sc->len)
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
		const struct cue *c = v.intent == PARSE_INTENT_RENEW ? first_renew : first_decline;
		char *what = g_strdup_printf("%s%s", v.intent == PARSE_INTENT_RENEW ? "renew" : "decline",
					     *label ? ": subject" : "");

		push(reasons, reason_text(what, sc->buf + c->ss, c->se - c->ss));
		g_free(what);
	}
	g_free((char *)sc->low);
	g_array_free(sc->sentences, TRUE);
	g_free(sc);
	g_string_free(b, TRUE);
	return v;
}

/* The part of a subject the customer wrote: before any "Re:"/"Fwd:"; a
 * subject without one is all theirs. Caller g_free()s; NULL when nothing. */
static char *
own_subject(const char *subject)
{
	static const char *const prefixes[] = {
		"re:", "re[", "re(", "re ", "fw:", "fwd:", "fw ", "返信:", "転送:", "aw:", "sv:", "答复:",
		"回复:", NULL,
	};
	char *n = g_utf8_validate(subject, -1, NULL) ? g_strdup(subject)
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

enum parse_intent
parse_intent_detect(const char *own_text, const char *subject, GPtrArray *reasons)
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
		body = judge(own_text, said, "");
	/* The subject counts only when the body is silent or agrees: ours
	 * quoted back ("Re: ...") says nothing, so only the customer's own
	 * words in it are read. */
	if (!body.vetoed && subject) {
		char *own = own_subject(subject);

		if (own)
			subj = judge(own, titled, "subject: ");
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
