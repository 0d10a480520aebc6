/* Text bytes in the charsets a Japanese mailbox sees, to UTF-8, with a reason for every guess. */
#include <errno.h>
#include <string.h>

#include "parsers_priv.h"

/* Labels seen in mail, to the glibc iconv name that reads them best. */
static const struct {
	const char *label;
	const char *iconv;
} charset_aliases[] = {
	{ "utf-8", "UTF-8" }, { "utf8", "UTF-8" }, { "unicode-1-1-utf-8", "UTF-8" },
	{ "x-unicode20utf8", "UTF-8" },
	{ "us-ascii", "US-ASCII" }, { "ascii", "US-ASCII" }, { "ansi_x3.4-1968", "US-ASCII" },
	{ "iso646-us", "US-ASCII" }, { "csascii", "US-ASCII" },
	/* Japanese Windows writes CP932 and labels it Shift_JIS. */
	{ "shift_jis", "CP932" }, { "shift-jis", "CP932" }, { "x-sjis", "CP932" }, { "sjis", "CP932" },
	{ "s-jis", "CP932" }, { "ms_kanji", "CP932" }, { "csshiftjis", "CP932" },
	{ "windows-31j", "CP932" }, { "cswindows31j", "CP932" }, { "ms932", "CP932" },
	{ "cp932", "CP932" }, { "x-ms-cp932", "CP932" }, { "sjis-win", "CP932" },
	{ "sjis-open", "CP932" }, { "shift_jis-2004", "CP932" }, { "x-shift_jis", "CP932" },
	{ "euc-jp", "EUC-JP" }, { "x-euc-jp", "EUC-JP" }, { "eucjp", "EUC-JP" }, { "x-eucjp", "EUC-JP" },
	{ "ujis", "EUC-JP" }, { "cseucpkdfmtjapanese", "EUC-JP" },
	{ "euc-jp-ms", "EUC-JP-MS" }, { "eucjp-ms", "EUC-JP-MS" }, { "eucjp-win", "EUC-JP-MS" },
	{ "eucjp-open", "EUC-JP-MS" },
	{ "iso-2022-jp", "ISO-2022-JP" }, { "csiso2022jp", "ISO-2022-JP" }, { "iso2022jp", "ISO-2022-JP" },
	{ "jis", "ISO-2022-JP" }, { "cp50220", "ISO-2022-JP" }, { "cp50221", "ISO-2022-JP" },
	{ "cp50222", "ISO-2022-JP" }, { "iso-2022-jp-ms", "ISO-2022-JP" }, { "x-iso-2022-jp", "ISO-2022-JP" },
	{ "iso-2022-jp-1", "ISO-2022-JP-2" }, { "iso-2022-jp-2", "ISO-2022-JP-2" },
	{ "csiso2022jp2", "ISO-2022-JP-2" }, { "iso-2022-jp-3", "ISO-2022-JP-3" },
	/* As browsers do: Latin-1 labels are read as its Windows superset. */
	{ "iso-8859-1", "CP1252" }, { "iso8859-1", "CP1252" }, { "iso_8859-1", "CP1252" },
	{ "latin1", "CP1252" }, { "l1", "CP1252" }, { "windows-1252", "CP1252" }, { "cp1252", "CP1252" },
	{ "gb2312", "GB18030" }, { "gbk", "GB18030" }, { "x-gbk", "GB18030" }, { "cp936", "GB18030" },
	{ "euc-cn", "GB18030" }, { "csgb2312", "GB18030" }, { "gb18030", "GB18030" },
	{ "euc-kr", "CP949" }, { "ks_c_5601-1987", "CP949" }, { "ks_c_5601", "CP949" },
	{ "cp949", "CP949" }, { "windows-949", "CP949" }, { "big5", "BIG5" }, { "x-big5", "BIG5" },
};

/* Labels that name no charset: treated like a missing one. */
static const char *const charset_placeholders[] = {
	"unknown-8bit", "x-unknown", "unknown", "default", "none", "8bit", "7bit",
	"x-user-defined", "charset", NULL,
};

char *
parse_charset_normalize(const char *label)
{
	char *s, *result = NULL;

	if (!label)
		return NULL;
	s = g_strstrip(g_ascii_strdown(label, -1));
	/* Quotes that survived parameter parsing, and "utf-8;" style junk. */
	while (*s == '"' || *s == '\'') memmove(s, s + 1, strlen(s));
	s[strcspn(s, "\"'; \t\r\n")] = '\0';
	if (!*s)
		goto out;
	for (size_t i = 0; charset_placeholders[i]; i++)
		if (!strcmp(s, charset_placeholders[i]))
			goto out;
	for (size_t i = 0; i < G_N_ELEMENTS(charset_aliases); i++) {
		if (!strcmp(s, charset_aliases[i].label)) {
			result = g_strdup(charset_aliases[i].iconv);
			goto out;
		}
	}
	result = g_ascii_strup(s, -1);
out:
	g_free(s);
	return result;
}

/* ---- iconv ---------------------------------------------------------------- */

/* Charsets in which a NUL byte is part of a character, not a stray byte. */
static bool
charset_is_wide(const char *cs)
{
	return g_str_has_prefix(cs, "UTF-16") || g_str_has_prefix(cs, "UTF-32") ||
	       g_str_has_prefix(cs, "UTF16") || g_str_has_prefix(cs, "UTF32") ||
	       g_str_has_prefix(cs, "UCS-2") || g_str_has_prefix(cs, "UCS-4") ||
	       g_str_has_prefix(cs, "UCS2") || g_str_has_prefix(cs, "UCS4") ||
	       g_str_has_prefix(cs, "UNICODE");
}

/* Charsets in which pure 7-bit text without ESC, SO and SI is not ASCII. */
static bool
charset_ascii_compatible(const char *cs)
{
	return !charset_is_wide(cs) && !g_str_has_prefix(cs, "UTF-7") && !g_str_has_prefix(cs, "UTF7") &&
	       !g_str_has_prefix(cs, "HZ");
}

/* len bytes through cd (to UTF-8) appended to out. Strict (lenient false):
 * false on the first byte that does not convert. Lenient: each such byte
 * becomes U+FFFD, counted in *bad when bad is not NULL. */
static bool
iconv_append(GIConv cd, const char *data, size_t len, bool lenient, size_t *bad, GString *out)
{
	char buf[4096];
	gchar *in = (gchar *)data;
	gsize inleft = len;

	g_iconv(cd, NULL, NULL, NULL, NULL);
	while (inleft > 0) {
		gchar *o = buf;
		gsize oleft = sizeof buf;
		gsize before = inleft;
		gsize r = g_iconv(cd, &in, &inleft, &o, &oleft);
		int e = errno;

		g_string_append_len(out, buf, o - buf);
		if (r != (gsize)-1)
			continue;
		if (e == E2BIG && (o != buf || inleft != before))
			continue;
		if (!lenient || (e != EILSEQ && e != EINVAL && e != E2BIG))
			return false;
		/* One bad byte: replace it, start the converter afresh after it. */
		g_string_append(out, "\xEF\xBF\xBD");
		if (bad)
			(*bad)++;
		in++;
		inleft--;
		g_iconv(cd, NULL, NULL, NULL, NULL);
	}
	{
		gchar *o = buf;
		gsize oleft = sizeof buf;

		if (g_iconv(cd, NULL, NULL, &o, &oleft) != (gsize)-1)
			g_string_append_len(out, buf, o - buf);
	}
	return true;
}

/* glibc unloads a gconv module when its last descriptor closes and loads it
 * again (dlopen) on the next open: a tenth of the time of parsing Japanese
 * mail. One descriptor per common charset, open for the life of the
 * process and never used, keeps them loaded. */
static gpointer
charset_pin_modules(gpointer data)
{
	static const char *const names[] = { "CP932", "EUC-JP", "EUC-JP-MS", "ISO-2022-JP", "CP1252" };
	static GIConv pinned[G_N_ELEMENTS(names)];

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		pinned[i] = g_iconv_open("UTF-8", names[i]);
	return pinned;
}

/* Descriptors to UTF-8, one per charset name, kept open for the life of the
 * thread: g_iconv_open() looks the names up and sets up the conversion
 * steps each time, a cost paid per part and per header. iconv_append()
 * resets a descriptor before each use, so one serves every caller. */
#define ICONV_CACHE_SIZE 16

struct iconv_cache {
	char *name[ICONV_CACHE_SIZE];
	GIConv cd[ICONV_CACHE_SIZE];
	guint n;
};

static void
iconv_cache_free(gpointer data)
{
	struct iconv_cache *c = data;

	for (guint i = 0; i < c->n; i++) {
		g_iconv_close(c->cd[i]);
		g_free(c->name[i]);
	}
	g_free(c);
}

static GPrivate iconv_cache_key = G_PRIVATE_INIT(iconv_cache_free);

/* A descriptor from charset to UTF-8, or (GIConv)-1 when iconv lacks it.
 * *owned says the caller must g_iconv_close() it (the cache was full);
 * otherwise the cache keeps it. */
static GIConv
iconv_to_utf8(const char *charset, bool *owned)
{
	struct iconv_cache *c = g_private_get(&iconv_cache_key);
	GIConv cd;

	*owned = false;
	if (!c) {
		c = g_new0(struct iconv_cache, 1);
		g_private_set(&iconv_cache_key, c);
	}
	for (guint i = 0; i < c->n; i++)
		if (!strcmp(c->name[i], charset))
			return c->cd[i];
	cd = g_iconv_open("UTF-8", charset);
	if (cd == (GIConv)-1)
		return cd;
	if (c->n == ICONV_CACHE_SIZE) {
		*owned = true;
		return cd;
	}
	c->name[c->n] = g_strdup(charset);
	c->cd[c->n++] = cd;
	return cd;
}

static void
iconv_release(GIConv cd, bool owned)
{
	if (owned && cd != (GIConv)-1)
		g_iconv_close(cd);
}

/* len bytes from charset to UTF-8 with glibc's iconv, as iconv_append()
 * does. NULL on failure, and when iconv lacks charset (*missing set when
 * missing is not NULL). Output may hold NULs: *out_len. */
static char *
charset_iconv(const char *data, size_t len, const char *charset, bool lenient, size_t *bad,
	      bool *missing, size_t *out_len)
{
	GIConv cd;
	GString *out;
	bool ok, owned;

	static GOnce pin = G_ONCE_INIT;

	g_once(&pin, charset_pin_modules, NULL);
	if (missing)
		*missing = false;
	cd = iconv_to_utf8(charset, &owned);
	if (cd == (GIConv)-1) {
		if (missing)
			*missing = true;
		return NULL;
	}
	out = g_string_sized_new(len + len / 2 + 16);
	ok = iconv_append(cd, data, len, lenient, bad, out);
	iconv_release(cd, owned);
	if (!ok) {
		g_string_free(out, TRUE);
		return NULL;
	}
	if (out_len)
		*out_len = out->len;
	return g_string_free(out, FALSE);
}

/* ---- ISO-2022-JP as Windows writes it ----------------------------------- */

enum jis_set { JIS_ASCII, JIS_KANA, JIS_X0208, JIS_X0212, JIS_KEEP };

/* The designation at p (an ESC): its length and the set it selects, or 0. */
static size_t
jis_escape(const unsigned char *p, size_t left, enum jis_set *set)
{
	static const struct {
		const char *seq;
		enum jis_set set;
	} escapes[] = {
		{ "\033(B", JIS_ASCII }, { "\033(J", JIS_ASCII }, { "\033(H", JIS_ASCII },
		{ "\033(I", JIS_KANA },
		{ "\033$@", JIS_X0208 }, { "\033$B", JIS_X0208 }, { "\033$(@", JIS_X0208 },
		{ "\033$(B", JIS_X0208 },
		/* JIS X 0213 plane 1 is JIS X 0208 where the two overlap. */
		{ "\033$(O", JIS_X0208 }, { "\033$(Q", JIS_X0208 },
		{ "\033$(D", JIS_X0212 },
		{ "\033&@", JIS_KEEP }, /* JIS X 0208-1990 announcer before ESC $ B */
	};

	for (size_t i = 0; i < G_N_ELEMENTS(escapes); i++) {
		size_t n = strlen(escapes[i].seq);

		if (n <= left && !memcmp(p, escapes[i].seq, n)) {
			*set = escapes[i].set;
			return n;
		}
	}
	return 0;
}

/* Bytes gathered for one converter, so that each run is converted at once. */
struct jis_out {
	GString *out;
	GString *run;
	const char *run_charset; /* "CP932" or "EUC-JP" */
	GIConv cp932, eucjp;     /* opened on first use */
	bool cp932_owned, eucjp_owned;
	bool lenient;
	size_t bad;
	bool failed;
};

static void
jis_flush(struct jis_out *o)
{
	bool eucjp = !strcmp(o->run_charset, "EUC-JP");
	GIConv *cd = eucjp ? &o->eucjp : &o->cp932;
	bool *owned = eucjp ? &o->eucjp_owned : &o->cp932_owned;

	if (!o->run->len || o->failed)
		return;
	if (*cd == (GIConv)-1)
		*cd = iconv_to_utf8(o->run_charset, owned);
	if (*cd == (GIConv)-1 || !iconv_append(*cd, o->run->str, o->run->len, o->lenient, &o->bad, o->out))
		o->failed = true;
	g_string_truncate(o->run, 0);
}

static void
jis_put(struct jis_out *o, const char *charset, const unsigned char *bytes, size_t n)
{
	if (o->run_charset != charset)
		jis_flush(o);
	o->run_charset = charset;
	g_string_append_len(o->run, (const char *)bytes, n);
}

/* A byte that belongs nowhere: strict gives up, lenient writes U+FFFD. */
static void
jis_bad(struct jis_out *o)
{
	if (!o->lenient) {
		o->failed = true;
		return;
	}
	jis_flush(o);
	g_string_append(o->out, "\xEF\xBF\xBD");
	o->bad++;
}

/* JIS X 0208 row and cell (0x21-0x7E each) as the Shift_JIS pair that CP932
 * reads: CP932 also has the NEC special characters (row 13) and the
 * NEC-selected IBM extensions (rows 89-92) that CP50220 writes, which
 * EUC-JP-MS puts in its private-use area instead. */
static void
jis_to_sjis(unsigned char j1, unsigned char j2, unsigned char sj[2])
{
	sj[0] = (unsigned char)(((j1 + 1) >> 1) + (j1 <= 0x5E ? 0x70 : 0xB0));
	if (j1 & 1)
		sj[1] = (unsigned char)(j2 + (j2 >= 0x60 ? 0x20 : 0x1F));
	else
		sj[1] = (unsigned char)(j2 + 0x7E);
}

static char *
iso2022jp_decode(const char *data, size_t len, bool lenient, size_t *bad, size_t *out_len)
{
	const unsigned char *p = (const unsigned char *)data, *end = p + len;
	struct jis_out o = { g_string_sized_new(len * 2 + 16), g_string_sized_new(len + 16), "CP932",
			     (GIConv)-1, (GIConv)-1, false, false, lenient, 0, false };
	enum jis_set g0 = JIS_ASCII;
	bool shift_out = false;

	while (p < end && !o.failed) {
		unsigned char c = *p, b[3];
		enum jis_set set;
		size_t n;

		if (c == 0x1B) {
			n = jis_escape(p, end - p, &set);
			if (!n) {
				jis_bad(&o);
				p++;
				continue;
			}
			if (set != JIS_KEEP) {
				g0 = set;
				shift_out = false;
			}
			p += n;
			continue;
		}
		if (c == 0x0E || c == 0x0F) { /* SO / SI: half-width katakana in and out (CP50222) */
			shift_out = c == 0x0E;
			p++;
			continue;
		}
		if (c >= 0x80) {
			jis_bad(&o);
			p++;
			continue;
		}
		/* Controls and spaces pass in any set: line ends inside a
		 * two-byte run are common in broken mail. */
		if (c <= 0x20 || c == 0x7F) {
			jis_put(&o, o.run_charset, p, 1);
			p++;
			continue;
		}
		set = shift_out ? JIS_KANA : g0;
		switch (set) {
		case JIS_KANA:
			if (c > 0x5F) {
				jis_bad(&o);
				p++;
				break;
			}
			b[0] = c | 0x80;
			jis_put(&o, "CP932", b, 1);
			p++;
			break;
		case JIS_X0208:
		case JIS_X0212:
			if (end - p < 2 || p[1] < 0x21 || p[1] > 0x7E) {
				jis_bad(&o);
				p++;
				break;
			}
			if (set == JIS_X0208) {
				jis_to_sjis(p[0], p[1], b);
				jis_put(&o, "CP932", b, 2);
			} else {
				b[0] = 0x8F;
				b[1] = p[0] | 0x80;
				b[2] = p[1] | 0x80;
				jis_put(&o, "EUC-JP", b, 3);
			}
			p += 2;
			break;
		default:
			jis_put(&o, o.run_charset, p, 1);
			p++;
			break;
		}
	}
	jis_flush(&o);
	g_string_free(o.run, TRUE);
	iconv_release(o.cp932, o.cp932_owned);
	iconv_release(o.eucjp, o.eucjp_owned);
	if (bad)
		*bad += o.bad;
	if (o.failed) {
		g_string_free(o.out, TRUE);
		return NULL;
	}
	if (out_len)
		*out_len = o.out->len;
	return g_string_free(o.out, FALSE);
}

char *
parse_charset_iso2022jp_ms(const char *data, size_t len, size_t *out_len)
{
	return iso2022jp_decode(data, len, false, NULL, out_len);
}

/* Whether glibc's ISO-2022-JP reads data right: it knows only ESC ( B,
 * ESC ( J, ESC $ @ and ESC $ B, and copies any other escape, SO and SI
 * through as if they were text instead of failing. */
static bool
iso2022jp_plain(const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data, *end = p + len;

	for (; p < end; p++) {
		if (*p >= 0x80 || *p == 0x0E || *p == 0x0F)
			return false;
		if (*p == 0x1B) {
			if (end - p < 3 || !((p[1] == '(' && (p[2] == 'B' || p[2] == 'J')) ||
					     (p[1] == '$' && (p[2] == '@' || p[2] == 'B'))))
				return false;
			p += 2;
		}
	}
	return true;
}

/* Strict ISO-2022-JP: glibc when it can, else the Windows reading; *windows
 * says the latter was needed. */
static char *
iso2022jp_strict(const char *data, size_t len, const char *charset, bool *windows, size_t *out_len)
{
	char *text = NULL;

	*windows = false;
	if (iso2022jp_plain(data, len))
		text = charset_iconv(data, len, charset, false, NULL, NULL, out_len);
	if (!text && strcmp(charset, "ISO-2022-JP") != 0)
		text = charset_iconv(data, len, charset, false, NULL, NULL, out_len); /* -2, -3 */
	if (!text) {
		text = iso2022jp_decode(data, len, false, NULL, out_len);
		*windows = text != NULL;
	}
	return text;
}

/* ---- guessing ------------------------------------------------------------- */

/* How much decoded text looks like Japanese (or plain ASCII) rather than the
 * wrong charset: kana and kanji count for, half-width katakana (what EUC-JP
 * read as CP932 turns into), private-use and control characters and U+FFFD
 * count against. */
static long
text_score(const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	long score = 0;

	while (p < end) {
		gunichar c = g_utf8_get_char(p);

		if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x4E00 && c <= 0x9FFF) ||
		    (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF5E))
			score += 2;
		else if (c >= 0xFF61 && c <= 0xFF9F)
			score -= 1;
		else if ((c >= 0xE000 && c <= 0xF8FF) || (c >= 0x80 && c <= 0x9F) ||
			 (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f'))
			score -= 3;
		else if (c == 0xFFFD)
			score -= 5;
		p = g_utf8_next_char(p);
	}
	return score;
}

/* The charset that reads data without a bad byte: ISO-2022-JP (when data
 * has escapes), then UTF-8, then whichever of CP932 and EUC-JP-MS reads more
 * like Japanese (CP932 on a tie). NULL when none does; *name gets the
 * charset's name for a reason. */
static char *
charset_guess(const char *data, size_t len, const char **name, size_t *out_len)
{
	char *cp932, *eucjp;
	size_t cp932_len = 0, eucjp_len = 0;

	/* Escapes first: ISO-2022-JP is 7-bit, so it is valid UTF-8 as well. */
	if (memchr(data, 0x1B, len)) {
		bool windows;
		char *text = iso2022jp_strict(data, len, "ISO-2022-JP", &windows, out_len);

		if (text) {
			*name = windows ? "ISO-2022-JP (CP50220)" : "ISO-2022-JP";
			return text;
		}
	}
	if (g_utf8_validate_len(data, len, NULL)) {
		*name = "UTF-8";
		*out_len = len;
		return g_strndup(data, len);
	}
	cp932 = charset_iconv(data, len, "CP932", false, NULL, NULL, &cp932_len);
	eucjp = charset_iconv(data, len, "EUC-JP-MS", false, NULL, NULL, &eucjp_len);
	if (cp932 && eucjp) {
		if (text_score(eucjp, eucjp_len) > text_score(cp932, cp932_len)) {
			g_free(cp932);
			cp932 = NULL;
		} else {
			g_free(eucjp);
			eucjp = NULL;
		}
	}
	if (cp932) {
		*name = "CP932";
		*out_len = cp932_len;
		return cp932;
	}
	if (eucjp) {
		*name = "EUC-JP";
		*out_len = eucjp_len;
		return eucjp;
	}
	return NULL;
}

/* ---- decoding ------------------------------------------------------------- */

/* A label as it may appear in a reason: printable ASCII, not too long. */
static char *
label_shown(const char *label)
{
	GString *s = g_string_new(NULL);

	for (const char *p = label; *p && s->len < 40; p++)
		g_string_append_c(s, g_ascii_isprint(*p) && *p != '\'' ? *p : '?');
	return g_string_free(s, FALSE);
}

static void
add_reason(GPtrArray *reasons, char *reason)
{
	if (reasons)
		g_ptr_array_add(reasons, reason);
	else
		g_free(reason);
}

enum declared {
	DECLARED_OK,
	DECLARED_WINDOWS, /* ISO-2022-JP read the Windows way */
	DECLARED_EUCJP_MS, /* EUC-JP with Windows extensions */
	DECLARED_BAD,     /* the bytes are not in that charset */
	DECLARED_MISSING, /* iconv does not know the charset */
};

/* Strict decode in the declared charset cs (an iconv name), by the rules of
 * its family. NULL unless the result is DECLARED_OK or one of its variants. */
static char *
decode_declared(const char *data, size_t len, const char *cs, enum declared *how, size_t *out_len)
{
	char *text;
	bool missing = false, windows = false;

	*how = DECLARED_BAD;
	if (!strcmp(cs, "UTF-8")) {
		if (!g_utf8_validate_len(data, len, NULL))
			return NULL;
		*how = DECLARED_OK;
		*out_len = len;
		return g_strndup(data, len);
	}
	if (g_str_has_prefix(cs, "ISO-2022-JP")) {
		text = iso2022jp_strict(data, len, cs, &windows, out_len);
		if (text)
			*how = windows ? DECLARED_WINDOWS : DECLARED_OK;
		return text;
	}
	text = charset_iconv(data, len, cs, false, NULL, &missing, out_len);
	if (text) {
		*how = DECLARED_OK;
		return text;
	}
	if (missing) {
		*how = DECLARED_MISSING;
		return NULL;
	}
	if (!strcmp(cs, "EUC-JP")) {
		text = charset_iconv(data, len, "EUC-JP-MS", false, NULL, NULL, out_len);
		if (text)
			*how = DECLARED_EUCJP_MS;
	}
	return text;
}

/* Whether data is 7-bit with nothing that would shift an ISO-2022 decoder. */
static bool
is_plain_ascii(const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];

		if (c >= 0x80 || c == 0x1B || c == 0x0E || c == 0x0F)
			return false;
	}
	return true;
}

/* s (len bytes) without NUL bytes, in place; returns the new length. */
static size_t
drop_nuls(char *s, size_t len)
{
	size_t j = 0;

	for (size_t i = 0; i < len; i++)
		if (s[i])
			s[j++] = s[i];
	s[j] = '\0';
	return j;
}

char *
parse_charset_decode(const char *data, size_t len, const char *label, GPtrArray *reasons)
{
	char *cs = parse_charset_normalize(label);
	char *shown = label_shown(label ? label : "");
	char *copy = NULL, *text = NULL, *lenient = NULL;
	const char *in = data ? data : "", *guessed = NULL;
	size_t n = data ? len : 0, text_len = 0, lenient_len = 0;
	enum declared how = DECLARED_MISSING;

	/* A NUL in 8-bit text is a stray byte: text must not hold one. */
	if ((!cs || !charset_is_wide(cs)) && memchr(in, 0, n)) {
		copy = g_malloc(n + 1);
		memcpy(copy, in, n);
		n = drop_nuls(copy, n);
		in = copy;
		add_reason(reasons, g_strdup("NUL bytes removed from text"));
	}
	if ((!cs || !strcmp(cs, "UTF-8")) && n >= 3 && !memcmp(in, "\xEF\xBB\xBF", 3)) {
		in += 3;
		n -= 3;
	}
	if (is_plain_ascii(in, n) && (!cs || charset_ascii_compatible(cs))) {
		text = g_strndup(in, n);
		text_len = n;
		goto out;
	}
	if (cs) {
		text = decode_declared(in, n, cs, &how, &text_len);
		if (how == DECLARED_WINDOWS)
			add_reason(reasons, g_strdup("ISO-2022-JP with Windows extensions (CP50220) decoded"));
		else if (how == DECLARED_EUCJP_MS)
			add_reason(reasons, g_strdup("EUC-JP with Windows extensions decoded as EUC-JP-MS"));
		if (text)
			goto out;
	}
	text = charset_guess(in, n, &guessed, &text_len);
	if (how == DECLARED_BAD) {
		/* The declared charset with its bad bytes replaced, against the
		 * guess: one broken byte in a long UTF-8 text should not turn the
		 * whole text into CP932 mojibake. */
		if (g_str_has_prefix(cs, "ISO-2022-JP"))
			lenient = iso2022jp_decode(in, n, true, NULL, &lenient_len);
		else if (!strcmp(cs, "UTF-8"))
			lenient = g_utf8_make_valid(in, n);
		else
			lenient = charset_iconv(in, n, cs, true, NULL, NULL, &lenient_len);
		if (lenient && !strcmp(cs, "UTF-8"))
			lenient_len = strlen(lenient);
		if (text && (!lenient || text_score(text, text_len) > text_score(lenient, lenient_len))) {
			add_reason(reasons, g_strdup_printf("charset '%s' does not fit the bytes; decoded as %s",
							    shown, guessed));
		} else if (lenient) {
			g_free(text);
			text = lenient;
			text_len = lenient_len;
			lenient = NULL;
			add_reason(reasons, g_strdup_printf("charset '%s': invalid bytes replaced", shown));
		}
	} else if (text && cs) {
		add_reason(reasons, g_strdup_printf("unknown charset '%s'; decoded as %s", shown, guessed));
	} else if (text && strcmp(guessed, "UTF-8") != 0) {
		add_reason(reasons, g_strdup_printf("no charset; decoded as %s", guessed));
	}
	if (!text) {
		text = g_utf8_make_valid(in, n);
		text_len = strlen(text);
		if (how == DECLARED_BAD)
			add_reason(reasons, g_strdup_printf("charset '%s' does not fit the bytes; invalid bytes replaced",
							    shown));
		else if (cs)
			add_reason(reasons, g_strdup_printf("unknown charset '%s'; no charset fits, invalid bytes replaced",
							    shown));
		else
			add_reason(reasons, g_strdup("no charset; no charset fits, invalid bytes replaced"));
	}
out:
	if (memchr(text, 0, text_len))
		text_len = drop_nuls(text, text_len);
	if (text_len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		memmove(text, text + 3, text_len - 2);
	g_free(lenient);
	g_free(copy);
	g_free(shown);
	g_free(cs);
	return text;
}
